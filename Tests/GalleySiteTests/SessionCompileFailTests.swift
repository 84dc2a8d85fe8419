import Foundation
import GalleySite
import GalleySnippets
import Testing
import _GalleyTestSupport

/// A `compile-fail` block inside a session: compiled after the blocks before it, and left out
/// of the program for the blocks after it. Real `swiftc`.
@Suite("compile-fail in a session", .serialized)
struct SessionCompileFailTests {
    static let page = """
        # A ledger

        ```swift session=ledger
        let total = 1
        print(total)
        ```

        ```output
        1
        ```

        `total` is a `let`, so this does not compile:

        ```swift session=ledger compile-fail
        total += 1
        ```

        ```output
        error: left side of mutating operator isn't mutable: 'total' is a 'let' constant
        ```

        ```swift session=ledger
        print(total + 1)
        ```

        ```output
        2
        ```

        ```swift session=ledger compile-fail
        let fine = total
        ```
        """

    private func check(_ folder: TemporaryFolder) async throws -> SiteCheck.Report {
        var options = SiteCheck.Options(contentFolder: folder.url.appending(path: "content"))
        options.jobs = 2
        return try await SiteCheck(options: options).run()
    }

    @Test("It must fail after the blocks before it; its expected error is compared; the blocks after it run without it")
    func verdicts() async throws {
        let folder = try TemporaryFolder()
        try folder.write(["content/index.md": Self.page])
        let report = try await check(folder)
        let byLine = Dictionary(uniqueKeysWithValues: report.verdicts.map { ($0.snippet.location.line, $0) })
        #expect(byLine[3]?.kind == .passed)
        #expect(byLine[14]?.kind == .passed, "\(byLine[14]?.message ?? "") \(byLine[14]?.details ?? "")")
        #expect(byLine[22]?.kind == .passed, "\(byLine[22]?.message ?? "")")
        #expect(byLine[30]?.kind == .failed)
        #expect(byLine[30]?.message == "compiles, but is marked `compile-fail`")

        // A wrong expected error fails, with a diff of the expected errors and the compiler's.
        try folder.write(["content/index.md": Self.page.replacingOccurrences(of: "'total' is a 'let' constant", with: "something else")])
        let wrong = try await check(folder)
        let failed = try #require(wrong.verdicts.first { $0.snippet.location.line == 14 })
        #expect(failed.kind == .failed)
        #expect(failed.message == "the compiler's errors differ from its `output` block")
        #expect(failed.details.contains("-error: left side of mutating operator isn't mutable: something else\n"), "\(failed.details)")
        // The compiler's diagnostics follow, each at its page line, without Galley's own lines.
        #expect(failed.details.contains("index.md:15:7: error: left side of mutating operator isn't mutable"), "\(failed.details)")
        #expect(failed.details.contains("index.md:4:1: note: change 'let' to 'var' to make it mutable"), "\(failed.details)")
        #expect(!failed.details.contains("_GalleyBlocks") && !failed.details.contains("#sourceLocation"), "\(failed.details)")
    }

    @Test("Bless writes its error lines, and the check passes after")
    func bless() async throws {
        let folder = try TemporaryFolder()
        let page = Self.page.replacingOccurrences(
            of: "```output\nerror: left side of mutating operator isn't mutable: 'total' is a 'let' constant\n```", with: "```output\nstale\n```"
        )
        .replacingOccurrences(of: "```swift session=ledger compile-fail\nlet fine = total\n```", with: "")
        try folder.write(["content/index.md": page])
        var bless = SiteBless(contentFolder: folder.url.appending(path: "content"))
        bless.jobs = 2
        let report = try await bless.run()
        #expect(report.updated.map(\.line) == [14])
        let blessed = try folder.read("content/index.md")
        #expect(blessed.contains("```output\nerror: left side of mutating operator isn't mutable: 'total' is a 'let' constant\n```"))
        let again = try await check(folder)
        #expect(again.count(.failed) == 0 && again.count(.passed) == 3)
    }
}
