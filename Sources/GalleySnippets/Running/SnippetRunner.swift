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

    /// A program's outcome and whether it came from the cache.
    public struct Run: Sendable, Hashable {
        /// What happened.
        public var outcome: ProgramOutcome
        /// `true` when nothing was compiled for it.
        public var cached: Bool
    }

    /// Runs every program and returns their runs in the same order.
    ///
    /// One program that fails, hangs or crashes never stops the others: it ends at its
    /// timeout and is reported like any other outcome.
    ///
    /// - Parameter progress: Called after each program with the number done and the total.
    public func run(
        _ programs: [SnippetProgram], progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async throws(SnippetRunnerError) -> [Run] {
        guard !programs.isEmpty else { return [] }
        let compilerVersion = try await Self.compilerVersion(settings.compiler)
        let cache = settings.cacheFolder.map(ResultCache.init(folder:))
        let keys = programs.map { ResultCache.key(for: $0, compilerVersion: compilerVersion, settings: settings) }
        if let moduleCache = settings.moduleCacheFolder {
            try? FileManager.default.createDirectory(at: moduleCache, withIntermediateDirectories: true)
        }

        var runs = [Run?](repeating: nil, count: programs.count)
        var pending: [Int] = []
        for index in programs.indices {
            if settings.readsCache, let outcome = cache?.outcome(for: keys[index]) {
                runs[index] = Run(outcome: outcome, cached: true)
            } else {
                pending.append(index)
            }
        }
        var done = programs.count - pending.count
        progress?(done, programs.count)

        let runner = ProgramRunner(settings: settings)
        await withTaskGroup(of: (Int, ProgramOutcome).self) { group in
            var next = pending.makeIterator()
            func startNext() {
                guard let index = next.next() else { return }
                let program = programs[index]
                group.addTask { (index, await runner.run(program)) }
            }
            for _ in 0..<max(1, settings.jobs) { startNext() }
            while let (index, outcome) = await group.next() {
                startNext()
                runs[index] = Run(outcome: outcome, cached: false)
                if case .timedOut = outcome.termination {
                    // A timeout may come from a busy machine; it is run again next time.
                } else if Task.isCancelled {
                    // A program stopped because its run was cancelled (a newer edit in
                    // `galley serve`) says nothing about the program.
                } else {
                    cache?.store(outcome, for: keys[index])
                }
                done += 1
                progress?(done, programs.count)
            }
        }
        return runs.map { $0! }
    }

    /// The cached run of each program, `nil` for those that would have to be compiled.
    ///
    /// Nothing is compiled, so a preview can show what is already known at once.
    /// - Parameter compilerVersion: What ``compilerVersion(_:)`` returned for this compiler.
    public func cachedRuns(_ programs: [SnippetProgram], compilerVersion: String) -> [Run?] {
        guard settings.readsCache, let cache = settings.cacheFolder.map(ResultCache.init(folder:)) else {
            return programs.map { _ in nil }
        }
        return programs.map { program in
            cache.outcome(for: ResultCache.key(for: program, compilerVersion: compilerVersion, settings: settings))
                .map { Run(outcome: $0, cached: true) }
        }
    }

    /// What `swiftc --version` prints, part of every cache key.
    public static func compilerVersion(_ compiler: String) async throws(SnippetRunnerError) -> String {
        do {
            let executable: Executable = compiler.contains("/") ? .path(FilePath(compiler)) : .name(compiler)
            let result = try await Subprocess.run(
                executable, arguments: ["--version"], output: .string(limit: 64 * 1024), error: .string(limit: 64 * 1024)
            )
            guard result.terminationStatus == .exited(0) else {
                throw SnippetRunnerError("`\(compiler) --version` failed: \(result.standardError)")
            }
            return result.standardOutput + result.standardError
        } catch let error as SnippetRunnerError {
            throw error
        } catch {
            throw SnippetRunnerError(
                "cannot run the Swift compiler `\(compiler)`: \(error); install a Swift toolchain and put swiftc on PATH"
            )
        }
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
