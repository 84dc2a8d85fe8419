import Foundation
import GalleySite
import GalleySnippets
import Testing
import _GalleyTestSupport

/// A `compile-fail` block's `output` block states every error the compiler reports, in order,
/// with `...` and `[..]` elisions and each line's `page:line:col:` prefix optional. Real `swiftc`.
@Suite("compile-fail output blocks", .serialized)
struct CompileFailOutputTests {
    static let twoErrors = "let a: Int = \"one\"\nlet b: Int = \"two\"\n"
    static let error = "error: cannot convert value of type 'String' to specified type 'Int'"

    private func check(_ folder: TemporaryFolder) async throws -> [Int: SnippetVerdict] {
        var options = SiteCheck.Options(contentFolder: folder.url.appending(path: "content"))
        options.jobs = 2
        let report = try await SiteCheck(options: options).run()
        return Dictionary(uniqueKeysWithValues: report.verdicts.map { ($0.snippet.location.line, $0) })
    }

    private static func page(_ blocks: [(fence: String, code: String, output: String)]) -> String {
        "# Errors\n\n" + blocks.map { "```\($0.fence)\n\($0.code)```\n\n```output\n\($0.output)\n```\n\n" }.joined()
    }

    @Test("An output block that names one of two errors fails with a diff; all of them, `...`, `[..]` and prefixes pass")
    func statesEveryError() async throws {
        let folder = try TemporaryFolder()
        let page = Self.page([
            ("swift compile-fail", Self.twoErrors, Self.error),
            ("swift compile-fail", Self.twoErrors, "\(Self.error)\n\(Self.error)"),
            ("swift compile-fail", Self.twoErrors, "\(Self.error)\n..."),
            ("swift compile-fail", Self.twoErrors, "error: cannot convert value of type '[..]' to [..]\nerror: [..]"),
            ("swift compile-fail", Self.twoErrors, "index.md:43:14: \(Self.error)\n\(Self.error)"),
            ("swift session=s", "let total = 1\nprint(total)\n", "1"),
            ("swift session=s compile-fail", "total += 1\n" + Self.twoErrors, "error: left side of mutating operator isn't mutable: 'total' is a 'let' constant"),
            ("swift session=s compile-fail", "total += 1\n" + Self.twoErrors, "error: left side of mutating operator isn't mutable: [..]\n..."),
        ])
        try folder.write(["content/index.md": page])
        let byLine = try await check(folder)

        let one = try #require(byLine[3])
        #expect(one.kind == .failed)
        #expect(one.message == "the compiler's errors differ from its `output` block")
        #expect(one.details.hasPrefix("--- expected (line 8)\n+++ compiler errors\n@@ -1 +1,2 @@\n \(Self.error)\n+\(Self.error)\n"), "\(one.details)")
        #expect(one.details.contains("index.md:5:14: \(Self.error)"), "the compiler's own diagnostics follow the diff")
        for line in [12, 22, 32] {
            #expect(byLine[line]?.kind == .passed, "line \(line): \(byLine[line]?.message ?? "") \(byLine[line]?.details ?? "")")
        }
        let located = try #require(byLine[42])
        #expect(located.kind == .passed, "\(located.message) \(located.details)")

        // In a session only the block's own errors count, and they count all.
        let session = try #require(byLine[61])
        #expect(session.kind == .failed, "\(session.message)")
        #expect(session.details.contains("+\(Self.error)"), "\(session.details)")
        #expect(byLine[71]?.kind == .passed, "\(byLine[71]?.message ?? "") \(byLine[71]?.details ?? "")")
    }

    @Test("Bless keeps a compile-fail block's elisions, writes the errors it lacks, and the check passes after")
    func blessKeepsElisions() async throws {
        let folder = try TemporaryFolder()
        try folder.write([
            "content/index.md": Self.page([("swift compile-fail", Self.twoErrors, "error: cannot convert value of type '[..]' to [..]\nerror: stale")])
        ])
        var bless = SiteBless(contentFolder: folder.url.appending(path: "content"))
        bless.jobs = 2
        let report = try await bless.run()
        #expect(report.updated.map(\.line) == [3])
        let blessed = try folder.read("content/index.md")
        #expect(blessed.contains("```output\nerror: cannot convert value of type '[..]' to [..]\n\(Self.error)\n```\n"), "\(blessed)")
        let again = try await check(folder)
        #expect(again[3]?.kind == .passed, "\(again[3]?.message ?? "")")
    }
}
