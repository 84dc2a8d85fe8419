import Foundation
import GalleySite
import Testing
import _GalleyTestSupport

/// Which folders a build reads, what it may replace and what it must leave alone: content and
/// templates folders that are symbolic links, links around the output, and outputs that
/// overlap the sources.
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

    /// What a build that must fail printed, or `nil` when it built.
    private func refusal(content: String = "content", templates: String = "templates", output: String = "_site") async -> String? {
        do {
            try await build(content: content, templates: templates, output: output)
            return nil
        } catch {
            return "\(error)"
        }
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

    private func isLink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: url(path).path)) != nil
    }

    /// A folder of the user's own that shares names with the site's folders.
    private func writeUserFolder() throws {
        try folder.write([
            "www/index.html": "the user's own home page\n", "www/guide/notes.txt": "keep me\n", "www/images/photo.jpg": "JPEG",
        ])
    }

    // MARK: Links around the output

    @Test("A symbolic link as the output folder is refused, and what it points to is untouched after two builds", arguments: ["www", "content"])
    func symlinkedOutput(target: String) async throws {
        try writeUserFolder()
        try link("_site", to: target)
        let before = try snapshot(target)
        let sources = try snapshot("content")
        for _ in 1...2 {
            let message = try #require(await refusal())
            #expect(message.contains("the output folder `\(url("_site").path)` is a symbolic link to `\(url(target).resolvingSymlinksInPath().path)`"), "\(message)")
            #expect(message.contains("point --output at a real folder"), "\(message)")
        }
        #expect(try snapshot(target) == before)
        #expect(try snapshot("content") == sources)
        #expect(isLink("_site"))
        #expect(!folder.exists("._site.galley-staging"))
    }

    @Test("A symbolic link as the staging or the old folder is refused and never followed", arguments: ["._site.galley-staging", "._site.galley-old"])
    func symlinkedStaging(name: String) async throws {
        try writeUserFolder()
        try await build()
        let site = try snapshot("_site")
        let before = try snapshot("www")
        try link(name, to: "www")
        let message = try #require(await refusal())
        #expect(message.contains("`\(url(name).path)` is a symbolic link to `\(url("www").resolvingSymlinksInPath().path)`"), "\(message)")
        #expect(message.contains("remove the link"), "\(message)")
        #expect(try snapshot("www") == before)
        #expect(try snapshot("_site") == site)
        #expect(isLink(name))
    }

    @Test("A link inside the staging folder is removed, never written or pruned through")
    func linkInsideStaging() async throws {
        try writeUserFolder()
        // Two builds: the staging folder then holds the first one's site.
        try await build()
        try await build()
        #expect(folder.exists("._site.galley-staging/guide/index.html"))
        try FileManager.default.removeItem(at: url("._site.galley-staging/guide"))
        try link("._site.galley-staging/guide", to: "../www/guide")
        try FileManager.default.removeItem(at: url("._site.galley-staging/index.html"))
        try link("._site.galley-staging/index.html", to: "../www/index.html")
        let before = try snapshot("www")
        try await build()
        #expect(try snapshot("www") == before)
        #expect(try folder.read("_site/guide/index.html").contains("The Guide"))
        #expect(try folder.read("_site/index.html").contains("Welcome"))
        #expect(!isLink("_site/guide") && !isLink("_site/index.html"))
    }

    @Test("An output that is a file is refused, and the file is left where and as it was")
    func outputIsAFile() async throws {
        try folder.write(["_site": "my notes\n"])
        for _ in 1...2 {
            let message = try #require(await refusal())
            #expect(message.contains("`\(url("_site").path)` is a file, not a folder"), "\(message)")
        }
        #expect(try folder.read("_site") == "my notes\n")
        #expect(!folder.exists("._site.galley-staging") && !folder.exists("._site.galley-old"))
    }

    @Test(
        "An output that is, holds or is inside the content or templates folder is refused, links followed",
        arguments: [
            ("content", "content/_site", "is inside the content folder"),
            ("content", "content", "is the content folder"),
            ("content", ".", "holds the content folder"),
            ("content", "templates/assets/out", "is inside the templates folder"),
            ("content", "here/_site", "is inside the content folder"),  // here → content
            ("docs", "content", "is the content folder"),  // docs → content
            ("docs", "content/guide", "is inside the content folder"),
        ]
    )
    func overlappingOutput(content: String, output: String, expected: String) async throws {
        try link("here", to: "content")
        try link("docs", to: "content")
        let sources = try snapshot("content")
        let message = try #require(await refusal(content: content, output: output))
        #expect(message.contains(expected), "\(message)")
        #expect(message.contains("--output"), "\(message)")
        #expect(try snapshot("content") == sources)
        #expect(!folder.exists("content/_site") && !folder.exists("templates/assets/out"))
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
