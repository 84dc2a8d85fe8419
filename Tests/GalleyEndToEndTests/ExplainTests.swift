import Foundation
import Testing
import _GalleyTestSupport

/// `galley check --explain` and `--timings`: why each program ran, and which took longest.
@Suite("galley check --explain and --timings", .serialized)
struct ExplainTests {
    @Test("--explain says new, from the cache, source changed, flags changed and last run timed out")
    func explain() throws {
        let folder = try TemporaryFolder.site([
            "content/index.md": "# Home\n\n```swift\nprint(\"one\")\n```\n\n```swift timeout=1\nwhile true {}\n```\n"
        ])
        func explanations() throws -> [String] {
            let run = try CommandRun.galley(["check", "--explain"], in: folder.url)
            return run.standardError.split(separator: "\n").filter { $0.hasPrefix("content/index.md:") }.map(String.init)
        }
        #expect(try explanations() == ["content/index.md:3: ran: new", "content/index.md:7: ran: new"])
        #expect(try explanations() == ["content/index.md:3: from the cache", "content/index.md:7: ran: its last run timed out"])
        try folder.write(["content/index.md": "# Home\n\n```swift\nprint(\"two\")\n```\n\n```swift timeout=1\nwhile true {}\n```\n"])
        #expect(try explanations().first == "content/index.md:3: ran: its source changed")
        try folder.write(["content/site.yml": "snippets:\n  swiftc_flags: [-Onone, -swift-version, \"6\", -D, EXTRA]\n"])
        #expect(try explanations().first == "content/index.md:3: ran: its compiler flags changed")
    }

    @Test("--timings lists the programs that ran, slowest first, with compile and run times")
    func timings() throws {
        let folder = try TemporaryFolder.site([
            "content/index.md": "# Home\n\n```swift\nimport Foundation\nThread.sleep(forTimeInterval: 1)\n```\n\n```swift\nprint(1)\n```\n"
        ])
        let run = try CommandRun.galley(["check", "--timings"], in: folder.url)
        let lines = run.standardError.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("slowest programs") })
        #expect(lines[start + 1].hasPrefix("  content/index.md:3: compile "), "\(run.standardError)")
        #expect(lines[start + 2].hasPrefix("  content/index.md:8: compile "))
        let again = try CommandRun.galley(["check", "--timings"], in: folder.url)
        #expect(again.standardError.contains("timings: every program came from the cache"))
    }
}
