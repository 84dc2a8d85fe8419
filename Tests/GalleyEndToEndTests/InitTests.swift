import Foundation
import Testing
import _GalleyTestSupport

/// `galley init` as a new user runs it: a starter that checks green, and never a replaced file.
@Suite("galley init", .serialized)
struct InitTests {
    @Test("init writes a starter whose check passes with --strict; a second init refuses and changes nothing")
    func starter() throws {
        let folder = try TemporaryFolder()
        let first = try CommandRun.galley(["init", "site"], in: folder.url)
        #expect(first.status == 0, "\(first.standardError)")
        for path in ["content/site.yml", "content/index.md", "content/guide/first-steps.md", ".gitignore"] {
            #expect(folder.exists("site/" + path), "\(path) is missing")
        }
        #expect(try folder.read("site/.gitignore").contains(".galley/"))
        let site = folder.url.appending(path: "site")
        let check = try CommandRun.galley(["check", "--strict"], in: site)
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
        #expect(check.standardOutput.hasSuffix("3 passed, 0 failed, 0 skipped\n"))

        try folder.write(["site/content/index.md": "# Mine\n"])
        let again = try CommandRun.galley(["init", "site"], in: folder.url)
        #expect(again.status == 1)
        #expect(again.standardError.contains("never replaces a file"))
        #expect(try folder.read("site/content/index.md") == "# Mine\n")
    }
}
