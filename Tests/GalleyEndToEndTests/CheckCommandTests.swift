import Foundation
import Testing
import _GalleyTestSupport

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Runs `galley check` and `galley bless` as CI and authors would, on a small site whose
/// programs are compiled once and then answered from the cache.
@Suite("galley check and bless, end to end", .serialized)
struct CheckCommandTests {
    static let page = """
        # Checks

        ```swift
        print("right")
        ```

        ```output
        right
        ```

        ```swift
        print("changed")
        ```

        ```output
        original
        ```

        ```swift ignore
        not compiled
        ```

        See [nowhere](missing.md).
        """

    @Test("check reports failures at path:line with a diff, counts, JUnit, GitHub annotations and shards")
    func check() async throws {
        let folder = try TemporaryFolder()
        try folder.write(["content/index.md": Self.page])

        let run = try await CommandRun.galley(["check"], in: folder.url)
        #expect(run.status == 1)
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains("content/index.md:11: error: snippet output differs from its `output` block"))
        #expect(lines.contains("-original") && lines.contains("+changed"))
        #expect(lines.contains { $0.hasPrefix("content/index.md:23:") && $0.contains("error:") && $0.contains("missing.md") })
        #expect(lines.last == "1 passed, 2 failed, 1 skipped")

        let github = try await CommandRun.galley(["check", "--format", "github", "--junit", "report.xml", "--quiet"], in: folder.url)
        #expect(github.status == 1)
        #expect(github.standardOutput.contains("::error file=content/index.md,line=11::snippet output differs"))
        #expect(github.standardError.isEmpty)
        let xml = try XMLDocument(xmlString: try folder.read("report.xml"))
        #expect(try xml.nodes(forXPath: "//testcase").count == 4)
        #expect(try xml.nodes(forXPath: "//failure").count == 2)

        // Shards split the snippets between them, and together they cover all of them.
        var counts: [[Int]] = []
        for shard in ["1/2", "2/2"] {
            let part = try await CommandRun.galley(["check", "--shard", shard, "--quiet"], in: folder.url)
            let numbers = part.standardOutput.split(separator: "\n").last!.split(separator: " ").compactMap { Int($0) }
            counts.append(numbers)
        }
        #expect(counts[0][0] + counts[1][0] == 1)  // passed
        #expect(counts[0][1] + counts[1][1] == 2)  // failed: one snippet, one link (in shard 1)
        #expect(counts[0][2] == 1 && counts[1][2] == 0)  // the ignored one, once

        let filtered = try await CommandRun.galley(["check", "--filter", "nothing-matches"], in: folder.url)
        #expect(filtered.status == 0)
        #expect(filtered.standardOutput.hasSuffix("0 passed, 0 failed, 0 skipped\n"))
    }

    @Test("Bad usage exits with status 2, a malformed fence with 1 in check, build and bless alike; bless then check passes")
    func usageAndBless() async throws {
        let folder = try TemporaryFolder()
        try folder.write(["content/index.md": Self.page.replacingOccurrences(of: "See [nowhere](missing.md).", with: "")])
        #expect(try await CommandRun.galley(["check", "--shard", "3/2"], in: folder.url).status == 2)
        #expect(try await CommandRun.galley(["check", "--format", "xml"], in: folder.url).status == 2)

        try folder.write(["content/bad.md": "```swift timeout=soon\nprint(1)\n```\n"])
        for command in ["check", "build", "bless"] {
            let malformed = try await CommandRun.galley([command], in: folder.url)
            #expect(malformed.status == 1, "\(command)")
            #expect(malformed.standardError.contains("content/bad.md:1:10: error: `timeout=soon` needs a number of seconds"), "\(command)")
        }
        try FileManager.default.removeItem(at: folder.url.appending(path: "content/bad.md"))
        #expect(try await CommandRun.galley(["bless", "content/index.md:999"], in: folder.url).status == 2)

        let bless = try await CommandRun.galley(["bless"], in: folder.url)
        #expect(bless.status == 0, "\(bless.standardError)")
        #expect(bless.standardOutput.contains("content/index.md:11: blessed"))
        #expect(try folder.read("content/index.md").contains("```output\nchanged\n```"))
        let check = try await CommandRun.galley(["check", "--strict"], in: folder.url)
        #expect(check.status == 0, "\(check.standardOutput)")
        #expect(check.standardOutput.hasSuffix("2 passed, 0 failed, 1 skipped\n"))
    }
}
