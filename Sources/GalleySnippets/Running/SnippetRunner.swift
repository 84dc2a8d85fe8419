public import Foundation
internal import Subprocess
internal import SystemPackage

/// Runs programs concurrently, at most ``RunnerSettings/jobs`` at once, answering from the
/// cache where it can.
public struct SnippetRunner: Sendable {
    /// How programs are compiled and run.
    public var settings: RunnerSettings

    /// Creates a runner.
    public init(settings: RunnerSettings) {
        self.settings = settings
    }

    /// A program's outcome, or why Galley could not get one, and whether it came from the cache.
    public struct Run: Sendable, Hashable {
        /// What happened, or Galley's own failure.
        public var result: Result<ProgramOutcome, GalleyFailure>
        /// `true` when nothing was compiled for it.
        public var cached: Bool

        /// Creates a run.
        public init(result: Result<ProgramOutcome, GalleyFailure>, cached: Bool) {
            self.result = result
            self.cached = cached
        }

        /// The outcome, when Galley got one.
        public var outcome: ProgramOutcome? { try? result.get() }
    }

    /// What a run did, program by program, and how the programs were compiled.
    public struct Report: Sendable {
        /// One run per program, in the order given.
        public var runs: [Run]
        /// Programs compiled in a merged module and run from it.
        public var merged = 0
        /// Merged modules compiled.
        public var batches = 0
        /// Programs compiled alone.
        public var alone = 0
        /// Of those, programs taken out of a merged module that did not compile.
        public var splitOut = 0

        /// For each program, why it was compiled and run (`new`, `its source changed`, …) or
        /// `from the cache`.
        public var explanations: [String] = []

        /// Programs answered from the cache.
        public var cached: Int { runs.count { $0.cached } }

        /// `82 programs (9 from the cache, 58 merged in 5 modules, 15 alone, 2 of them split out)`.
        public var summary: String {
            func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
            var parts: [String] = []
            if cached > 0 { parts.append(cached == runs.count ? "all from the cache" : "\(cached) from the cache") }
            if merged > 0 { parts.append("\(merged) merged in \(count(batches, "module"))") }
            if alone > 0 { parts.append("\(alone) alone" + (splitOut > 0 ? ", \(splitOut) of them split out" : "")) }
            let failed = runs.count { if case .failure = $0.result { true } else { false } }
            if failed > 0 { parts.append("\(failed) not run") }
            return count(runs.count, "program") + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
        }
    }

