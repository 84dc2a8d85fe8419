import Foundation
import GalleySite
import GalleySnippets
import Testing
import _GalleyTestSupport

/// A folder of Markdown not written for Galley: `snippets.default: norun` keeps its blocks shown
/// only, a folder's `index.md` or a page's front matter turns running back on, and `run` opts
/// one block in.
@Suite("Snippets that run by default, or only when asked")
struct SnippetDefaultTests {
    static let site: [String: String] = [
        "content/site.yml": "snippets:\n  default: norun\n",
        "content/index.md": "# Home\n\n```swift\nthis is not Swift at all\n```\n",
        "content/old/proposal.md": """
            # A proposal

            ```swift
            let x = someFunctionThatDoesNotExist()
            ```

            ```swift run
            print("opted in")
            ```

            ```output
            opted in
            ```
            """,
        "content/old/own.md": """
            ---
            snippets:
              default: run
            ---
            # Runs on its own say-so

            ```swift
            print("own page")
            ```

            ```output
            own page
            ```
            """,
        "content/new/index.md": "---\nsnippets:\n  default: run\n---\n# New\n",
        "content/new/deeper/page.md": """
            # Below the new folder

            ```swift
            print("inherited")
            ```

            ```output
            inherited
            ```
            """,
    ]

    @Test("Check compiles only the blocks that run by their page's, folder's or fence's say-so")
    func check() async throws {
        let folder = try TemporaryFolder()
        try folder.write(Self.site)
        var options = SiteCheck.Options(contentFolder: folder.url.appending(path: "content"))
        options.jobs = 2
        let report = try await SiteCheck(options: options).run()
        let kinds = Dictionary(uniqueKeysWithValues: report.verdicts.map { ("\($0.snippet.location)", $0.kind) })
        let content = folder.url.appending(path: "content").path
        #expect(kinds["\(content)/index.md:3"] == .skipped)
        #expect(kinds["\(content)/old/proposal.md:3"] == .skipped)
        #expect(kinds["\(content)/old/proposal.md:7"] == .passed)
        #expect(kinds["\(content)/old/own.md:7"] == .passed)
        #expect(kinds["\(content)/new/deeper/page.md:3"] == .passed)
        #expect(report.programs.count == 3)
    }

    @Test("Build shows a block that does not run as code, with no output panel, and fails on none of them")
    func build() async throws {
        let folder = try TemporaryFolder()
        try folder.write(Self.site)
        var options = SiteBuilder.Options(
            contentFolder: folder.url.appending(path: "content"), templatesFolder: Repository.templates,
            outputFolder: folder.url.appending(path: "_site")
        )
        options.jobs = 2
        let report = try await SiteBuilder(options: options).build()
        #expect(report.summary.pagesWritten == 6)  // five pages and the 404 page
        let proposal = try folder.read("_site/old/proposal/index.html")
        #expect(proposal.components(separatedBy: "class=\"snippet-output\"").count == 2)
        #expect(proposal.contains("opted in"))
        #expect(try folder.read("_site/new/deeper/page/index.html").contains("class=\"snippet-output\""))
    }
}
