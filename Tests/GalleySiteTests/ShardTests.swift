import Foundation
import GalleySite
import GalleySnippets
import GalleyMarkdown
import Testing
import _GalleyTestSupport

/// `galley check --shard K/N`: a CI matrix of N jobs must check every program exactly once,
/// and reach the verdicts one job would.
@Suite("Sharded checks", .serialized)
struct ShardTests {
    @Test("Shards 1 to 3 together run every program once and reach the unsharded verdicts", arguments: [2, 3])
    func shardsCoverTheSite(count: Int) async throws {
        let folder = try TemporaryFolder()
        var pages: [String: String] = [:]
        for page in 0..<3 {
            var text = "# Page \(page)\n\n"
            for snippet in 0..<4 {
                text += "```swift\nprint(\"page \(page), snippet \(snippet)\")\n```\n\n```output\npage \(page), snippet \(snippet)\n```\n\n"
            }
            text += "```swift session=s\nvar n = \(page)\n```\n\n```swift session=s\nprint(n)\n```\n\n```output\n\(page)\n```\n\n"
            text += "```swift ignore\nnot compiled\n```\n"
            pages["content/page-\(page).md"] = text
        }
        // One snippet fails, so a shard's verdict is not only `passed`.
        pages["content/page-1.md"]! += "\n```swift\nprint(\"actual\")\n```\n\n```output\nexpected\n```\n"
        try folder.write(pages)
        func check(_ shard: (Int, Int)?) async throws -> SiteCheck.Report {
            var options = SiteCheck.Options(contentFolder: folder.url.appending(path: "content"))
            options.jobs = 2
            options.shard = shard
            return try await SiteCheck(options: options).run()
        }
        let whole = try await check(nil)
        var seen: [String] = []
        var verdicts: [String: SnippetVerdict.Kind] = [:]
        for index in 1...count {
            let part = try await check((index, count))
            seen += part.programs.map { "\($0.location)" }
            for verdict in part.verdicts {
                let place = "\(verdict.snippet.sourcePath):\(verdict.snippet.location.line)"
                #expect(verdicts[place] == nil, "\(place) was judged by two shards")
                verdicts[place] = verdict.kind
            }
        }
        #expect(seen.sorted() == whole.programs.map { "\($0.location)" }.sorted())
        #expect(Set(seen).count == seen.count)
        let expected = Dictionary(uniqueKeysWithValues: whole.verdicts.map { ("\($0.snippet.sourcePath):\($0.snippet.location.line)", $0.kind) })
        #expect(verdicts == expected)
        #expect(whole.count(.failed) == 1 && whole.count(.skipped) == 3)
    }
}
