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
                let warnings = report.warnings.isEmpty ? "" : ", \(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s")"
                print(
                    "Built \(report.summary.pagesWritten) pages and copied \(report.summary.filesCopied) files into \(site.output) in \(Console.format(report.duration))\(warnings)."
                )
            }
        } catch {
            Console.report(error.diagnostics)
            Console.error("Build failed with \(error.diagnostics.count) error\(error.diagnostics.count == 1 ? "" : "s"); \(site.output) was left as it was.")
            throw ExitCode.failure
        }
    }
}
