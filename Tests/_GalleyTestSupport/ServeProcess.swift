public import Foundation

/// A running `galley serve` on a free loopback port, stopped with SIGTERM when the test is
/// done with it.
public final class ServeProcess: Sendable {
    /// The address the server printed.
    public let baseURL: URL
    /// The process.
    public let process: Process
    private let errorLog: URL

    /// Starts `galley serve --port 0` in `folder` with `arguments` and waits until it prints
    /// the address it serves (at most `timeout` seconds).
    public init(in folder: URL, arguments: [String] = [], timeout: Double = 120) throws {
        let process = Process()
        process.executableURL = Repository.galleyExecutable
        process.arguments = ["serve", "--port", "0"] + arguments
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        process.standardOutput = output
        // Standard error goes to a file, so the server never blocks on a pipe nobody reads.
        errorLog = folder.appending(path: "serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
        self.process = process

        let reader = output.fileHandleForReading
        var text = ""
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, !text.contains("\n") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first, line.hasPrefix("Serving "),
            let url = line.split(separator: " ").dropFirst().first.flatMap({ URL(string: String($0)) })
        else {
            process.terminate()
            process.waitUntilExit()
            let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            throw ServeFailure(message: "galley serve did not start: \(text)\n\(log)")
        }
        baseURL = url
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// What the server printed on standard error so far.
    public var errorOutput: String {
        (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
    }

    /// Sends SIGTERM and waits for the exit status.
    public func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The server could not start.
    public struct ServeFailure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