    /// Runs every program and returns their runs in the same order.
    ///
    /// One program that fails, hangs or crashes never stops the others: it ends at its
    /// timeout and is reported like any other outcome. Galley's own failures (see
    /// ``GalleyFailure``), timeouts and runs cut short by cancellation are never cached.
    /// Cancelling the calling task stops every compiler and program at once; the call then
    /// returns, with the programs it did not finish marked ``GalleyFailure/Code-swift.enum/cancelled``.
    ///
    /// - Parameter progress: Called after each program with the number done and the total.
    public func run(
        _ programs: [SnippetProgram], progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async throws(SnippetRunnerError) -> [Run] {
        try await runReporting(programs, progress: progress).runs
    }

    /// ``run(_:progress:)``, and how the programs were compiled.
    ///
    /// Programs the cache cannot answer are planned (see ``CompilePlan``): those that can be
    /// merged are compiled several to one module by one `swiftc` call and linked once, the
    /// others alone. Each program still runs in its own process. When a merged module does
    /// not compile, the programs its errors name are compiled alone, so their diagnostics are
    /// exactly those of a program compiled alone, and the others are compiled again; errors
    /// that name no program split the module in halves. No program's result depends on which
    /// others shared its module.
    public func runReporting(
        _ programs: [SnippetProgram], progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async throws(SnippetRunnerError) -> Report {
        guard !programs.isEmpty else { return Report(runs: []) }
        if settings.sandbox != nil, let reason = SnippetSandbox.unavailability() { throw SnippetRunnerError(.sandboxUnavailable, reason) }
        let compiler = try await Self.compilerIdentity(settings.compiler, rememberedIn: settings.cacheFolder?.deletingLastPathComponent())
        let cache = settings.cacheFolder.map(ResultCache.init(folder:))
        let lookups = await Self.lookUp(programs, compiler: compiler, settings: settings, in: settings.readsCache ? cache : nil)
        let keys = lookups.map(\.key)
        if let moduleCache = settings.moduleCacheFolder {
            try? FileManager.default.createDirectory(at: moduleCache, withIntermediateDirectories: true)
        }

        var history = RunHistory(cacheFolder: settings.cacheFolder)
        // What each program that runs is made of, for the history: only those that run need it.
        var entries: [Int: RunHistory.Entry] = [:]
        var explanations = [String](repeating: "from the cache", count: programs.count)
        var runs = [Run?](repeating: nil, count: programs.count)
        var pending: [Int] = []
        for index in programs.indices {
            if let outcome = lookups[index].outcome {
                runs[index] = Run(result: .success(outcome), cached: true)
            } else {
                pending.append(index)
                let entry = RunHistory.entry(for: programs[index], key: keys[index], compiler: compiler, settings: settings)
                entries[index] = entry
                explanations[index] = settings.readsCache ? history.reason(for: RunHistory.name(of: programs[index]), now: entry) : "--no-cache"
            }
        }
        var done = programs.count - pending.count
        progress?(done, programs.count)

        let analyses: [Int: MergeAnalysis] =
            settings.merge ? Dictionary(uniqueKeysWithValues: pending.map { ($0, MergeAnalysis(programs[$0])) }) : [:]
        let plan = CompilePlan(
            programs: programs, pending: pending, analyses: analyses, jobs: settings.jobs, maximumBatchSize: settings.maximumBatchSize
        )
        var report = Report(runs: [])
        let runner = ProgramRunner(settings: settings, compiler: compiler)

        var queue = JobQueue()
        for batch in plan.batches { queue.add(.compileBatch(batch)) }
        for index in plan.alone { queue.add(.alone(index, splitOut: false)) }
        // A merged executable stays until every program in it has run.
        var executables: [Int: (folder: WorkFolder, remaining: Int)] = [:]
        var nextExecutable = 0

        await withTaskGroup(of: JobResult.self) { group in
            var running = 0
            func launch() {
                while running < max(1, settings.jobs), !Task.isCancelled, let job = queue.next() {
                    running += 1
                    let executable = nextExecutable
                    if case .compileBatch = job { nextExecutable += 1 }
                    group.addTask { await Self.perform(job, executable: executable, programs: programs, analyses: analyses, runner: runner) }
                }
            }
            launch()
            while let result = await group.next() {
                running -= 1
                switch result {
                case .compiled(let executable, let members, let batch, let folder, let compilation):
                    report.batches += 1
                    executables[executable] = (folder, members.count)
                    for (position, member) in members.enumerated() {
                        queue.add(.runMerged(member, batch: batch, position: position, executable: executable, folder: folder, compilation: compilation))
                    }
                case .batchFailed(let members, let named, let failure):
                    if let failure, failure.code == .cancelled {
                        for index in members { runs[index] = Run(result: .failure(failure), cached: false) }
                        done += members.count
                        progress?(done, programs.count)
                        break
                    }
                    for part in Self.split(members, named: named) {
                        if part.count > 1 {
                            queue.add(.compileBatch(part))
                        } else {
                            queue.add(.alone(part[0], splitOut: true))
                        }
                    }
                case .finished(let index, let result, let how):
                    runs[index] = Run(result: result, cached: false)
                    if case .success(let outcome) = result, Self.isCacheable(outcome), !Task.isCancelled {
                        cache?.store(outcome, for: keys[index])
                    }
                    switch how {
                    case .merged(let executable):
                        report.merged += 1
                        executables[executable]!.remaining -= 1
                        if executables[executable]!.remaining == 0 {
                            executables[executable]!.folder.remove()
                            executables[executable] = nil
                        }
                    case .alone(let splitOut):
                        report.alone += 1
                        if splitOut { report.splitOut += 1 }
                    }
                    done += 1
                    progress?(done, programs.count)
                }
                launch()
            }
        }
        for (_, executable) in executables { executable.folder.remove() }
        let cancelled = GalleyFailure(.cancelled, "the run was cancelled before this program ran")
        report.runs = runs.map { $0 ?? Run(result: .failure(cancelled), cached: false) }
        report.explanations = explanations
        for (index, run) in report.runs.enumerated() where !run.cached {
            guard var entry = entries[index] else { continue }
            switch run.result {
            case .success(let outcome): entry.timedOut = !Self.isCacheable(outcome)
            case .failure(let failure):
                if failure.code == .cancelled { continue }
                entry.galleyFailed = true
            }
            history.record(RunHistory.name(of: programs[index]), entry)
        }
        if !pending.isEmpty { history.save() }
        return report
    }

    /// Each program's cache key and, from `cache`, its stored outcome, moved to its lines now.
    ///
    /// Looked up on `settings.jobs` tasks: hashing and decoding hundreds of entries is most of
    /// a warm check.
    private static func lookUp(
        _ programs: [SnippetProgram], compiler: CompilerIdentity, settings: RunnerSettings, in cache: ResultCache?
    ) async -> [(key: String, outcome: ProgramOutcome?)] {
        let chunk = max(16, (programs.count + max(1, settings.jobs) - 1) / max(1, settings.jobs))
        let starts = Array(stride(from: 0, to: programs.count, by: chunk))
        return await withTaskGroup(of: (Int, [(key: String, outcome: ProgramOutcome?)]).self) { group in
            for start in starts {
                group.addTask {
                    let found = programs[start..<min(start + chunk, programs.count)].map { program in
                        let key = ResultCache.key(for: program, compiler: compiler, settings: settings)
                        return (key: key, outcome: cache?.outcome(for: key, of: program))
                    }
                    return (start, found)
                }
            }
            var parts: [Int: [(key: String, outcome: ProgramOutcome?)]] = [:]
            for await (start, found) in group { parts[start] = found }
            return starts.flatMap { parts[$0] ?? [] }
        }
    }

    /// The parts a failed batch is compiled again as: each program an error named alone, the
    /// others together; halves when no error named a program.
    static func split(_ members: [Int], named: Set<Int>?) -> [[Int]] {
        guard members.count > 1 else { return [members] }
        if let named, !named.isEmpty {
            let rest = members.indices.filter { !named.contains($0) }.map { members[$0] }
            return named.sorted().map { [members[$0]] } + (rest.isEmpty ? [] : [rest])
        }
        let half = members.count / 2
        return [Array(members[..<half]), Array(members[half...])]
    }

    // MARK: - Jobs

    private enum Job: Sendable {
        case compileBatch([Int])
        case alone(Int, splitOut: Bool)
        case runMerged(Int, batch: MergedBatch, position: Int, executable: Int, folder: WorkFolder, compilation: ProgramRunner.Compilation)
    }

    private enum JobResult: Sendable {
        enum How: Sendable {
            case merged(executable: Int)
            case alone(splitOut: Bool)
        }
        case compiled(executable: Int, members: [Int], MergedBatch, WorkFolder, ProgramRunner.Compilation)
        /// A batch that did not compile: the positions of the members its errors named (`nil`
        /// when they named none), or Galley's failure to compile it.
        case batchFailed([Int], named: Set<Int>?, GalleyFailure?)
        case finished(Int, Result<ProgramOutcome, GalleyFailure>, How)
    }

    /// Runs of merged programs go first, so executables are freed and results come early;
    /// then compilations, largest first.
    private struct JobQueue {
        private var runs: [Job] = []
        private var compilations: [Job] = []

        mutating func add(_ job: Job) {
            if case .runMerged = job { runs.append(job) } else { compilations.append(job) }
        }

        mutating func next() -> Job? {
            if !runs.isEmpty { return runs.removeFirst() }
            if !compilations.isEmpty { return compilations.removeFirst() }
            return nil
        }
    }

    private static func perform(
        _ job: Job, executable: Int, programs: [SnippetProgram], analyses: [Int: MergeAnalysis], runner: ProgramRunner
    ) async -> JobResult {
        switch job {
        case .alone(let index, let splitOut):
            do throws(GalleyFailure) {
                return .finished(index, .success(try await runner.run(programs[index])), .alone(splitOut: splitOut))
            } catch {
                return .finished(index, .failure(error), .alone(splitOut: splitOut))
            }
        case .compileBatch(let members):
            let batch = MergedBatch(members: members.map { (programs[$0], analyses[$0]!) })
            let folder: WorkFolder
            do throws(GalleyFailure) {
                folder = try WorkFolder()
            } catch {
                return .batchFailed(members, named: nil, error)
            }
            do throws(GalleyFailure) {
                let pages = Set(members.map { programs[$0].sourceFile })
                let compilation = try await runner.compile(
                    batch.files, into: folder.url.appending(path: "main"), in: folder, pages: pages.union(members.indices.map(MergedBatch.fileName)),
                    programFlags: programs[members[0]].compilerFlags, extraFlags: ["-wmo", "-enable-upcoming-feature", "MemberImportVisibility"]
                )
                guard compilation.succeeded else {
                    folder.remove()
                    return .batchFailed(members, named: batch.membersNamed(inErrors: compilation.diagnostics), nil)
                }
                return .compiled(executable: executable, members: members, batch, folder, compilation)
            } catch {
                folder.remove()
                return .batchFailed(members, named: nil, error)
            }
        case .runMerged(let index, let batch, let position, let executable, let folder, let compilation):
            var own = compilation
            own.diagnostics = batch.diagnostics(of: position, in: compilation.diagnostics)
            do throws(GalleyFailure) {
                let outcome = try await runner.finish(
                    programs[index], compilation: own, binary: folder.url.appending(path: "main"), selector: MergedBatch.selector(position)
                )
                return .finished(index, .success(outcome), .merged(executable: executable))
            } catch {
                return .finished(index, .failure(error), .merged(executable: executable))
            }
        }
    }

    /// Whether an outcome says something about the program itself: a timeout may come from a
    /// busy machine, so it is tried again next time.
    public static func isCacheable(_ outcome: ProgramOutcome) -> Bool {
        if case .timedOut = outcome.termination { return false }
        return true
    }

    /// The cached run of each program, `nil` for those that would have to be compiled.
    ///
    /// Nothing is compiled, so a preview can show what is already known at once.
    /// - Parameter compiler: What ``compilerIdentity(_:)`` returned for this compiler.
    public func cachedRuns(_ programs: [SnippetProgram], compiler: CompilerIdentity) -> [Run?] {
        guard settings.readsCache, let cache = settings.cacheFolder.map(ResultCache.init(folder:)) else {
            return programs.map { _ in nil }
        }
        return programs.map { program in
            cache.outcome(for: ResultCache.key(for: program, compiler: compiler, settings: settings), of: program)
                .map { Run(result: .success($0), cached: true) }
        }
    }

    /// The compiler's absolute path and what `swiftc --version` prints, part of every cache key.
    ///
    /// - Parameter folder: Where the answer is kept (`.galley/compiler.json`) with the size and
    ///   time of the file the compiler's path leads to: while that file is the same, the
    ///   compiler is not asked again, which is a tenth of a second of every warm check.
    public static func compilerIdentity(_ compiler: String, rememberedIn folder: URL? = nil) async throws(SnippetRunnerError) -> CompilerIdentity {
        guard let path = resolve(compiler) else {
            throw SnippetRunnerError(
                .compilerNotFound, "cannot find the Swift compiler `\(compiler)` on PATH; install a Swift toolchain and put swiftc on PATH"
            )
        }
        let memory = folder?.appending(path: "compiler.json")
        let stamp = Self.stamp(of: path)
        if let memory, let stamp, let data = FileManager.default.contents(atPath: memory.path),
            let remembered = try? JSONDecoder().decode(RememberedCompiler.self, from: data), remembered.path == path,
            remembered.stamp == stamp
        {
            return CompilerIdentity(path: path, version: remembered.version)
        }
        let identity = try await askVersion(path)
        if let memory, let stamp, let data = try? JSONEncoder().encode(RememberedCompiler(path: path, stamp: stamp, version: identity.version)) {
            try? FileManager.default.createDirectory(at: memory.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? data.write(to: memory, options: .atomic)
        }
        return identity
    }

    /// What is kept of a compiler between runs.
    private struct RememberedCompiler: Codable {
        var path: String
        var stamp: String
        var version: String
    }

    /// The file `path` leads to, its size and modification time: what changes when a toolchain does.
    private static func stamp(of path: String) -> String? {
        let target = URL(filePath: path).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: target),
            let size = attributes[.size] as? NSNumber, let date = attributes[.modificationDate] as? Date
        else { return nil }
        return "\(target) \(size) \(date.timeIntervalSince1970)"
    }

    private static func askVersion(_ path: String) async throws(SnippetRunnerError) -> CompilerIdentity {
        // The driver makes a temporary folder even for --version: keep it in one of ours.
        let folder: WorkFolder
        do throws(GalleyFailure) {
            folder = try WorkFolder()
        } catch {
            throw SnippetRunnerError(.temporaryFiles, error.message, underlying: error.underlying)
        }
        defer { folder.remove() }
        do {
            let result = try await Subprocess.run(
                .path(FilePath(path)), arguments: ["--version"], environment: .inherit.updating(["TMPDIR": folder.url.path]),
                output: .string(limit: 64 * 1024), error: .string(limit: 64 * 1024)
            )
            guard result.terminationStatus == .exited(0) else {
                throw SnippetRunnerError(.compilerNotRunnable, "`\(path) --version` failed; check the toolchain", underlying: result.standardError)
            }
            return CompilerIdentity(path: path, version: result.standardOutput + result.standardError)
        } catch let error as SnippetRunnerError {
            throw error
        } catch {
            throw SnippetRunnerError(
                .compilerNotRunnable, "cannot run the Swift compiler `\(path)`; install a Swift toolchain and put swiftc on PATH",
                underlying: "\(error)"
            )
        }
    }

    /// `compiler` as an absolute path: itself when it has a `/`, else the first match on `PATH`.
    private static func resolve(_ compiler: String) -> String? {
        if compiler.contains("/") {
            return URL(filePath: compiler, relativeTo: URL(filePath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(filePath: String(folder)).appending(path: compiler).standardizedFileURL.path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// The runner itself cannot work: no compiler, for instance.
///
/// Like ``GalleyFailure``, a code to match on, a message for the user and the underlying
/// cause when there is one.
public struct SnippetRunnerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure it is.
    public enum Code: String, Sendable, Hashable {
        /// No Swift compiler at the configured name or path.
        case compilerNotFound
        /// The compiler was found but could not be run, or `--version` failed.
        case compilerNotRunnable
        /// A temporary folder could not be made.
        case temporaryFiles
        /// `snippets.sandbox` is on but the sandbox cannot work on this machine.
        case sandboxUnavailable
    }

    /// What kind of failure it is.
    public var code: Code
    /// What is wrong and what to do.
    public var message: String
    /// The system's or the library's own account of the cause, when there is one.
    public var underlying: String?

    init(_ code: Code, _ message: String, underlying: String? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        underlying.map { "\(message) (\($0.trimmingCharacters(in: .whitespacesAndNewlines)))" } ?? message
    }
}
