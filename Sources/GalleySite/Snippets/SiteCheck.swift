public import Foundation
public import GalleySnippets
internal import GalleyMarkdown

/// `galley check`: runs the site's snippets and judges each against its page, and checks that
/// every internal link resolves.
public struct SiteCheck: Sendable {
    /// What to check and how.
    public struct Options: Sendable {
        /// The Markdown and `site.yml`.
        public var contentFolder: URL
        /// Programs compiled or run at once.
        public var jobs = ProcessInfo.processInfo.activeProcessorCount
        /// Reuse cached results.
        public var readsCache = true
        /// Only pages whose path contains this text.
        public var filter: String?
        /// Only the programs of shard `index` (1-based) of `count`.
        public var shard: (index: Int, count: Int)?
        /// Overrides `snippets.merge` of `site.yml` when set.
        public var merge: Bool?
        /// Overrides `snippets.sandbox` of `site.yml` when set.
        public var sandbox: Bool?
        /// Told how many programs are done, out of how many.
        public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

        /// Options for `contentFolder`.
        public init(contentFolder: URL) {
            self.contentFolder = contentFolder
        }
    }

    /// What the check found.
    public struct Report: Sendable {
        /// One verdict per selected snippet, in page order.
        public var verdicts: [SnippetVerdict]
        /// Internal links that do not resolve.
        public var brokenLinks: [Diagnostic]
        /// What the pages themselves warn of (a block shown without highlighting): not failures.
        public var pageWarnings: [Diagnostic] = []
        /// How the programs were run: from the cache, merged, alone.
        public var run: SnippetRunner.Report
        /// The programs run, in the order of ``SnippetRunner/Report/runs``.
        public var programs: [SnippetProgram] = []
        /// Pages looked at: every page of the content folder, or those the filter selects.
        public var pagesChecked = 0
        /// Snippets on those pages, in every shard; none means nothing was verified.
        public var snippetsFound = 0
        /// Programs that ran longer than `snippets.budget`, each a warning at the program
        /// (an error with `--strict`).
        public var overBudget: [Diagnostic] = []

        /// Verdicts of one kind.
        public func count(_ kind: SnippetVerdict.Kind) -> Int {
            verdicts.count { $0.kind == kind }
        }
    }

    /// The options of this check.
    public var options: Options

    /// Creates a check.
    public init(options: Options) {
        self.options = options
    }

    /// Runs the check.
    ///
    /// - Throws: ``BuildFailure`` when the site cannot be read or the compiler cannot be run:
    ///   problems of configuration, not of snippets.
    public func run() async throws(BuildFailure) -> Report {
        let displayFolder = SiteBuilder.displayPath(options.contentFolder)
        // One read of the site: its pages are parsed once, their selected programs run, and
        // the pages rendered from that parse for the link check.
        var loader = SiteLoader(contentFolder: options.contentFolder, displayContentFolder: displayFolder)
        loader.includeDrafts = true
        loader.jobs = options.jobs
        loader.makesHTML = false
        var pass = SiteLoader.SnippetPass()
        pass.overrides = .init(jobs: options.jobs, readsCache: options.readsCache, merge: options.merge, sandbox: options.sandbox)
        pass.progress = options.progress
        pass.selects = { [self] in isSelected($0) }
        pass.requiresEveryRun = false
        let loaded = try await loader.load(runningSnippets: pass)
        let (snippets, run) = (loaded.snippets, loaded.run)
        let configuration = snippets.configuration

        let programs = snippets.programs.filter(isSelected)
        let results = SnippetResults(programs: programs, runs: run.runs)

        // A session's time belongs to it once, on its first reported block.
        let timedBlocks = Set(programs.map { [$0.reportedSnippets.first!.sourcePath, String($0.reportedSnippets.first!.blockIndex)] })
        var verdicts: [SnippetVerdict] = []
        for page in snippets.pages where matchesFilter(page.displayPath) {
            for snippet in page.snippets {
                let result = results.result(sourcePath: snippet.sourcePath, blockIndex: snippet.blockIndex)
                // In a shard, snippets of other shards are left to them; `ignore` ones go to the first.
                if result == nil, snippet.attributes.isCompiled, options.shard != nil { continue }
                if !snippet.attributes.isCompiled, let shard = options.shard, shard.index != 1 { continue }
                var verdict = SnippetVerdict(snippet: snippet, result: result, filters: configuration.snippets.filters)
                if !timedBlocks.contains([snippet.sourcePath, String(snippet.blockIndex)]) { verdict.seconds = 0 }
                verdicts.append(verdict)
            }
        }
        var overBudget: [Diagnostic] = []
        if let budget = configuration.snippets.budget {
            for (program, run) in zip(programs, run.runs) {
                guard let outcome = run.outcome, outcome.runSeconds > budget else { continue }
                let when = run.cached ? " when it last ran (its result is cached)" : ""
                overBudget.append(
                    .warning(
                        at: SourceLocation(path: program.location.path, line: program.location.line),
                        "program ran for \(String(format: "%.2f", outcome.runSeconds)) s\(when), more than the \(Self.format(budget)) s of `snippets.budget`; make it faster, or raise the budget in site.yml"
                    )
                )
            }
        }

        // Links: the first shard reports them.
        var brokenLinks: [Diagnostic] = []
        var pageWarnings: [Diagnostic] = []
        if options.shard.map({ $0.index == 1 }) ?? true {
            let site = loaded.site
            let ownWarnings = Set(site.pages.flatMap(\.warnings))
            let selected = site.warnings.filter { matchesFilter($0.location?.path ?? "") }
            pageWarnings = selected.filter(ownWarnings.contains)
            brokenLinks = selected.filter { !ownWarnings.contains($0) }.map { Diagnostic(.error, at: $0.location, $0.message) }
        }
        return Report(
            verdicts: verdicts, brokenLinks: brokenLinks, pageWarnings: pageWarnings, run: run, programs: programs,
            pagesChecked: snippets.pagePaths.count { matchesFilter($0) },
            snippetsFound: snippets.pages.filter { matchesFilter($0.displayPath) }.reduce(0) { $0 + $1.snippets.count },
            overBudget: overBudget
        )
    }

    private func matchesFilter(_ path: String) -> Bool {
        guard let filter = options.filter else { return true }
        return path.contains(filter)
    }

    private func isSelected(_ program: SnippetProgram) -> Bool {
        guard matchesFilter(program.location.path) else { return false }
        guard let shard = options.shard else { return true }
        return Int(Self.stableHash(program.snippets[0].sourcePath + "#" + String(program.snippets[0].blockIndex)) % UInt64(shard.count))
            == shard.index - 1
    }

    /// FNV-1a: the same on every machine and every run, unlike `Hasher`.
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }

    /// `2`, not `2.0`; `0.5` as it is.
    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
