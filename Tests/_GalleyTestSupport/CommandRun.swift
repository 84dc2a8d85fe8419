public import Foundation

/// The result of running a command to completion.
public struct CommandRun: Sendable {
    /// The exit status (or 128 + signal).
    public var status: Int32
    /// Everything the command wrote on standard output.
    public var standardOutput: String
    /// Everything the command wrote on standard error.
    public var standardError: String

    /// Runs the built `galley` with `arguments` in `folder` and waits for it, blocking the
    /// calling thread: for a suite's `init`, which cannot await. Tests await the other overload.
    ///
    /// - Parameter environment: Variables set or replaced in the test's own environment.
    public static func galley(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> CommandRun {
        try runBlocking(Repository.galleyExecutable, arguments, in: folder, environment: environment)
    }

    /// Runs the built `galley` with `arguments` in `folder` and waits for it without holding a
    /// thread of the cooperative pool: on two cores the pool has two, and a test blocked on a
    /// `galley check` for seconds would stall every other test's tasks, the timing-sensitive
    /// ones included.
    ///
    /// - Parameter environment: Variables set or replaced in the test's own environment.
    public static func galley(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) async throws -> CommandRun {
        try await run(Repository.galleyExecutable, arguments, in: folder, environment: environment)
    }

    /// Runs `executable` with `arguments` in `folder`, standard input empty, and waits for it
    /// on a thread of its own (see ``galley(_:in:environment:)-async``).
    public static func run(_ executable: URL, _ arguments: [String], in folder: URL, environment: [String: String] = [:]) async throws -> CommandRun {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(executable, arguments, in: folder, environment: environment) })
            }
        }
    }

    /// Runs `executable` with `arguments` in `folder`, standard input empty, and waits for it,
    /// blocking the calling thread.
    ///
    /// - Parameter environment: Variables set or replaced in the test's own environment.
    public static func runBlocking(_ executable: URL, _ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> CommandRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read both pipes to the end before waiting, so a chatty child never blocks on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = error.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandRun(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self)
        )
    }
}
