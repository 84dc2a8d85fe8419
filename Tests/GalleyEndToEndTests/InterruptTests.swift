import Foundation
import Testing
import _GalleyTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C and `kill` on `galley build`, `check` and `bless` while a snippet runs: every
/// process Galley started dies, grandchildren and compilers included, its temporary folders
/// go, and `galley` exits 130 or 143.
@Suite("Interrupting galley", .serialized)
struct InterruptTests {
    /// A page whose snippet records its pid, its grandchild's and its working folder, then sleeps.
    private func sleeperSite(_ folder: TemporaryFolder) throws -> URL {
        let records = folder.url.appending(path: "records")
        try FileManager.default.createDirectory(at: records, withIntermediateDirectories: true)
        try folder.write([
            "content/index.md": """
                # Sleeper

                ```swift timeout=120
                import Foundation
                system("sleep 300 & echo $! > \(records.path)/grandchild")
                try "\\(getpid())".write(toFile: "\(records.path)/program", atomically: true, encoding: .utf8)
                try FileManager.default.currentDirectoryPath.write(toFile: "\(records.path)/folder", atomically: true, encoding: .utf8)
                Thread.sleep(forTimeInterval: 100)
                ```
                """
        ])
        return records
    }

    private func read(_ file: URL, within seconds: Double = 90) async throws -> String? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOf: file, encoding: .utf8), !text.isEmpty { return text }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    private func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        let state = stat.split(separator: ")").last?.split(separator: " ").first
        return state != "Z" && state != "X"
    }

    @Test(
        "A signal stops the command, every process it started, and its temporary folders",
        arguments: [("check", SIGINT, Int32(130)), ("build", SIGTERM, 143), ("bless", SIGINT, 130)]
    )
    func interrupted(command: String, signal: Int32, status: Int32) async throws {
        let folder = try TemporaryFolder.site([:])
        let records = try sleeperSite(folder)
        let process = Process()
        process.executableURL = Repository.galleyExecutable
        process.arguments = [command]
        process.currentDirectoryURL = folder.url
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = folder.url.appending(path: "stderr")
        #expect(FileManager.default.createFile(atPath: errors.path, contents: nil))
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()

        let program = try #require(try await read(records.appending(path: "program")).flatMap { pid_t($0) })
        let grandchild = try #require(try await read(records.appending(path: "grandchild")).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        let work = try #require(try await read(records.appending(path: "folder")))
        #expect(isAlive(program) && isAlive(grandchild))

        let sent = ContinuousClock.now
        kill(process.processIdentifier, signal)
        while process.isRunning, ContinuousClock.now - sent < .seconds(10) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!process.isRunning, "galley \(command) did not stop within 10 s of the signal")
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let printed = try String(contentsOf: errors, encoding: .utf8)
        #expect(process.terminationStatus == status, "\(printed)")
        #expect(!isAlive(program) && !isAlive(grandchild))
        #expect(!FileManager.default.fileExists(atPath: work))
        // Nothing was cached for the program that was stopped.
        #expect(folder.files(under: ".galley/cache").isEmpty)
        if command == "bless" { #expect(try folder.read("content/index.md").contains("```output") == false) }
    }
}
