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

    /// A site whose compiler answers --version, then starts a child in a process group of its
    /// own, as swift-driver starts each swift-frontend, records both pids and works for ever.
    /// Returns the folder of the records and the environment whose PATH finds that compiler.
    private func slowCompilerSite(_ folder: TemporaryFolder) throws -> (records: URL, environment: [String: String]) {
        let records = folder.url.appending(path: "records")
        let bin = folder.url.appending(path: "bin")
        try FileManager.default.createDirectory(at: records, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let compiler = bin.appending(path: "swiftc")
        try """
            #!/bin/sh
            if [ "$1" = "--version" ]; then echo "slow swiftc 1.0"; exit 0; fi
            perl -e 'setpgrp(0, 0); exec "sleep", "300"' &
            echo $! > "\(records.path)/child"
            echo $$ > "\(records.path)/compiler"
            wait
            """.write(to: compiler, atomically: true, encoding: .utf8)
        chmod(compiler.path, 0o755)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = bin.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return (records, environment)
    }

    private func startCheck(in folder: TemporaryFolder, environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = Repository.galleyExecutable
        process.arguments = ["check"]
        process.currentDirectoryURL = folder.url
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func pids(in records: URL) async throws -> (compiler: pid_t, child: pid_t) {
        let compiler = try #require(try await read(records.appending(path: "compiler")).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        let child = try #require(try await read(records.appending(path: "child")).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        return (compiler, child)
    }

    @Test("Ctrl-C in check while the compiler works stops the compiler and its child in a group of its own, and exits 130")
    func interruptedCompiler() async throws {
        let folder = try TemporaryFolder.site([
            "content/index.md": "# Page\n\n```swift\nprint(1)\n```\n"
        ])
        let (records, environment) = try slowCompilerSite(folder)
        let process = try startCheck(in: folder, environment: environment)
        let (compiler, child) = try await pids(in: records)
        #expect(isAlive(compiler) && isAlive(child))

        let sent = ContinuousClock.now
        kill(process.processIdentifier, SIGINT)
        while process.isRunning, ContinuousClock.now - sent < .seconds(10) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!process.isRunning, "galley check did not stop within 10 s of Ctrl-C")
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(!isAlive(compiler) && !isAlive(child))
        #expect(folder.files(under: ".galley/cache").isEmpty)
        if isAlive(child) { kill(child, SIGKILL) }
    }

    @Test("At the compile timeout the compiler and its child in a group of its own are stopped; it is Galley's failure, not cached")
    func compileTimeout() async throws {
        let folder = try TemporaryFolder.site([
            "content/site.yml": "snippets:\n  compile_timeout: 1\n",
            "content/index.md": "# Page\n\n```swift\nprint(1)\n```\n",
        ])
        let (records, environment) = try slowCompilerSite(folder)
        let process = try startCheck(in: folder, environment: environment)
        let (compiler, child) = try await pids(in: records)
        let started = ContinuousClock.now
        while process.isRunning, ContinuousClock.now - started < .seconds(30) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!process.isRunning, "galley check did not stop within 30 s of a 1 s compile timeout")
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(!isAlive(compiler), "the compiler \(compiler) outlived its timeout")
        #expect(!isAlive(child), "the compiler's child \(child), in a process group of its own, outlived the timeout")
        #expect(folder.files(under: ".galley/cache").isEmpty)
        if isAlive(child) { kill(child, SIGKILL) }
    }
}
