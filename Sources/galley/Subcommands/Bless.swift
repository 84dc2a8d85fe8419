import ArgumentParser
import Foundation
import GalleySite

/// `galley bless`: writes each snippet's actual output into its page.
struct Bless: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write what each snippet prints into its output block, adding the block where it is missing.",
        discussion: """
            Only the text inside output blocks changes (or a new block after a snippet); every \
            other byte of each page stays as it is, and pages are written atomically. Snippets \
            that do not compile, time out or crash unexpectedly are not blessed and are listed.
            """
    )

    @OptionGroup var content: ContentOptions
    @OptionGroup var snippets: SnippetOptions
    @OptionGroup var selection: SelectionOptions

    func run() async throws {
        try await Interruption.exitOnSignal { try await perform() }
    }

    private func perform() async throws {
        var bless = SiteBless(contentFolder: content.contentURL)
        if let jobs = content.jobs { bless.jobs = jobs }
        bless.readsCache = !snippets.noCache
        if snippets.noMerge { bless.merge = false }
        bless.filter = selection.filter
        bless.progress = Progress(quiet: false).callback
        do {
            let report = try await bless.run()
            Console.report(report.refused)
            for location in report.updated { Console.out("\(location): blessed") }
            Console.out(
                "Blessed \(Console.count(report.updated.count, "output block")) in \(Console.count(report.pagesWritten.count, "page")); \(report.refused.count) refused."
            )
            if !report.refused.isEmpty { throw ExitCode.failure }
        } catch let failure as BuildFailure {
            Console.report(failure.diagnostics)
            throw ExitCode(2)
        }
    }
}
