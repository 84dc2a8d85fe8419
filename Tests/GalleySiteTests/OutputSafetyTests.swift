import Foundation
import GalleySite
import Testing
import _GalleyTestSupport

/// Which folders a build reads, what it may replace and what it must leave alone, starting
/// with content and templates folders that are symbolic links.
@Suite("Output safety")
struct OutputSafetyTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder.site(FixtureSite.guide)
    }

    private func url(_ path: String) -> URL {
        folder.url.appending(path: path)
    }

    private func build(content: String = "content", templates: String = "templates", output: String = "_site") async throws {
        var options = SiteBuilder.Options(contentFolder: url(content), templatesFolder: url(templates), outputFolder: url(output))
        options.runSnippets = false
        _ = try await SiteBuilder(options: options).build()
    }

    private func link(_ path: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: url(path).path, withDestinationPath: destination)
    }

    /// Every file below `path` with its bytes.
    private func snapshot(_ path: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for file in folder.files(under: path) { files[file] = try Data(contentsOf: url(path).appending(path: file)) }
        return files
    }

    // MARK: Symbolic-link roots

    @Test("A symbolic link as --content or --templates builds the same site as the real folders")
    func symlinkedRoots() async throws {
        try link("docs", to: "content")
        try link("theme", to: "templates")
        try await build(output: "real")
        try await build(content: "docs", templates: "theme", output: "linked")
        let real = try snapshot("real")
        #expect(real.keys.contains("guide/basics/index.html"))
        #expect(try snapshot("linked") == real)

        let linked = try SiteSnippets.collect(contentFolder: url("docs"))
        let direct = try SiteSnippets.collect(contentFolder: url("content"))
        #expect(linked.pages.map(\.sourcePath) == direct.pages.map(\.sourcePath))
        #expect(!linked.programs.isEmpty)

        var session = PreviewSession(options: PreviewSession.Options(contentFolder: url("docs"), templatesFolder: url("theme")))
        _ = try await session.rebuild(.all)
        #expect(Set(session.files.keys) == Set(real.keys))
    }

    @Test("Through a linked --content, links inside the content folder are still left out")
    func linksInsideContent() async throws {
        try folder.write(["elsewhere/secret.md": "# Secret\n"])
        try link("content/secret.md", to: "../elsewhere/secret.md")
        try link("content/more", to: "../elsewhere")
        try link("docs", to: "content")
        try await build(content: "docs")
        #expect(folder.exists("_site/guide/basics/index.html"))
        #expect(!folder.exists("_site/secret") && !folder.exists("_site/more"))
    }
}
