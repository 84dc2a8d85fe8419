public import Foundation
public import GalleySnippets
internal import GalleyMarkdown

/// The one way build, check, bless and the preview run a site's snippets: the runner's
/// settings, made once per command from `site.yml` and the command line, and the steps from
/// programs to results (cache, plan, compile, run).
///
/// Each command parses a page once and hands its programs here; the results come back in
/// the order of the programs, and are joined to the blocks of that same parse.
public struct SnippetPipeline: Sendable {
    /// What the command line changes for one run.
    public struct Overrides: Sendable {
        /// Programs compiled or run at once.
        public var jobs = ProcessInfo.processInfo.activeProcessorCount
        /// Reuse cached results (`--no-cache` turns it off).
        public var readsCache = true
        /// Overrides `snippets.merge` when set (`--no-merge`).
        public var merge: Bool?
        /// Overrides `snippets.sandbox` when set (`--[no-]sandbox`).
        public var sandbox: Bool?

        /// No change to `site.yml`.
        public init() {}

        /// The command line's choices; `nil` leaves `site.yml`'s.
        public init(jobs: Int, readsCache: Bool, merge: Bool?, sandbox: Bool?) {
            self.jobs = jobs
            self.readsCache = readsCache
            self.merge = merge
            self.sandbox = sandbox
        }
    }

    /// How the programs are compiled and run.
    public var settings: RunnerSettings

    /// The settings of `site.yml`'s `snippets:` with `overrides`, keeping caches in `.galley/`
    /// beside `contentFolder`.
    public init(configuration: SiteConfiguration.SnippetSettings, contentFolder: URL, overrides: Overrides = Overrides()) {
        settings = RunnerSettings(configuration: configuration, contentFolder: contentFolder)
        settings.jobs = overrides.jobs
        settings.readsCache = overrides.readsCache
        if let merge = overrides.merge { settings.merge = merge }
        if let sandbox = overrides.sandbox { settings.sandbox = sandbox ? SnippetSandbox.hiding(contentFolder) : nil }
    }

    /// Runs `programs`; the report's runs are in their order.
    ///
    /// - Throws: ``BuildFailure`` (cause `.galley`) when the runner cannot work at all: no compiler.
    public func run(_ programs: [SnippetProgram], progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) async throws(BuildFailure) -> SnippetRunner.Report {
        do {
            return try await SnippetRunner(settings: settings).runReporting(programs, progress: progress)
        } catch {
            throw BuildFailure([.error(at: nil, error.description)], cause: .galley)
        }
    }

    /// ``run(_:progress:)``, failing also when Galley could not compile or run some program
    /// (a full disk, a compiler killed): a build must not show such a page.
    func runRequiringAll(_ programs: [SnippetProgram], progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?) async throws(BuildFailure) -> SnippetRunner.Report {
        let report = try await run(programs, progress: progress)
        let failures = Diagnostic.galleyFailures(of: programs, report.runs)
        guard failures.isEmpty else { throw BuildFailure(failures, cause: .galley) }
        return report
    }

    /// The results the cache holds for `programs`, without compiling anything.
    func cachedRuns(_ programs: [SnippetProgram], compiler: CompilerIdentity) -> [SnippetRunner.Run?] {
        SnippetRunner(settings: settings).cachedRuns(programs, compiler: compiler)
    }

    /// What `program` is to the cache: its code, flags and settings under `compiler`.
    func key(for program: SnippetProgram, compiler: CompilerIdentity) -> String {
        ResultCache.key(for: program, compiler: compiler, settings: settings)
    }
}

extension Diagnostic {
    /// One error for each program Galley could not compile or run, at its first snippet.
    static func galleyFailures(of programs: [SnippetProgram], _ runs: [SnippetRunner.Run]) -> [Diagnostic] {
        zip(programs, runs).compactMap { program, run in
            guard case .failure(let failure) = run.result else { return nil }
            return .error(
                at: SourceLocation(path: program.location.path, line: program.location.line),
                "Galley could not run this snippet: \(failure); it is not the snippet's fault, and it is tried again next time"
            )
        }
    }
}
