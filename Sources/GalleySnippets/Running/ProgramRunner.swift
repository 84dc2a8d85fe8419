internal import Foundation
internal import Subprocess
internal import SystemPackage

#if canImport(Glibc)
internal import Glibc
#endif

/// Compiles and runs one program in a folder of its own: `swiftc`, then the binary with
/// standard input at end of file, a clean environment, a timeout that kills its whole process
/// group, capped output and a memory limit.
struct ProgramRunner: Sendable {
    let settings: RunnerSettings

    /// Compiles and, when its mode asks, runs `program`. Never throws: every failure of the
    /// program is part of its outcome.
    func run(_ program: SnippetProgram) async -> ProgramOutcome {
        let folder = FileManager.default.temporaryDirectory.appending(
            path: "galley-snippet-\(UUID().uuidString)", directoryHint: .isDirectory
        )
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let work = folder.appending(path: "work", directoryHint: .isDirectory)
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            let sourceFile = folder.appending(path: "main.swift")
            try Data(program.source.utf8).write(to: sourceFile)
            let binary = folder.appending(path: "main")

            let compilation = try await compile(sourceFile, into: binary, in: folder)
            let diagnostics = compilation.output.text.replacingOccurrences(of: folder.path + "/", with: "")
            guard compilation.succeeded else {
                return ProgramOutcome(termination: .compileFailed, compilerOutput: diagnostics)
            }
            guard program.mode == .run || program.mode == .crash else {
                return ProgramOutcome(termination: .compiled, compilerOutput: diagnostics)
            }
            var outcome = try await execute(binary, in: work, timeout: program.timeout ?? settings.defaultTimeout)
            outcome.compilerOutput = diagnostics
            return outcome
        } catch {
            return ProgramOutcome(
                termination: .compileFailed,
                compilerOutput: "galley: could not compile or run the snippet: \(error)\n"
            )
        }
    }

    private func compile(_ source: URL, into binary: URL, in folder: URL) async throws -> (succeeded: Bool, output: CapturedOutput) {
        var arguments = ["-module-name", "main"]
        if let moduleCache = settings.moduleCacheFolder {
            arguments += ["-module-cache-path", moduleCache.path]
        }
        arguments += settings.compilerFlags + [source.path, "-o", binary.path]
        let executable: Executable =
            settings.compiler.contains("/") ? .path(FilePath(settings.compiler)) : .name(settings.compiler)
        let run = try await capture(
            executable, arguments: arguments, environment: .inherit, workingDirectory: folder,
            timeout: settings.compileTimeout
        )
        // The compiler's diagnostics go to standard error; keep whatever it printed, in order.
        let text = run.standardOutput.text + run.standardError.text
        let succeeded = run.timedOut == nil && run.status == .exited(0)
        let output = run.timedOut.map { CapturedOutput(text: text + "galley: the compiler took more than \(Int($0)) s and was stopped\n") }
        return (succeeded, output ?? CapturedOutput(text: text))
    }

    private func execute(_ binary: URL, in work: URL, timeout: Double) async throws -> ProgramOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        // The shell sets the memory limit for the program alone, and stdbuf makes its standard
        // output line-buffered, so what it printed before a crash is not lost in a buffer.
        let script = """
            ulimit -v \(settings.memoryLimitMiB * 1024) 2>/dev/null
            if command -v stdbuf >/dev/null 2>&1; then exec stdbuf -oL "$0"; else exec "$0"; fi
            """
        let environment: [Environment.Key: String] = [
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": work.path,
            "TMPDIR": work.path,
            "LANG": "C.UTF-8",
        ]
        let run = try await capture(
            .path("/bin/sh"), arguments: ["-c", script, binary.path], environment: .custom(environment),
            workingDirectory: work, timeout: timeout
        )
        let seconds = (clock.now - start).seconds
        let termination: ProgramOutcome.Termination =
            if let limit = run.timedOut {
                .timedOut(seconds: limit)
            } else {
                switch run.status {
                case .exited(let code): .exited(code)
                case .signaled(let signal): .signalled(signal)
                }
            }
        return ProgramOutcome(
            termination: termination, standardOutput: run.standardOutput, standardError: run.standardError,
            runSeconds: seconds
        )
    }

    private struct CapturedRun {
        var status: TerminationStatus
        var standardOutput: CapturedOutput
        var standardError: CapturedOutput
        var timedOut: Double?
    }

    private enum StreamEvent {
        case standardOutput(CapturedOutput)
        case standardError(CapturedOutput)
        case timedOut
        case killed
    }

    /// Runs a process in a session of its own, draining both streams at once, and kills its
    /// whole process group (TERM, then KILL) once `timeout` seconds have passed.
    private func capture(
        _ executable: Executable, arguments: [String], environment: Environment, workingDirectory: URL, timeout: Double
    ) async throws -> CapturedRun {
        var options = PlatformOptions()
        options.createSession = true
        let limit = settings.outputLimit
        let result = try await Subprocess.run(
            executable, arguments: Arguments(arguments), environment: environment,
            workingDirectory: FilePath(workingDirectory.path), platformOptions: options,
            input: .none, output: .sequence, error: .sequence
        ) { execution in
            try await withThrowingTaskGroup(of: StreamEvent.self) { group in
                group.addTask { .standardOutput(try await Self.drain(execution.standardOutput, keeping: limit)) }
                group.addTask { .standardError(try await Self.drain(execution.standardError, keeping: limit)) }
                group.addTask {
                    try await Task.sleep(for: .seconds(timeout))
                    try? execution.send(signal: .terminate, toProcessGroup: true)
                    return .timedOut
                }
                var standardOutput: CapturedOutput?
                var standardError: CapturedOutput?
                var timedOut = false
                while standardOutput == nil || standardError == nil, let event = try await group.next() {
                    switch event {
                    case .standardOutput(let output): standardOutput = output
                    case .standardError(let output): standardError = output
                    case .timedOut:
                        timedOut = true
                        // A program that ignores TERM, or children that keep its pipes open, get KILL.
                        group.addTask {
                            try await Task.sleep(for: .milliseconds(500))
                            try? execution.send(signal: .kill, toProcessGroup: true)
                            return .killed
                        }
                    case .killed: break
                    }
                }
                group.cancelAll()
                return (standardOutput ?? CapturedOutput(), standardError ?? CapturedOutput(), timedOut)
            }
        }
        let (standardOutput, standardError, timedOut) = result.closureResult
        return CapturedRun(
            status: result.terminationStatus, standardOutput: standardOutput, standardError: standardError,
            timedOut: timedOut ? timeout : nil
        )
    }

    /// Reads a stream to its end, keeping the first `limit` bytes. Reading goes on past the cap
    /// so the program is never blocked on a full pipe and its exit status is kept.
    private static func drain(_ stream: SubprocessOutputSequence, keeping limit: Int) async throws -> CapturedOutput {
        var kept: [UInt8] = []
        var dropped = 0
        for try await buffer in stream {
            buffer.withUnsafeBytes { bytes in
                let room = max(0, limit - kept.count)
                kept.append(contentsOf: bytes.prefix(room))
                dropped += bytes.count - min(room, bytes.count)
            }
        }
        return CapturedOutput(text: String(decoding: kept, as: UTF8.self), droppedBytes: dropped)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
