import Foundation
import GalleySite
import Testing
import _GalleyTestSupport

/// Which folders a build reads, what it may replace and what it must leave alone: content and
/// templates folders that are symbolic links, links around the output, outputs that overlap
/// the sources, and sources that would be written to the same path.
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

    @Test("A folder of someone else's files named as the output is refused and left as it was; Galley's own output is replaced")
    func foreignFolder() async throws {
        try folder.write(["_site/taxes-2025.pdf": "keep me\n", "_site/notes/todo.txt": "and me\n"])
        for _ in 1...2 {
            let message = try #require(await refusal())
            #expect(message.contains("holds files that Galley did not write"), "\(message)")
        }
        #expect(try folder.read("_site/taxes-2025.pdf") == "keep me\n")
        #expect(try folder.read("_site/notes/todo.txt") == "and me\n")
        // A staging folder of someone else's files is refused too.
        try FileManager.default.removeItem(at: url("_site"))
        try folder.write(["._site.galley-staging/mine.txt": "mine\n"])
        #expect(try #require(await refusal()).contains("holds files that Galley did not write"))
        #expect(try folder.read("._site.galley-staging/mine.txt") == "mine\n")
        // Once Galley has written the output, it replaces it on every build.
        try FileManager.default.removeItem(at: url("._site.galley-staging"))
        #expect(await refusal() == nil)
        #expect(folder.exists("_site/.galley-site"))
        #expect(await refusal() == nil)
    }

    @Test(
        "An output that is or holds the content or templates folder is refused, links followed",
        arguments: [
            ("content", "content", "is the content folder"),
            ("content", ".", "holds the content folder"),
            ("content", "templates", "is the templates folder"),
            ("docs", "content", "is the content folder"),  // docs → content
            ("content", "here/..", "holds the content folder"),  // here → content
        ]
    )
    func overlappingOutput(content: String, output: String, expected: String) async throws {
        try link("here", to: "content")
        try link("docs", to: "content")
        let sources = try snapshot("content")
        let templates = try snapshot("templates")
        let message = try #require(await refusal(content: content, output: output))
        #expect(message.contains(expected), "\(message)")
        #expect(message.contains("--output"), "\(message)")
        #expect(try snapshot("content") == sources)
        #expect(try snapshot("templates") == templates)
    }

    @Test(
        "An output inside the content or templates folder is built there and never read back as pages, files or templates",
        arguments: ["content/_site", "here/_site", "content/guide/out", "templates/assets/out"]
    )
    func outputInsideSources(output: String) async throws {
        try link("here", to: "content")
        let sources = try snapshot("content").filter { !$0.key.hasPrefix("_site/") && !$0.key.hasPrefix("guide/out/") }
        let templates = try snapshot("templates").filter { !$0.key.hasPrefix("assets/out/") }
        try await build(output: output)
        let first = try snapshot(output)
        #expect(first.keys.contains("guide/basics/index.html"))
        // A second and a third build read the same sources: the first site is not one of them.
        try await build(output: output)
        try await build(output: output)
        let third = try snapshot(output)
        #expect(third.keys.sorted() == first.keys.sorted())
        #expect(!third.keys.contains { $0.hasPrefix("_site/") || $0.hasPrefix("guide/out/") || $0.hasPrefix("assets/out/") })
        // What the user wrote is as it was, besides the site and Galley's hidden folders.
        let outputInContent = output.hasPrefix("content/") || output.hasPrefix("here/")
        let after = try snapshot("content").filter { entry in
            !(outputInContent && entry.key.hasPrefix(output.split(separator: "/").dropFirst().joined(separator: "/") + "/"))
                && !entry.key.split(separator: "/").contains { $0.hasPrefix(".") }
        }
        #expect(after == sources)
        let templatesAfter = try snapshot("templates").filter { entry in
            !entry.key.hasPrefix("assets/out/") && !entry.key.split(separator: "/").contains { $0.hasPrefix(".") }
        }
        #expect(templatesAfter == templates)
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
        // The preview serves the site; only a written folder carries Galley's marker.
        #expect(Set(session.files.keys) == Set(real.keys).subtracting([StagedOutput.markerName]))
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

    // MARK: Two sources for one path

    static let collisions: [(files: [String: String], names: [String])] = [
        (["content/a.md": "# A\n", "content/a/index.md": "# A again\n"], ["content/a.md", "content/a/index.md"]),
        (["content/b.md": "# B\n", "content/b/index.html": "<p>copied</p>\n"], ["content/b.md", "content/b/index.html"]),
        (["content/index.html": "<p>copied home</p>\n"], ["content/index.md", "content/index.html"]),
        (["content/index.html.md": "# Not the home page\n"], ["content/index.md", "content/index.html.md"]),
        (["content/404.html": "<p>mine</p>\n"], ["content/404.html", "not-found page"]),
        (["content/feed.xml": "<feed/>\n"], ["content/feed.xml", "Atom feed"]),
        (["content/sitemap.xml": "<urlset/>\n"], ["content/sitemap.xml", "sitemap"]),
        (["content/sitemap.xml.md": "# Sitemap\n"], ["content/sitemap.xml.md", "sitemap"]),
        (["content/assets/galley.css": "body {}\n"], ["content/assets/galley.css", "templates/assets/galley.css"]),
        (["content/assets/galley.css/index.md": "# Style\n"], ["content/assets/galley.css/index.md", "templates/assets/galley.css"]),
        (["content/images/diagram.svg.md": "# Diagram\n"], ["content/images/diagram.svg", "content/images/diagram.svg.md"]),
    ]

    @Test("Two sources for one output path stop the build with an error naming both", arguments: collisions)
    func collision(files: [String: String], names: [String]) async throws {
        try await build()
        let site = try snapshot("_site")
        try folder.write(files)
        let failure = try #require(await refusalDiagnostics())
        #expect(failure.count == 1, "\(failure)")
        let message = failure.map(\.description).joined(separator: "\n")
        for name in names {
            #expect(message.contains(name.hasPrefix("content/") || name.hasPrefix("templates/") ? url(name).path : name), "\(message)")
        }
        #expect(message.contains("rename"), "\(message)")
        #expect(try snapshot("_site") == site)
    }

    @Test("galley serve refuses the same collisions", arguments: collisions)
    func previewCollision(files: [String: String], names: [String]) async throws {
        try folder.write(files)
        var session = PreviewSession(options: PreviewSession.Options(contentFolder: url("content"), templatesFolder: url("templates")))
        do {
            _ = try await session.rebuild(.all)
            Issue.record("the preview should refuse the site")
        } catch {
            let message = error.diagnostics.map(\.description).joined(separator: "\n")
            for name in names {
                #expect(message.contains(name.hasPrefix("content/") || name.hasPrefix("templates/") ? url(name).path : name), "\(message)")
            }
        }
    }

    @Test("A theme asset added while serving that lands on a content file is refused")
    func previewAssetCollision() async throws {
        try folder.write(["content/assets/logo.svg": "<svg/>\n"])
        var session = PreviewSession(options: PreviewSession.Options(contentFolder: url("content"), templatesFolder: url("templates")))
        _ = try await session.rebuild(.all)
        try folder.write(["templates/assets/logo.svg": "<svg id=\"theme\"/>\n"])
        var changes = PreviewSession.Changes()
        changes.templates = ["assets/logo.svg"]
        do {
            _ = try await session.rebuild(changes)
            Issue.record("the preview should refuse the new asset")
        } catch {
            let message = "\(error)"
            #expect(message.contains(url("content/assets/logo.svg").path) && message.contains(url("templates/assets/logo.svg").path), "\(message)")
        }
        #expect(session.files["assets/logo.svg"] == Data("<svg/>\n".utf8))
    }

    @Test("A site whose paths only look alike builds, and its sitemap lists each URL once")
    func noCollision() async throws {
        try folder.write([
            "content/a/b.md": "# B\n", "content/a/c.html": "<p>c</p>\n", "content/assets/logo.svg": "<svg/>\n",
            "content/index.html.txt": "notes\n", "content/feeds/feed.xml": "<feed/>\n", "content/guide/index.md.txt": "x\n",
        ])
        try await build()
        for path in ["a/b/index.html", "a/c.html", "assets/logo.svg", "assets/galley.css", "index.html.txt", "feeds/feed.xml", "feed.xml"] {
            #expect(folder.exists("_site/" + path), "\(path)")
        }
        let sitemap = try folder.read("_site/sitemap.xml")
        let locations = sitemap.split(separator: "<loc>").dropFirst().map { $0.prefix { $0 != "<" } }
        #expect(locations.count == 5)
        #expect(Set(locations).count == locations.count, "\(locations)")

        var session = PreviewSession(options: PreviewSession.Options(contentFolder: url("content"), templatesFolder: url("templates")))
        _ = try await session.rebuild(.all)
        #expect(session.files["a/c.html"] != nil && session.files["assets/logo.svg"] != nil)
    }

    private func refusalDiagnostics() async -> [Diagnostic]? {
        do {
            try await build()
            return nil
        } catch let failure as BuildFailure {
            return failure.diagnostics
        } catch {
            return [.error(at: nil, "\(error)")]
        }
    }
}
