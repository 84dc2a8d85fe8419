import Foundation
import GalleySnippets
import Testing
import _GalleyTestSupport

@testable import GalleySite

/// Rewriting a user's page: refusals carry a code and the system's cause, and leave the page as it was.
@Suite("Source file writer")
struct SourceFileWriterTests {
    @Test("A page that changed since it was read is refused by code, and kept")
    func changedMeanwhile() throws {
        let folder = try TemporaryFolder()
        try folder.write(["page.md": "edited by the user\n"])
        let path = folder.url.appending(path: "page.md").path
        #expect {
            try SourceFileWriter.replace(fileAt: path, expected: Array("as read\n".utf8), with: Array("blessed\n".utf8))
        } throws: { error in
            (error as? SourceFileWriter.Failure)?.code == .changedMeanwhile
        }
        #expect(try folder.read("page.md") == "edited by the user\n")
    }

    @Test("A page that is gone is unreadable, with the system's errno as its cause")
    func missingPage() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appending(path: "gone.md").path
        #expect {
            try SourceFileWriter.replace(fileAt: path, expected: [], with: Array("blessed\n".utf8))
        } throws: { error in
            guard let failure = error as? SourceFileWriter.Failure else { return false }
            return failure.code == .unreadable && failure.cause?.code == ENOENT
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
