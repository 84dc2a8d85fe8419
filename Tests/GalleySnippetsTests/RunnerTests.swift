import Foundation
import GalleyMarkdown
import Testing
import _GalleyTestSupport

@testable import GalleySnippets

#if canImport(Glibc)
import Glibc
#endif

/// The runner against hostile programs and broken compilers, with real `swiftc` and real
/// processes, checked by process id.
@Suite("The runner always stops, and blames only the snippet for the snippet", .serialized)
struct RunnerTests {
    /// The programs of a page, its snippets found by cmark.
    private func programs(_ page: String, path: String = "page.md") -> [SnippetProgram] {
        let blocks = MarkdownDocument(parsing: page, path: path).codeBlocks()
        let snippets = SnippetScanner.snippets(in: blocks, sourcePath: path, displayPath: path).snippets
        return SnippetProgram.programs(for: snippets, sourceFile: path).programs
    }

    private func settings(_ folder: TemporaryFolder) -> RunnerSettings {
        var settings = RunnerSettings(stateFolder: folder.url.appending(path: ".galley"))
        settings.jobs = 2
        return settings
    }

    /// Waits until `file` holds one process id per line, as many as `count`.
    private func pids(in file: URL, count: Int, within seconds: Double = 60) async throws -> [pid_t] {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOf: file, encoding: .utf8) {
                let pids = text.split(separator: "\n").compactMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }
                if pids.count >= count { return pids }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("no \(count) process ids in \(file.path) after \(seconds) s")
        return []
    }

    /// Whether `pid` is a live process (a zombie waiting for a parent that never reaps is dead).
    private func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let state = stat.split(separator: ")").last?.split(separator: " ").first
        else { return false }
        return state != "Z" && state != "X"
    }

    /// Waits for every pid to be gone, a little while at most.
    private func allDead(_ pids: [pid_t], within seconds: Double = 3) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if !pids.contains(where: isAlive) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return !pids.contains(where: isAlive)
    }

    @Test("A program that closes both streams and keeps running is stopped at its timeout, not waited for")
    func closedStreams() async throws {
        let folder = try TemporaryFolder()
        let pidFile = folder.url.appending(path: "pid")
        let page = """
            ```swift timeout=2
            import Glibc
            let pid = "\\(getpid())\\n"
            let file = fopen("\(pidFile.path)", "w")
            fputs(pid, file)
            fclose(file)
            close(1)
            close(2)
            sleep(600)
            ```
            """
        let started = ContinuousClock.now
        let runs = try await SnippetRunner(settings: settings(folder)).run(programs(page))
        #expect(ContinuousClock.now - started < .seconds(60))
        #expect(runs[0].outcome?.termination == .timedOut(seconds: 2))
        let pid = try await pids(in: pidFile, count: 1)
        #expect(try await allDead(pid))
    }

    @Test("One program never holds up the others: a quick one finishes while a slow one still runs")
    func overlap() async throws {
        let folder = try TemporaryFolder()
        func stamp(_ name: String) -> String {
            "try \"\\(Date().timeIntervalSince1970)\".write(toFile: \"\(folder.url.path)/\(name)\", atomically: true, encoding: .utf8)"
        }
        let page = """
            ```swift
            import Foundation
            \(stamp("slow-start"))
            Thread.sleep(forTimeInterval: 4)
            \(stamp("slow-end"))
            ```

            ```swift
            import Foundation
            \(stamp("quick-end"))
            ```
            """
        _ = try await SnippetRunner(settings: settings(folder)).run(programs(page))
        func time(_ name: String) throws -> Double {
            try #require(Double(try String(contentsOf: folder.url.appending(path: name), encoding: .utf8)))
        }
        // The quick program ran while the slow one slept, not after it.
        #expect(try time("quick-end") < time("slow-end") - 2)
        #expect(try abs(time("quick-end") - time("slow-start")) < 2)
    }

    @Test("What a program leaves running in the background dies when it exits")
    func backgroundChildren() async throws {
        let folder = try TemporaryFolder()
        let pidFile = folder.url.appending(path: "pid")
        let page = """
            ```swift
            import Glibc
            system("sleep 41 & echo $! > \(pidFile.path)")
            print("left a sleeper")
            ```
            """
        let runs = try await SnippetRunner(settings: settings(folder)).run(programs(page))
        #expect(runs[0].outcome?.termination == .exited(0))
        let pid = try await pids(in: pidFile, count: 1)
        #expect(pid.count == 1)
        #expect(try await allDead(pid))
    }

    @Test("Cancelling a run stops the program and its grandchild at once, removes its folder and caches nothing")
    func cancelledProgram() async throws {
        let folder = try TemporaryFolder()
        let pidFile = folder.url.appending(path: "pids")
        let page = """
            ```swift timeout=120
            import Foundation
            system("sleep 300 & echo $! >> \(pidFile.path)")
            FileManager.default.createFile(atPath: FileManager.default.currentDirectoryPath + "/marker", contents: nil)
            try "\\(FileManager.default.currentDirectoryPath)\\n".data(using: .utf8)!.write(to: URL(filePath: "\(pidFile.path).folder"))
            try "\\(getpid())\\n".data(using: .utf8)!.write(to: URL(filePath: "\(pidFile.path).main"))
            Thread.sleep(forTimeInterval: 100)
            ```
            """
        let planned = programs(page)
        let runner = SnippetRunner(settings: settings(folder))
        let task = Task { try await runner.run(planned) }
        let program = try await pids(in: URL(filePath: pidFile.path + ".main"), count: 1)
        let grandchild = try await pids(in: pidFile, count: 1)
        let cancelled = ContinuousClock.now
        task.cancel()
        let runs = try await task.value
        #expect(ContinuousClock.now - cancelled < .seconds(5))
        #expect(try await allDead(program + grandchild))
        if case .failure(let failure) = runs[0].result {
            #expect(failure.code == .cancelled)
        } else {
            Issue.record("a cancelled run reported \(runs[0].result)")
        }
        let work = try String(contentsOfFile: pidFile.path + ".folder", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!FileManager.default.fileExists(atPath: work))
        let compiler = try await SnippetRunner.compilerIdentity("swiftc")
        #expect(runner.cachedRuns(planned, compiler: compiler).allSatisfy { $0 == nil })
    }

    /// A script standing in for `swiftc`: records its pid and each call, then does `body`.
    private func fakeCompiler(_ folder: TemporaryFolder, _ body: String) throws -> URL {
        let script = folder.url.appending(path: "fake-swiftc")
        try """
            #!/bin/sh
            if [ "$1" = "--version" ]; then echo "fake swiftc 1.0"; exit 0; fi
            echo $$ >> "\(folder.url.path)/compiler-pids"
            \(body)
            """.write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)
        return script
    }

    private func calls(_ folder: TemporaryFolder) -> Int {
        ((try? String(contentsOf: folder.url.appending(path: "compiler-pids"), encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    @Test("Cancelling while the compiler works kills the compiler's whole group")
    func cancelledCompiler() async throws {
        let folder = try TemporaryFolder()
        var settings = settings(folder)
        settings.compiler = try fakeCompiler(folder, "sleep 300 & echo $! >> \"\(folder.url.path)/compiler-pids\"\nwait").path
        let runner = SnippetRunner(settings: settings)
        let task = Task { try await runner.run(programs("```swift\nprint(1)\n```\n")) }
        let compiler = try await pids(in: folder.url.appending(path: "compiler-pids"), count: 2)
        let cancelled = ContinuousClock.now
        task.cancel()
        _ = try await task.value
        #expect(ContinuousClock.now - cancelled < .seconds(5))
        #expect(try await allDead(compiler))
    }

    @Test(
        "Galley's own failures are never the snippet's compile error and are never cached",
        arguments: [
            ("exit 137", GalleyFailure.Code.compilerFailed),
            ("kill -9 $$", .compilerKilled),
            ("sleep 30", .compilerTimedOut),
            ("echo 'error: unable to write: No space left on device' >&2; exit 1", .diskFull),
            ("echo 'error: something the driver says' >&2; exit 1", .compilerFailed),
        ]
    )
    func galleyFailures(script: String, code: GalleyFailure.Code) async throws {
        let folder = try TemporaryFolder()
        var settings = settings(folder)
        settings.compiler = try fakeCompiler(folder, script).path
        settings.compileTimeout = 1
        let runner = SnippetRunner(settings: settings)
        let planned = programs("```swift compile-fail\nlet x: Int = \"no\"\n```\n")
        for attempt in 1...2 {
            let runs = try await runner.run(planned)
            guard case .failure(let failure) = runs[0].result else {
                Issue.record("attempt \(attempt): a broken compiler gave \(runs[0].result)")
                return
            }
            #expect(failure.code == code, "\(failure)")
            #expect(!runs[0].cached)
            // A compile-fail snippet does not pass when the compiler never finished.
            let verdict = SnippetVerdict(snippet: planned[0].snippets[0], result: planned[0].results(from: failure)[0])
            #expect(verdict.kind == .galleyError)
        }
        #expect(calls(folder) == 2)
    }

    @Test("A compiler that cannot be started is Galley's failure, not cached, and tried again")
    func compilerNotStarted() async throws {
        let folder = try TemporaryFolder()
        var settings = settings(folder)
        // It answers --version, then can no longer be executed.
        let compiler = folder.url.appending(path: "fake-swiftc")
        try """
            #!/bin/sh
            if [ "$1" = "--version" ]; then echo "fake swiftc 1.0"; chmod a-x "$0"; exit 0; fi
            echo $$ >> "\(folder.url.path)/compiler-pids"
            exit 0
            """.write(to: compiler, atomically: true, encoding: .utf8)
        chmod(compiler.path, 0o755)
        settings.compiler = compiler.path
        let runner = SnippetRunner(settings: settings)
        let planned = programs("```swift\nprint(1)\n```\n")
        for attempt in 1...2 {
            let runs = try await runner.run(planned)
            guard case .failure(let failure) = runs[0].result else {
                Issue.record("attempt \(attempt): a compiler that cannot start gave \(runs[0].result)")
                return
            }
            #expect(failure.code == .compilerNotStarted, "\(failure)")
            #expect(failure.message.contains(compiler.path))
            #expect(!runs[0].cached)
        }
        #expect(calls(folder) == 0)
        let cached = FileManager.default.enumerator(atPath: try #require(settings.cacheFolder).path)?.allObjects ?? []
        #expect(!cached.contains { "\($0)".hasSuffix(".json") })
    }

    @Test("Editing prose above a snippet answers it from the cache, with its diagnostics and traps at the new lines")
    func movedSnippets() async throws {
        let folder = try TemporaryFolder()
        let runner = SnippetRunner(settings: settings(folder))
        let page = "# Page\n\n```swift compile-fail\nlet x: Int = \"no\"\n```\n\n```swift crash\nfatalError(\"boom\")\n```\n\n```swift\nprint(#line)\n```\n"
        let first = try await runner.run(programs(page))
        #expect(first.allSatisfy { !$0.cached })
        #expect(first[0].outcome?.compilerOutput.contains("page.md:4:") == true)
        #expect(first[1].outcome?.blocks.first?.standardError.text.contains("page.md:8") == true)
        #expect(first[2].outcome?.blocks.first?.standardOutput.text == "12\n")

        let moved = "# Page\n\nA new paragraph\nof three\nlines.\n\n" + page.dropFirst("# Page\n\n".count)
        let second = try await runner.run(programs(moved))
        #expect(second[0].cached && second[1].cached)
        #expect(second[0].outcome?.compilerOutput.contains("page.md:8:") == true, "\(second[0].outcome?.compilerOutput ?? "")")
        #expect(second[0].outcome?.compilerOutput.contains("page.md:4:") == false)
        #expect(second[1].outcome?.blocks.first?.standardError.text.contains("page.md:12") == true)
        // A program that prints its own line is a new program when it moves.
        #expect(!second[2].cached)
        #expect(second[2].outcome?.blocks.first?.standardOutput.text == "16\n")
    }

    @Test("A crash shows the fatal error and the snippet's own frames; the whole backtrace stays for JUnit")
    func readableCrash() async throws {
        let folder = try TemporaryFolder()
        let page = "```swift crash\nfunc explode(_ values: [Int]) -> Int {\n    values[5]\n}\nprint(explode([1, 2]))\n```\n"
        let planned = programs(page)
        let runs = try await SnippetRunner(settings: settings(folder)).run(planned)
        let outcome = try #require(runs[0].outcome)
        let result = planned[0].results(from: outcome, cached: false)[0]
        let summary = CrashReport.summary(of: result.standardError.text)
        #expect(summary.contains("Fatal error: Index out of range"))
        #expect(summary.contains("Crashed in:\n  explode(_:)"))
        #expect(summary.split(separator: "\n").count < 12, "\(summary)")
        #expect(!summary.contains("libswiftCore"))
        let verdict = SnippetVerdict(snippet: planned[0].snippets[0], result: SnippetResult(status: .signalled(4), standardError: result.standardError))
        // Crashing as marked passes; the same crash unmarked shows the short report.
        #expect(verdict.kind == .unverified || verdict.kind == .passed)
        let unmarked = try #require(self.programs("```swift\nfunc explode(_ values: [Int]) -> Int {\n    values[5]\n}\nprint(explode([1, 2]))\n```\n").first)
        let failing = SnippetVerdict(snippet: unmarked.snippets[0], result: SnippetResult(status: .signalled(4), standardError: result.standardError))
        #expect(failing.details == summary)
        #expect(failing.fullDetails.contains("libswiftCore"))
    }

    @Test("A program compiled with the thread sanitizer runs and reports its race; others keep the memory limit")
    func sanitizedProgramsRunWithoutTheMemoryLimit() async throws {
        let folder = try TemporaryFolder()
        let page = """
            ```swift flags="-sanitize=thread" exit=66
            import Foundation
            final class Box: @unchecked Sendable { var value = 0 }
            let box = Box()
            let finished = DispatchGroup()
            for _ in 1...2 {
                finished.enter()
                Thread { box.value += 1; finished.leave() }.start()
            }
            finished.wait()
            print("value", box.value)
            ```

            ```swift
            let huge = UnsafeMutableRawPointer.allocate(byteCount: 64 << 20, alignment: 16)
            huge.deallocate()
            ```
            """
        var settings = settings(folder)
        settings.memoryLimitMiB = 48
        let runs = try await SnippetRunner(settings: settings).run(programs(page))
        let sanitized = try #require(runs[0].outcome)
        #expect(sanitized.termination == .exited(66), "\(sanitized.blocks[0].standardError.text)")
        #expect(sanitized.blocks[0].standardOutput.text == "value 2\n")
        #expect(sanitized.blocks[0].standardError.text.contains("ThreadSanitizer: Swift access race"))
        // The limit still holds for a program without a sanitizer: 64 MiB cannot be had under 48.
        #expect(runs[1].outcome?.termination != .exited(0))
    }
}
