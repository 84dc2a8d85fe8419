import ArgumentParser
import Foundation
import GalleySite
import GalleySnippets

/// `galley build`: the static site.
struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site into the output folder.",
        discussion: """
            Every content/**/*.md becomes a page at a clean URL (guide/callbacks.md → \
            guide/callbacks/index.html); other files under content/ and templates/assets/ are \
            copied. The site is written beside the output folder and swapped in only when \
            complete, so a failed build leaves the previous site as it was.
            """
    )

    @OptionGroup var content: ContentOptions
    @OptionGroup var render: RenderOptions
    @OptionGroup var site: SiteOptions
    @OptionGroup var snippets: SnippetOptions

    @Flag(name: .long, help: "Do not compile or run snippets; pages show the output they expect.")
    var noRun = false

    @Flag(name: [.short, .long], help: "Print only warnings and errors, not the summary.")
    var quiet = false

    func run() async throws {
        try await Interruption.exitOnSignal { try await perform() }
    }

    private func perform() async throws {
        var options = SiteBuilder.Options(
            contentFolder: content.contentURL, templatesFolder: render.templatesURL, outputFolder: site.outputURL
        )
        options.baseURL = site.baseURL
        options.includeDrafts = render.drafts
        if let jobs = content.jobs { options.jobs = jobs }
        options.runSnippets = !noRun
        options.readsSnippetCache = !snippets.noCache
        if snippets.noMerge { options.merge = false }
        options.sandbox = snippets.sandbox
        options.progress = Progress(quiet: quiet).callback
        do {
            let report = try await SiteBuilder(options: options).build()
            Console.report(report.warnings)
            if !quiet {
                let warnings = report.warnings.isEmpty ? "" : ", " + Console.count(report.warnings.count, "warning")
                let pages = Console.count(report.summary.pagesWritten, "page")
                let files = Console.count(report.summary.filesCopied, "file")
                let ran = report.snippetRun.flatMap { $0.runs.isEmpty ? nil : ", ran \($0.summary)" } ?? ""
                print("Built \(pages)\(content.impliedContentNote) and copied \(files) into \(site.output)\(ran) in \(Console.format(report.duration))\(warnings).")
            }
        } catch {
            Console.report(error.diagnostics)
            Console.error("Build failed with \(Console.count(error.diagnostics.count, "error")); \(site.output) was left as it was.")
            throw ExitCode(error.exitStatus)
        }
    }
}
