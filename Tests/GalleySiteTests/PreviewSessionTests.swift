import Foundation
import GalleyMarkdown
import GalleySite
import Testing
import _GalleyTestSupport

/// The in-memory site behind `galley serve`, rebuilt from real files with real templates.
@Suite("Preview session: incremental rebuilds")
struct PreviewSessionTests {
    let folder: TemporaryFolder
    var session: PreviewSession

    init() throws {
        folder = try TemporaryFolder.site(FixtureSite.guide)
        var options = PreviewSession.Options(
            contentFolder: folder.url.appending(path: "content"), templatesFolder: folder.url.appending(path: "templates")
        )
        options.reloadScript = "<script>/* reload */</script>"
        options.jobs = 2
        session = PreviewSession(options: options)
    }

    private func html(_ path: String) -> String {
        String(decoding: session.files[path] ?? Data(), as: UTF8.self)
    }

    private func edit(_ path: String, _ change: (String) -> String) throws {
        let text = try folder.read(path)
        try folder.write([path: change(text)])
    }

    private func changes(content: Set<String> = [], templates: Set<String> = []) -> PreviewSession.Changes {
        var changes = PreviewSession.Changes()
        changes.content = content
        changes.templates = templates
        return changes
    }

    @Test("The first rebuild builds every page, the generated files and the copies, with the reload script")
    mutating func firstBuild() async throws {
        let update = try await session.rebuild(.all)
        #expect(update.scope == .everything(4))
        for path in ["index.html", "guide/index.html", "guide/basics/index.html", "guide/errors/index.html", "404.html",
                     "sitemap.xml", "feed.xml", "images/diagram.svg", "assets/galley.css"] {
            #expect(session.files[path] != nil, "\(path) is missing")
        }
        #expect(session.files["guide/draft/index.html"] == nil)
        #expect(html("guide/basics/index.html").contains("<script>/* reload */</script>"))
        #expect(update.changedFiles == Set(session.files.keys))
        // The snippet is not cached yet: it says it is running until it has run.
        #expect(update.pendingPrograms == 1)
        #expect(html("guide/basics/index.html").contains(#"data-status="running""#))
        #expect(html("guide/basics/index.html").contains("running…"))
    }

    @Test("A body edit re-renders that page alone")
    mutating func bodyEdit() async throws {
        _ = try await session.rebuild(.all)
        let home = session.files["index.html"]
        try edit("content/guide/errors.md") { $0 + "\nA new closing paragraph.\n" }
        let update = try await session.rebuild(changes(content: ["guide/errors.md"]))
        #expect(update.scope == .pages(1))
        // The page, and the search index, which holds its words.
        #expect(update.changedFiles.filter { !$0.hasPrefix("galley-search/") } == ["guide/errors/index.html"])
        #expect(update.changedFiles.contains("galley-search/manifest.json"))
        #expect(html("guide/errors/index.html").contains("A new closing paragraph."))
        #expect(session.files["index.html"] == home)
    }

    @Test("A new title changes the navigation, so every page is rendered again")
    mutating func titleEdit() async throws {
        _ = try await session.rebuild(.all)
        try edit("content/guide/errors.md") { $0.replacingOccurrences(of: "title: Errors", with: "title: Failures") }
        let update = try await session.rebuild(changes(content: ["guide/errors.md"]))
        #expect(update.scope == .navigation(4))
        #expect(update.changedFiles.isSuperset(of: ["index.html", "guide/basics/index.html", "guide/errors/index.html"]))
        #expect(html("index.html").contains("Failures"))
    }

    @Test("A page that becomes a draft leaves the site")
    mutating func draft() async throws {
        _ = try await session.rebuild(.all)
        try edit("content/guide/errors.md") { $0.replacingOccurrences(of: "order: 2", with: "order: 2\ndraft: true") }
        let update = try await session.rebuild(changes(content: ["guide/errors.md"]))
        // Its page, and the search index's last record: the pages after it moved up one.
        #expect(update.removedFiles == ["guide/errors/index.html", "galley-search/pages/3.json"])
        #expect(session.files["guide/errors/index.html"] == nil)
        #expect(!html("guide/basics/index.html").contains("/guide/errors/"))
    }

