import Foundation
import GalleySite
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
}
