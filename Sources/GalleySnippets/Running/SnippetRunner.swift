internal import Foundation
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
        guard !programs.isEmpty else { return [] }
        let compiler = try await Self.compilerIdentity(settings.compiler)
        let cache = settings.cacheFolder.map(ResultCache.init(folder:))
        let keys = programs.map { ResultCache.key(for: $0, compiler: compiler, settings: settings) }
        if let moduleCache = settings.moduleCacheFolder {
            try? FileManager.default.createDirectory(at: moduleCache, withIntermediateDirectories: true)
        }

        var runs = [Run?](repeating: nil, count: programs.count)
        var pending: [Int] = []
        for index in programs.indices {
            if settings.readsCache, let outcome = cache?.outcome(for: keys[index], of: programs[index]) {
                runs[index] = Run(result: .success(outcome), cached: true)
            } else {
                pending.append(index)
            }
        }
        var done = programs.count - pending.count
        progress?(done, programs.count)

        let runner = ProgramRunner(settings: settings, compiler: compiler)
        await withTaskGroup(of: (Int, Result<ProgramOutcome, GalleyFailure>).self) { group in
            var next = pending.makeIterator()
            func startNext() {
                guard !Task.isCancelled, let index = next.next() else { return }
                let program = programs[index]
                group.addTask {
                    do throws(GalleyFailure) {
                        return (index, .success(try await runner.run(program)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            for _ in 0..<max(1, settings.jobs) { startNext() }
            while let (index, result) = await group.next() {
                startNext()
                runs[index] = Run(result: result, cached: false)
                if case .success(let outcome) = result, Self.isCacheable(outcome), !Task.isCancelled {
                    cache?.store(outcome, for: keys[index])
                }
                done += 1
                progress?(done, programs.count)
            }
        }
        let cancelled = GalleyFailure(.cancelled, "the run was cancelled before this program ran")
        return runs.map { $0 ?? Run(result: .failure(cancelled), cached: false) }
    }

    /// Whether an outcome says something about the program itself: a timeout may come from a
    /// busy machine, so it is tried again next time.
    static func isCacheable(_ outcome: ProgramOutcome) -> Bool {
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
    public static func compilerIdentity(_ compiler: String) async throws(SnippetRunnerError) -> CompilerIdentity {
        guard let path = resolve(compiler) else {
            throw SnippetRunnerError(
                "cannot find the Swift compiler `\(compiler)` on PATH; install a Swift toolchain and put swiftc on PATH"
            )
        }
        // The driver makes a temporary folder even for --version: keep it in one of ours.
        let folder: WorkFolder
        do throws(GalleyFailure) {
            folder = try WorkFolder()
        } catch {
            throw SnippetRunnerError("\(error)")
        }
        defer { folder.remove() }
        do {
            let result = try await Subprocess.run(
                .path(FilePath(path)), arguments: ["--version"], environment: .inherit.updating(["TMPDIR": folder.url.path]),
                output: .string(limit: 64 * 1024), error: .string(limit: 64 * 1024)
            )
            guard result.terminationStatus == .exited(0) else {
                throw SnippetRunnerError("`\(path) --version` failed: \(result.standardError)")
            }
            return CompilerIdentity(path: path, version: result.standardOutput + result.standardError)
        } catch let error as SnippetRunnerError {
            throw error
        } catch {
            throw SnippetRunnerError(
                "cannot run the Swift compiler `\(path)`: \(error); install a Swift toolchain and put swiftc on PATH"
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
public struct SnippetRunnerError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and what to do.
    public var message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