    @Test("A template change, or a new page, rebuilds everything")
    mutating func everything() async throws {
        _ = try await session.rebuild(.all)
        try edit("templates/layout.mustache") { $0.replacingOccurrences(of: "</body>", with: "<footer>edited</footer></body>") }
        #expect(try await session.rebuild(changes(templates: ["layout.mustache"])).scope == .everything(4))
        #expect(html("guide/errors/index.html").contains("<footer>edited</footer>"))

        try folder.write(["content/guide/new.md": "# Brand new\n"])
        let update = try await session.rebuild(changes(content: ["guide/new.md"]))
        #expect(update.scope == .everything(5))
        #expect(html("guide/new/index.html").contains("Brand new"))
    }

    @Test("A changed file is copied again without rendering a page")
    mutating func fileEdit() async throws {
        _ = try await session.rebuild(.all)
        try folder.write(["content/images/diagram.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"1\"/></svg>\n"])
        let update = try await session.rebuild(changes(content: ["images/diagram.svg"]))
        #expect(update.scope == .nothing)
        #expect(update.changedFiles == ["images/diagram.svg"])
    }

    @Test("Invalid front matter fails with its location and keeps the last good site")
    mutating func failure() async throws {
        _ = try await session.rebuild(.all)
        let before = session.files
        try edit("content/guide/errors.md") { $0.replacingOccurrences(of: "title: Errors", with: "title: [Errors") }
        await #expect {
            _ = try await session.rebuild(changes(content: ["guide/errors.md"]))
        } throws: { error in
            let failure = error as? BuildFailure
            return failure?.diagnostics.first?.location?.path.hasSuffix("content/guide/errors.md") == true
        }
        #expect(session.files == before)
        try edit("content/guide/errors.md") { $0.replacingOccurrences(of: "title: [Errors", with: "title: Errors again") }
        let update = try await session.rebuild(changes(content: ["guide/errors.md"]))
        #expect(update.scope == .navigation(4))
        #expect(html("guide/errors/index.html").contains("Errors again"))
    }

    @Test("A symbolic link pointing outside the content folder is not served")
    mutating func symbolicLinkOutside() async throws {
        let secret = try TemporaryFolder()
        try secret.write(["secret.txt": "root:x:0:0"])
        try FileManager.default.createSymbolicLink(
            at: folder.url.appending(path: "content/leak.txt"), withDestinationURL: secret.url.appending(path: "secret.txt")
        )
        try FileManager.default.createSymbolicLink(
            at: folder.url.appending(path: "content/elsewhere"), withDestinationURL: secret.url
        )
        _ = try await session.rebuild(.all)
        #expect(session.files["leak.txt"] == nil)
        #expect(session.files["elsewhere/secret.txt"] == nil)
        #expect(!session.files.values.contains { String(decoding: $0, as: UTF8.self).contains("root:x:0:0") })
    }

    @Test("Setting `snippets.default: norun` in a folder's index.md rebuilds the folder's pages with their blocks shown only")
    mutating func folderDefault() async throws {
        let first = try await session.rebuild(.all)
        #expect(first.pendingPrograms == 1)
        try edit("content/guide/index.md") { $0.replacingOccurrences(of: "order: 1\n", with: "order: 1\nsnippets:\n  default: norun\n") }
        let update = try await session.rebuild(changes(content: ["guide/index.md"]))
        #expect(update.scope == .everything(4))
        #expect(update.pendingPrograms == 0)
        #expect(!html("guide/basics/index.html").contains(#"data-status="running""#))
        #expect(html("guide/basics/index.html").contains("answer"))
        // An edit of the same index.md that leaves the setting alone stays incremental.
        try edit("content/guide/index.md") { $0 + "\nMore text.\n" }
        let again = try await session.rebuild(changes(content: ["guide/index.md"]))
        #expect(again.scope != .everything(4))
    }

    @Test("A site without a templates folder previews with the built-in theme")
    func builtInTheme() async throws {
        var options = PreviewSession.Options(contentFolder: folder.url.appending(path: "content"), templatesFolder: nil)
        options.jobs = 2
        var bare = PreviewSession(options: options)
        _ = try await bare.rebuild(.all)
        let style = try #require(bare.files["assets/galley.css"])
        #expect(style == (try Data(contentsOf: Repository.templates.appending(path: "assets/galley.css"))))
        #expect(String(decoding: bare.files["guide/basics/index.html"] ?? Data(), as: UTF8.self).contains("<!DOCTYPE html>"))
    }
}
