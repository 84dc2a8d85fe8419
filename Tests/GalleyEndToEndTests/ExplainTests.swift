import Foundation
import Testing
import _GalleyTestSupport

/// `galley check --explain` and `--timings`: why each program ran, and which took longest.
@Suite("galley check --explain and --timings", .serialized)
struct ExplainTests {
    @Test("--explain says new, from the cache, source changed, flags changed and last run timed out")
    func explain() async throws {
        let folder = try TemporaryFolder.site([
            "content/index.md": "# Home\n\n```swift\nprint(\"one\")\n```\n\n```swift timeout=1\nwhile true {}\n```\n"
        ])
        func explanations() async throws -> [String] {
            let run = try await CommandRun.galley(["check", "--explain"], in: folder.url)
            return run.standardError.split(separator: "\n").filter { $0.hasPrefix("content/index.md:") }.map(String.init)
        }
        #expect(try await explanations() == ["content/index.md:3: ran: new", "content/index.md:7: ran: new"])
        #expect(try await explanations() == ["content/index.md:3: from the cache", "content/index.md:7: ran: its last run timed out"])
        try folder.write(["content/index.md": "# Home\n\n```swift\nprint(\"two\")\n```\n\n```swift timeout=1\nwhile true {}\n```\n"])
        #expect(try await explanations().first == "content/index.md:3: ran: its source changed")
        try folder.write(["content/site.yml": "snippets:\n  swiftc_flags: [-Onone, -swift-version, \"6\", -D, EXTRA]\n"])
        #expect(try await explanations().first == "content/index.md:3: ran: its compiler flags changed")
    }

    @Test("--explain says the compiler changed when `swiftc --version` says something else, or PATH finds another swiftc")
    func compilerChanged() async throws {
        let folder = try TemporaryFolder.site(["content/index.md": "# Home\n\n```swift\nprint(\"one\")\n```\n"])
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let real = try #require(
            path.split(separator: ":").map { "\($0)/swiftc" }.first { FileManager.default.isExecutableFile(atPath: $0) }, "swiftc on PATH"
        )
        // A swiftc that compiles with the real one and names another build of it.
        let tools = folder.url.appending(path: "tools")
        func wrapper(build: String) throws {
            try folder.write([
                "tools/swiftc": """
                    #!/bin/sh
                    if [ "$1" = "--version" ]; then "\(real)" --version; echo "wrapped, build \(build)"; exit 0; fi
                    exec "\(real)" "$@"

                    """
            ])
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tools.appending(path: "swiftc").path)
        }
        func explanations(wrapped: Bool = true) async throws -> [String] {
            let run = try await CommandRun.galley(["check", "--explain"], in: folder.url, environment: wrapped ? ["PATH": tools.path + ":" + path] : [:])
            #expect(run.status == 0 || run.status == 1, "\(run.standardError)")
            return run.standardError.split(separator: "\n").filter { $0.hasPrefix("content/index.md:") }.map(String.init)
        }
        try wrapper(build: "1")
        #expect(try await explanations() == ["content/index.md:3: ran: new"])
        #expect(try await explanations() == ["content/index.md:3: from the cache"])
        try wrapper(build: "two")
        #expect(try await explanations() == ["content/index.md:3: ran: the compiler changed"])
        #expect(try await explanations() == ["content/index.md:3: from the cache"])
        await #expect(try explanations(wrapped: false) == ["content/index.md:3: ran: the compiler changed"])
    }

    @Test("--explain says the mode, timeout or limits changed: a fence's timeout or mode, the site's compile timeout")
    func limitsChanged() async throws {
        let folder = try TemporaryFolder.site(["content/index.md": "# Home\n\n```swift\nprint(\"one\")\n```\n"])
        func explanations() async throws -> [String] {
            let run = try await CommandRun.galley(["check", "--explain"], in: folder.url)
            return run.standardError.split(separator: "\n").filter { $0.hasPrefix("content/index.md:") }.map(String.init)
        }
        #expect(try await explanations() == ["content/index.md:3: ran: new"])
        try folder.write(["content/index.md": "# Home\n\n```swift timeout=5\nprint(\"one\")\n```\n"])
        #expect(try await explanations() == ["content/index.md:3: ran: its mode, timeout or limits changed"])
        try folder.write(["content/index.md": "# Home\n\n```swift timeout=5 norun\nprint(\"one\")\n```\n"])
        #expect(try await explanations() == ["content/index.md:3: ran: its mode, timeout or limits changed"])
        #expect(try await explanations() == ["content/index.md:3: from the cache"])
        try folder.write(["content/site.yml": "snippets:\n  compile_timeout: 200\n"])
        #expect(try await explanations() == ["content/index.md:3: ran: its mode, timeout or limits changed"])
    }

    @Test("--timings lists the programs that ran, slowest first, with compile and run times")
    func timings() async throws {
        let folder = try TemporaryFolder.site([
            "content/index.md": "# Home\n\n```swift\nimport Foundation\nThread.sleep(forTimeInterval: 1)\n```\n\n```swift\nprint(1)\n```\n"
        ])
        let run = try await CommandRun.galley(["check", "--timings"], in: folder.url)
        let lines = run.standardError.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("slowest programs") })
        #expect(lines[start + 1].hasPrefix("  content/index.md:3: compile "), "\(run.standardError)")
        #expect(lines[start + 2].hasPrefix("  content/index.md:8: compile "))
        let again = try await CommandRun.galley(["check", "--timings"], in: folder.url)
        #expect(again.standardError.contains("timings: every program came from the cache"))
    }

    @Test("snippets.budget warns of a program that runs longer, fails it with --strict, and keeps warning from the cache")
    func budget() async throws {
        let folder = try TemporaryFolder.site([
            "content/site.yml": "snippets:\n  budget: 0.3\n",
            "content/index.md": """
                # Home

                ```swift
                import Foundation
                Thread.sleep(forTimeInterval: 0.8)
                print("slow")
                ```

                ```output
                slow
                ```

                ```swift
                print("quick")
                ```

                ```output
                quick
                ```
                """,
        ])
        let run = try await CommandRun.galley(["check"], in: folder.url)
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        let warnings = run.standardOutput.split(separator: "\n").filter { $0.contains("snippets.budget") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("content/index.md:3: warning: program ran for ") == true, "\(warnings)")
        #expect(warnings.first?.contains("more than the 0.3 s of `snippets.budget`") == true)

        let junit = folder.url.appending(path: "junit.xml").path
        let strict = try await CommandRun.galley(["check", "--strict", "--junit", junit], in: folder.url)
        #expect(strict.status == 1)
        #expect(strict.standardOutput.contains("content/index.md:3: error: program ran for "))
        #expect(strict.standardOutput.contains("when it last ran (its result is cached)"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("classname=\"budget\""))

        try folder.write(["content/site.yml": "snippets:\n  budget: 5\n"])
        let relaxed = try await CommandRun.galley(["check", "--strict"], in: folder.url)
        #expect(relaxed.status == 0, "\(relaxed.standardOutput)")
    }
}
