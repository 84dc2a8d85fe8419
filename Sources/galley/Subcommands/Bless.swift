import ArgumentParser
import Foundation
import GalleySite
import GalleySnippets

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

    @Argument(help: ArgumentHelp("Bless only the snippet at this place: a page and a line of its block.", valueName: "path:line"))
    var place: String?

    @Flag(name: .long, help: "Only rewrite the output blocks of snippets whose check fails; add no new block.")
    var failing = false

    @Flag(name: .long, help: "Print the changes bless would make, as unified diffs, and change nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Write output without running each program a second time to see that it prints the same.")
    var noStabilityCheck = false

    func validate() throws {
        _ = try parsedPlace()
    }

    private func parsedPlace() throws -> SnippetLocation? {
        guard let place else { return nil }
        guard let colon = place.lastIndex(of: ":"), let line = Int(place[place.index(after: colon)...]), line >= 1,
            colon != place.startIndex
        else {
            throw ValidationError("give the snippet as path:line, as in content/guide/callbacks.md:42")
        }
        return SnippetLocation(path: String(place[..<colon]), line: line)
    }

    func run() async throws {
        try await Interruption.exitOnSignal { try await perform() }
    }

    private func perform() async throws {
        var bless = SiteBless(contentFolder: content.contentURL)
        if let jobs = content.jobs { bless.jobs = jobs }
        bless.readsCache = !snippets.noCache
        if snippets.noMerge { bless.merge = false }
        bless.sandbox = snippets.sandbox
        bless.filter = selection.filter
        bless.failingOnly = failing
        bless.dryRun = dryRun
        bless.checksStability = !noStabilityCheck
        bless.only = try parsedPlace()
        bless.progress = Progress(quiet: false).callback
        do {
            let report = try await bless.run()
            Console.report(report.refused)
            Console.error("ran \(report.runSummary)")
            if dryRun {
                for diff in report.diffs { Console.out(diff.hasSuffix("\n") ? String(diff.dropLast()) : diff) }
                Console.out(
                    "Would bless \(Console.count(report.updated.count, "output block")) in \(Console.count(report.pagesWritten.count, "page")); \(report.refused.count) refused; nothing was written."
                )
                if !report.refused.isEmpty { throw ExitCode.failure }
                return
            }
            for location in report.updated { Console.out("\(location): blessed") }
            Console.out(
                "Blessed \(Console.count(report.updated.count, "output block")) in \(Console.count(report.pagesWritten.count, "page")); \(report.refused.count) refused."
            )
            if !report.refused.isEmpty { throw ExitCode.failure }
        } catch let failure as BuildFailure {
            Console.report(failure.diagnostics)
            throw ExitCode(failure.exitStatus)
        }
    }
}
