internal import Foundation
internal import Subprocess
internal import SystemPackage

#if canImport(Glibc)
internal import Glibc
#endif

/// Runs one compiler or program the way Galley runs every child process: in a session (and
/// so a process group) of its own, standard input at end of file, both streams drained at
/// once and capped, and a timeout that races the process's exit, not its pipes, so a program
/// that closes its streams and keeps running is still stopped.
///
/// At the timeout the whole group gets `SIGTERM`, then `SIGKILL` after a short grace. When
/// the task running it is cancelled, swift-subprocess's own teardown does the same to the
/// group before the run returns. When the process exits, whatever it left running in its
/// group (`sleep 60 &`) is killed. Every signal also reaches the processes of the child's
/// session that left its group: swift-driver starts each swift-frontend in a process group of
/// its own, so a compile timeout that signalled the driver's group alone left the frontends
/// compiling for minutes. A child that leaves the session with `setsid` escapes; that is a
/// documented limit.
struct ChildProcess {
    /// How a run ended and what it printed.
    struct Result: Sendable {
        /// The process's exit status or signal.
        var status: TerminationStatus
        /// Its standard output, up to the cap.
        var standardOutput: CapturedOutput
        /// Its standard error, up to the cap.
        var standardError: CapturedOutput
        /// The timeout, when the process ran past it and was stopped.
        var timedOut: Double?
        /// Seconds from start to exit.
        var seconds: Double
    }

    /// The grace between `SIGTERM` and `SIGKILL`.
    static let grace: Duration = .milliseconds(500)

    /// Runs `executable` and waits for it and for both its streams.
    ///
    /// - Throws: The error swift-subprocess throws when the process cannot be started, or
    ///   `CancellationError` when the calling task is cancelled (the process group is then
    ///   dead by the time this returns).
    static func run(
        _ executable: Executable, arguments: [String], environment: Environment, workingDirectory: URL, timeout: Double,
        outputLimit: Int
    ) async throws -> Result {
        let options = {
            var options = PlatformOptions()
            options.createSession = true
            options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: grace)]
            return options
        }()
        let group = ProcessGroup()
        let clock = ContinuousClock()
        let start = clock.now

        enum Event: Sendable {
            case finished(status: TerminationStatus, output: CapturedOutput, error: CapturedOutput)
            case timedOut
            case killed
        }
        return try await withThrowingTaskGroup(of: Event.self) { tasks in
            tasks.addTask {
                // When the run is cancelled, swift-subprocess's teardown stops the group; the rest
                // of the session (a compiler's frontends) is stopped by `sweepingAfterFailure`.
                let run = try await sweepingAfterFailure(group) {
                    try await Subprocess.run(
                        executable, arguments: Arguments(arguments), environment: environment,
                        workingDirectory: FilePath(workingDirectory.path), platformOptions: options,
                        input: .none, output: .sequence, error: .sequence
                    ) { execution in
                        await group.started(execution.processIdentifier.value)
                        async let output = drain(execution.standardOutput, keeping: outputLimit)
                        async let error = drain(execution.standardError, keeping: outputLimit)
                        return try await (output, error)
                    }
                }
                // Whatever the program started in its group or session and left running dies with it.
                await group.signal(SIGKILL)
                return .finished(status: run.terminationStatus, output: run.closureResult.0, error: run.closureResult.1)
            }
            tasks.addTask {
                try await Task.sleep(for: .seconds(timeout))
                return .timedOut
            }
            var timedOut = false
            while let event = try await tasks.next() {
                switch event {
                case .finished(let status, let output, let error):
                    tasks.cancelAll()
                    return Result(
                        status: status, standardOutput: output, standardError: error, timedOut: timedOut ? timeout : nil,
                        seconds: (clock.now - start).seconds
                    )
                case .timedOut:
                    timedOut = true
                    await group.signal(SIGTERM)
                    tasks.addTask {
                        try await Task.sleep(for: grace)
                        await group.signal(SIGKILL)
                        return .killed
                    }
                case .killed:
                    break
                }
            }
            throw CancellationError()
        }
    }

    /// Runs `body`; when it throws, kills what is left of `group` and its session first.
    private static func sweepingAfterFailure<T>(_ group: ProcessGroup, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            await group.signal(SIGKILL)
            throw error
        }
    }

    /// Reads a stream to its end, keeping the first `limit` bytes. Reading goes on past the
    /// cap so the program is never blocked on a full pipe and its exit status is kept.
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

/// The process group of one child. A signal sent before the child has started is sent as soon
/// as it starts, so a timeout that fires early is never lost and never waits.
private actor ProcessGroup {
    private var leader: pid_t?
    private var pending: Int32?

    func started(_ pid: pid_t) {
        leader = pid
        if let pending { kill(-pid, pending) }
    }

    /// Sends `signal` to every process of the group and of the session it leads.
    func signal(_ signal: Int32) {
        guard let leader else {
            // KILL outranks TERM: keep the stronger of two early signals.
            pending = pending == SIGKILL ? SIGKILL : signal
            return
        }
        kill(-leader, signal)
        for member in SessionMembers.processes(in: leader) where member != getpid() {
            kill(member, signal)
        }
    }
}

/// The processes of one session, read from `/proc`.
///
/// The session outlives its leader: once the leader has exited, the processes it started keep
/// the leader's id as their session id, so a sweep after the exit still finds them. A
/// session id is a process id, and the leader has been reaped by then; its id could be reused
/// by a new session only after the kernel has gone round its whole range of process ids,
/// which a sweep that follows the exit at once does not wait for.
enum SessionMembers {
    /// The ids of the processes whose session is `session`, the leader included while it lives.
    static func processes(in session: pid_t) -> [pid_t] {
        #if os(Linux)
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var members: [pid_t] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let pid = pid_t(name), let fields = statusFields(of: pid) else { continue }
            if fields.session == session { members.append(pid) }
        }
        return members
        #else
        return []
        #endif
    }

    /// The process group and session of `pid`, from `/proc/PID/stat`: its fields after the
    /// command name, which is in parentheses and may itself hold spaces and parentheses, are
    /// state, parent, process group, session.
    static func statusFields(of pid: pid_t) -> (group: pid_t, session: pid_t)? {
        let descriptor = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0, let close = buffer[..<count].lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = buffer[(close + 1)..<count].split(separator: UInt8(ascii: " "))
        guard fields.count > 3, let group = pid_t(String(decoding: fields[2], as: UTF8.self)),
            let session = pid_t(String(decoding: fields[3], as: UTF8.self))
        else { return nil }
        return (group, session)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
