import ArgumentParser
import Foundation
import GalleyMarkdown
import GalleySite
import GalleySnippets

/// `galley check`: CI verification that every page still says what its code does.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every snippet and fail when a page no longer says what its code does.",
        discussion: """
            A snippet fails when it does not compile (or compiles while marked compile-fail), \
            exits with another status than its fence says, crashes unexpectedly, times out, or \
            prints something else than its output block. Broken internal links fail too. A \
            snippet without an output block is unverified: a warning, or an error with --strict. \
            So is a check that finds no page or no snippet to check. \
            Exit status: 0 when everything passes, 1 on failures, 2 on bad usage or configuration.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, github
    }

    @OptionGroup var content: ContentOptions
    @OptionGroup var snippets: SnippetOptions
    @OptionGroup var selection: SelectionOptions

    @Flag(name: .long, help: "Treat snippets without an output block, and a check that finds no snippet, as failures.")
    var strict = false

    @Option(name: .long, help: ArgumentHelp("Also write the verdicts as JUnit XML to this file.", valueName: "file"))
    var junit: String?

    @Option(name: .long, help: "How failures are printed: text, or github for GitHub Actions annotations.")
    var format: Format = .text

    @Option(name: .long, help: ArgumentHelp("Run only shard K of N (1-based), a stable share of the snippets.", valueName: "K/N"))
    var shard: String?

    @Flag(name: [.short, .long], help: "Print only failures and the final count.")
    var quiet = false

    @Flag(name: .long, help: "Print the slowest programs, with their compile and run times.")
    var timings = false

    @Flag(name: .long, help: "Say for every program whether its result came from the cache and, if not, why it ran.")
    var explain = false

    func validate() throws {
        _ = try parsedShard()
    }

    private func parsedShard() throws -> (index: Int, count: Int)? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else {
            throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N, as in --shard 2/4")
        }
        return (index, count)
    }

    func run() async throws {
        try await Interruption.exitOnSignal { try await perform() }
    }

    private func perform() async throws {
        var options = SiteCheck.Options(contentFolder: content.contentURL)
        if let jobs = content.jobs { options.jobs = jobs }
        options.readsCache = !snippets.noCache
        if snippets.noMerge { options.merge = false }
        options.sandbox = snippets.sandbox
        options.filter = selection.filter
        options.shard = try parsedShard()
        options.progress = Progress(quiet: quiet).callback
        let clock = ContinuousClock()
        let start = clock.now
        let report: SiteCheck.Report
        do {
            report = try await SiteCheck(options: options).run()
        } catch {
            Console.report(error.diagnostics)
            Console.out("0 passed, 0 failed, 0 skipped")
            throw ExitCode(error.exitStatus)
        }

        for verdict in report.verdicts where verdict.kind == .failed || verdict.kind == .unverified || verdict.kind == .galleyError {
            let isError = verdict.kind != .unverified || strict
            print(verdict: verdict, severity: isError ? "error" : "warning")
        }
        Console.report(report.pageWarnings)
        for slow in report.overBudget {
            let severity = strict ? "error" : "warning"
            if format == .github, let location = slow.location {
                Console.out(CheckFormats.githubAnnotation(severity: severity, path: location.path, line: location.line, message: slow.message))
            } else {
                Console.out("\(slow.location.map { "\($0): " } ?? "")\(severity): \(slow.message)")
            }
        }
        let budgetFailures = strict ? report.overBudget : []
        for link in report.brokenLinks {
            if format == .github, let location = link.location {
                Console.out(CheckFormats.githubAnnotation(severity: "error", path: location.path, line: location.line, message: link.message))
            } else {
                Console.out(link.description)
            }
        }
        if let junit {
            let xml = CheckFormats.junit(
                report.verdicts,
                extraFailures: report.brokenLinks.map { ($0.location?.description ?? "link", "links", $0.message) }
                    + budgetFailures.map { ($0.location?.description ?? "budget", "budget", $0.message) },
                strict: strict
            )
            do {
                try Data(xml.utf8).write(to: URL(filePath: junit), options: .atomic)
            } catch {
                Console.error("error: cannot write the JUnit report to \(junit): \(error.localizedDescription)")
                throw ExitCode(2)
            }
        }

        // A run that verified nothing must not look like a pass: a wrong --content or --filter
        // would otherwise turn CI green.
        let nothingChecked = nothingCheckedMessage(report)
        if let nothingChecked { Console.error("\(strict ? "error" : "warning"): \(nothingChecked)") }

        let unverified = report.count(.unverified)
        let failed = report.count(.failed) + (strict ? unverified : 0) + report.brokenLinks.count + budgetFailures.count
        let passed = report.count(.passed) + (strict ? 0 : unverified)
        if !quiet {
            var notes: [String] = []
            if unverified > 0 { notes.append("\(Console.count(unverified, "snippet")) unverified") }
            if !report.brokenLinks.isEmpty { notes.append("\(Console.count(report.brokenLinks.count, "broken link")) among the failures") }
            let galleyErrors = report.count(.galleyError)
            if galleyErrors > 0 { notes.append("\(Console.count(galleyErrors, "snippet")) not judged because Galley could not run them") }
            notes.append("ran \(report.run.summary) in \(Console.format(clock.now - start))")
            Console.error(notes.joined(separator: "; "))
        }
        if explain {
            for (program, explanation) in zip(report.programs, report.run.explanations) {
                Console.error("\(program.location): \(explanation == "from the cache" ? explanation : "ran: " + explanation)")
            }
        }
        if timings { printTimings(report) }
        Console.out("\(passed) passed, \(failed) failed, \(report.count(.skipped)) skipped")
        // Galley's own failures leave snippets unjudged: not a verdict on the pages.
        if report.count(.galleyError) > 0 { throw ExitCode(2) }
        if failed > 0 || (strict && nothingChecked != nil) { throw ExitCode.failure }
    }

    /// How many programs `--timings` lists.
    static let slowestShown = 10

    /// The slowest programs that ran (not those from the cache), compile and run time apiece;
    /// a merged program's compile time is its module's.
    private func printTimings(_ report: SiteCheck.Report) {
        let timed = zip(report.programs, report.run.runs).compactMap { program, run -> (SnippetLocation, Double, Double)? in
            guard !run.cached, let outcome = run.outcome else { return nil }
            return (program.location, outcome.compileSeconds, outcome.runSeconds)
        }
        guard !timed.isEmpty else {
            Console.error("timings: every program came from the cache")
            return
        }
        Console.error("slowest programs (compile, run; a merged program's compile time is its module's):")
        for (location, compile, run) in timed.sorted(by: { $0.1 + $0.2 > $1.1 + $1.2 }).prefix(Self.slowestShown) {
            Console.error("  \(location): compile \(String(format: "%.2f", compile)) s, run \(String(format: "%.2f", run)) s")
        }
    }

    /// What to say when the check found no page or no snippet to check, else `nil`.
    private func nothingCheckedMessage(_ report: SiteCheck.Report) -> String? {
        let filter = selection.filter
        if report.pagesChecked == 0 {
            if let filter { return "no page's path contains `\(filter)`, so nothing was checked; check --filter" }
            return "the content folder `\(content.contentPath)` has no pages, so nothing was checked; check --content"
        }
        let pages = Console.count(report.pagesChecked, "page") + (filter.map { " whose path contains `\($0)`" } ?? "")
        if report.snippetsFound > 0, shard == nil, report.verdicts.allSatisfy({ !$0.snippet.attributes.isCompiled }) {
            return "\(Console.count(report.snippetsFound, "snippet")) found in \(pages), none compiled (each is `ignore`, or `snippets.default: norun` without `run`), so no snippet was checked"
        }
        guard report.snippetsFound == 0 else { return nil }
        return "no snippets were found in \(pages), so no snippet was checked"
    }

    private func print(verdict: SnippetVerdict, severity: String) {
        let location = verdict.snippet.location
        let message = "snippet \(verdict.message)"
        if format == .github {
            let details = verdict.details.isEmpty ? "" : "\n" + verdict.details
            Console.out(CheckFormats.githubAnnotation(severity: severity, path: location.path, line: location.line, message: message + details))
            return
        }
        Console.out("\(location): \(severity): \(message)")
        if !verdict.details.isEmpty {
            Console.out(verdict.details.hasSuffix("\n") ? String(verdict.details.dropLast()) : verdict.details)
        }
    }
}
