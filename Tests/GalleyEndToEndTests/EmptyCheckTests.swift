import Foundation
import Testing
import _GalleyTestSupport

/// `galley check` on a site where it finds nothing to check must not pass silently: CI would
/// go green on an empty run.
@Suite("galley check with nothing to check, end to end")
struct EmptyCheckTests {
    @Test("A content folder without pages is a warning, and a failure with --strict")
    func noPages() async throws {
        let folder = try TemporaryFolder()
        try folder.write(["content/images/logo.svg": "<svg/>\n"])

        let run = try await CommandRun.galley(["check"], in: folder.url)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("warning: the content folder `content` has no pages"), "\(run.standardError)")
        #expect(run.standardOutput.hasSuffix("0 passed, 0 failed, 0 skipped\n"))

        let strict = try await CommandRun.galley(["check", "--strict", "--quiet"], in: folder.url)
        #expect(strict.status == 1)
        #expect(strict.standardError.contains("error: the content folder `content` has no pages"), "\(strict.standardError)")
    }

    @Test("Pages without a single snippet are a warning, and a failure with --strict")
    func noSnippets() async throws {
        let folder = try TemporaryFolder()
        try folder.write(["content/index.md": "# Home\n\nNo code here.\n", "content/guide/intro.md": "# Intro\n\n```sh\nls\n```\n"])

        let run = try await CommandRun.galley(["check"], in: folder.url)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("warning: no snippets were found in 2 pages"), "\(run.standardError)")

        let strict = try await CommandRun.galley(["check", "--strict"], in: folder.url)
        #expect(strict.status == 1)
        #expect(strict.standardError.contains("error: no snippets were found in 2 pages"), "\(strict.standardError)")

        let filtered = try await CommandRun.galley(["check", "--strict", "--filter", "nothing-matches"], in: folder.url)
        #expect(filtered.status == 1)
        #expect(filtered.standardError.contains("error: no page's path contains `nothing-matches`"), "\(filtered.standardError)")
    }

    @Test("Snippets that are all shown only (`snippets.default: norun`) are a warning, and a failure with --strict")
    func nothingCompiled() async throws {
        let folder = try TemporaryFolder()
        try folder.write([
            "content/site.yml": "snippets:\n  default: norun\n",
            "content/index.md": "# Home\n\n```swift\nnot Swift\n```\n\n```swift ignore\nnor this\n```\n",
        ])
        let run = try await CommandRun.galley(["check"], in: folder.url)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("warning: 2 snippets found in 1 page, none compiled"), "\(run.standardError)")
        #expect(run.standardOutput.hasSuffix("0 passed, 0 failed, 2 skipped\n"))
        let strict = try await CommandRun.galley(["check", "--strict"], in: folder.url)
        #expect(strict.status == 1)
        // One block opted in is a real check again.
        try folder.write(["content/index.md": "# Home\n\n```swift run\nprint(1)\n```\n\n```output\n1\n```\n"])
        let optedIn = try await CommandRun.galley(["check", "--strict"], in: folder.url)
        #expect(optedIn.status == 0, "\(optedIn.standardError)")
    }

    @Test("A symbolic link as --content checks the pages it leads to")
    func symlinkedContent() async throws {
        let folder = try TemporaryFolder()
        try folder.write(["docs/index.md": "# Home\n\n```swift\nprint(\"hi\")\n```\n\n```output\nhi\n```\n"])
        try FileManager.default.createSymbolicLink(atPath: folder.url.appending(path: "content").path, withDestinationPath: "docs")

        let run = try await CommandRun.galley(["check", "--strict"], in: folder.url)
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.hasSuffix("1 passed, 0 failed, 0 skipped\n"), "\(run.standardOutput)")
        #expect(!run.standardError.contains("warning:") && !run.standardError.contains("error:"), "\(run.standardError)")
    }
}
