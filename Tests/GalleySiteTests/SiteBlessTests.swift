import Foundation
import GalleySite
import GalleySnippets
import GalleyMarkdown
import Testing
import _GalleyTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `galley bless` on pages as users' editors and tools leave them: it must keep every property
/// of the file, not only its other bytes.
@Suite("Blessing keeps the file", .serialized)
struct SiteBlessTests {
    @Test("A CRLF page with a byte-order mark keeps both, its mode and owner; a hard-linked page keeps its links")
    func keepsTheFile() async throws {
        let folder = try TemporaryFolder()
        let bom = "\u{FEFF}"
        let crlf = bom + "---\r\ntitle: Windows\r\n---\r\n# Windows\r\n\r\n```swift\r\nprint(\"crlf\")\r\n```\r\n\r\n```output\r\nold\r\n```\r\nAfter.\r\n"
        let linked = "# Linked\n\n```swift\nprint(\"linked\")\n```\n"
        try folder.write(["content/crlf.md": crlf, "content/linked.md": linked])
        let crlfPath = folder.url.appending(path: "content/crlf.md").path
        let linkedPath = folder.url.appending(path: "content/linked.md").path
        let otherLink = folder.url.appending(path: "linked-elsewhere.md").path
        #expect(chmod(crlfPath, 0o600) == 0)
        let isRoot = getuid() == 0
        if isRoot { #expect(chown(crlfPath, 4321, 4321) == 0) }
        #expect(link(linkedPath, otherLink) == 0)

        var bless = SiteBless(contentFolder: folder.url.appending(path: "content"))
        bless.jobs = 2
        let report = try await bless.run()
        #expect(report.refused.isEmpty, "\(report.refused)")
        #expect(report.updated.count == 2)

        let blessed = try Data(contentsOf: URL(filePath: crlfPath))
        #expect(blessed.starts(with: [0xEF, 0xBB, 0xBF]))
        let expected = crlf.replacingOccurrences(of: "```output\r\nold\r\n```", with: "```output\r\ncrlf\r\n```")
        #expect(blessed == Data(expected.utf8))
        var status = stat()
        #expect(stat(crlfPath, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        if isRoot { #expect(status.st_uid == 4321 && status.st_gid == 4321) }

        let expectedLinked = linked + "\n```output\nlinked\n```\n"
        #expect(try String(contentsOfFile: linkedPath, encoding: .utf8) == expectedLinked)
        #expect(try String(contentsOfFile: otherLink, encoding: .utf8) == expectedLinked)
        var linkedStatus = stat()
        #expect(stat(linkedPath, &linkedStatus) == 0)
        #expect(linkedStatus.st_nlink == 2)
        // No temporary or backup file is left beside the pages.
        #expect(folder.files(under: "content") == ["crlf.md", "linked.md"])

        // Blessing again changes nothing, byte for byte.
        let second = try await bless.run()
        #expect(second.updated.isEmpty && second.pagesWritten.isEmpty)
        #expect(try Data(contentsOf: URL(filePath: crlfPath)) == Data(expected.utf8))
    }

    @Test("Output that changes between runs is refused with both runs and the normaliser that would help; unordered output is not")
    func stability() async throws {
        let folder = try TemporaryFolder()
        let page = """
            # Unstable

            ```swift
            print("a number:", Int.random(in: 0..<1_000_000))
            ```

            ```swift
            print("took \\(Int.random(in: 10...99)) ms")
            ```

            ```swift unordered
            let words = ["a", "b", "c", "d"].shuffled()
            for word in words { print(word) }
            ```

            ```swift
            print("steady")
            ```
            """
        try folder.write(["content/index.md": page])
        var bless = SiteBless(contentFolder: folder.url.appending(path: "content"))
        bless.jobs = 2
        let report = try await bless.run()
        let refused = Dictionary(grouping: report.refused, by: { $0.location?.line ?? 0 })
        #expect(refused[3]?.first?.message.contains("differs between two runs") == true)
        #expect(refused[7]?.first?.message.contains("`normalize=durations` on its fence would make them equal") == true)
        #expect(refused[7]?.first?.message.contains("first run") == true)
        #expect(report.updated.map(\.line).sorted() == [11, 16])
        let blessed = try folder.read("content/index.md")
        #expect(blessed.contains("```swift\nprint(\"steady\")\n```\n\n```output\nsteady\n```"))
        #expect(!blessed.contains("```output\na number:"))
    }

    @Test("--failing leaves unverified snippets alone; a place blesses one snippet; a dry run writes nothing")
    func selection() async throws {
        let folder = try TemporaryFolder()
        let page = "# Page\n\n```swift\nprint(\"new\")\n```\n\n```output\nold\n```\n\n```swift\nprint(\"unverified\")\n```\n\n```swift\nprint(\"third\")\n```\n"
        try folder.write(["content/index.md": page])
        var bless = SiteBless(contentFolder: folder.url.appending(path: "content"))
        bless.jobs = 2
        bless.dryRun = true
        let dry = try await bless.run()
        #expect(dry.updated.count == 3)
        #expect(dry.diffs.count == 1 && dry.diffs[0].contains("-old") && dry.diffs[0].contains("+new"))
        #expect(try folder.read("content/index.md") == page)

        bless.dryRun = false
        bless.failingOnly = true
        let failing = try await bless.run()
        #expect(failing.updated.map(\.line) == [3])
        let afterFailing = try folder.read("content/index.md")
        #expect(afterFailing == page.replacingOccurrences(of: "```output\nold\n```", with: "```output\nnew\n```"))

        bless.failingOnly = false
        bless.only = SnippetLocation(path: "index.md", line: 17)
        let one = try await bless.run()
        #expect(one.updated.map(\.line) == [15])
        #expect(try folder.read("content/index.md").contains("print(\"third\")\n```\n\n```output\nthird\n```"))
        #expect(!(try folder.read("content/index.md")).contains("```output\nunverified"))

        bless.only = SnippetLocation(path: "index.md", line: 1)
        await #expect(throws: BuildFailure.self) { _ = try await bless.run() }
    }

    @Test("The site's normalisers and replacements and a fence's `normalize=` reach check and bless; bless keeps placeholders")
    func siteFilters() async throws {
        let folder = try TemporaryFolder()
        let page = """
            # Filters

            ```swift
            print("request #\(Int.random(in: 100...999)) took \(Int.random(in: 10...99)) ms")
            ```

            ```output
            request #N took [duration]
            ```

            ```swift normalize=uuids
            import Foundation
            print("id", UUID().uuidString)
            ```

            ```output
            id [uuid]
            ```

            ```swift
            print("steady")
            ```

            ```output
            old
            ```
            """
        let config = "snippets:\n  normalize: durations\n  filters:\n    - pattern: \"#[0-9]+\"\n      replacement: \"#N\"\n"
        try folder.write(["content/index.md": page, "content/site.yml": config])
        var options = SiteCheck.Options(contentFolder: folder.url.appending(path: "content"))
        options.jobs = 2
        let report = try await SiteCheck(options: options).run()
        #expect(report.verdicts.map(\.kind) == [.passed, .passed, .failed], "\(report.verdicts.map(\.message))")

        var bless = SiteBless(contentFolder: folder.url.appending(path: "content"))
        bless.jobs = 2
        let blessed = try await bless.run()
        #expect(blessed.refused.isEmpty, "\(blessed.refused)")
        #expect(try folder.read("content/index.md") == page.replacingOccurrences(of: "```output\nold\n```", with: "```output\nsteady\n```"))

        // Without the site's filters the same page fails where its output changes.
        try folder.write(["content/site.yml": "title: Filters\n"])
        options.readsCache = false
        let unfiltered = try await SiteCheck(options: options).run()
        #expect(unfiltered.verdicts.map(\.kind) == [.failed, .passed, .passed])
    }
}
