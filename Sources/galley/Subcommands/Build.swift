import ArgumentParser
import Foundation
import GalleySite

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

    @OptionGroup var site: SiteOptions

    @Flag(name: [.short, .long], help: "Print only warnings and errors, not the summary.")
    var quiet = false

    func run() async throws {
        var options = SiteBuilder.Options(
            contentFolder: site.contentURL, templatesFolder: site.templatesURL, outputFolder: site.outputURL
        )
        options.baseURL = site.baseURL
        options.includeDrafts = site.drafts
        if let jobs = site.jobs { options.jobs = jobs }
        do {
            let report = try await SiteBuilder(options: options).build()
            Console.report(report.warnings)
            if !quiet {
                let warnings = report.warnings.isEmpty ? "" : ", " + Console.count(report.warnings.count, "warning")
                let pages = Console.count(report.summary.pagesWritten, "page")
                let files = Console.count(report.summary.filesCopied, "file")
                print("Built \(pages) and copied \(files) into \(site.output) in \(Console.format(report.duration))\(warnings).")
            }
        } catch {
            Console.report(error.diagnostics)
            Console.error("Build failed with \(Console.count(error.diagnostics.count, "error")); \(site.output) was left as it was.")
            throw ExitCode.failure
        }
    }
}
