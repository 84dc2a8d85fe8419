import Foundation
import GalleySite
import Testing
import _GalleyTestSupport

/// Snippets in the preview run apart from rebuilds: an edit is built while they run, the
/// viewed page's programs come first, and results land on the site as it is by then.
@Suite("Preview session: snippets beside rebuilds", .serialized)
struct PreviewSnippetTests {
    let folder: TemporaryFolder
    var session: PreviewSession

    init() throws {
        folder = try TemporaryFolder.site([
            "content/index.md": "# Home\n\n```swift\nprint(\"home\")\n```\n",
            "content/slow.md": "# Slow\n\n```swift\nimport Foundation\nThread.sleep(forTimeInterval: 3)\nprint(\"slept\")\n```\n",
            "content/other.md": "# Other\n\n```swift\nprint(\"other\")\n```\n",
        ])
        var options = PreviewSession.Options(
            contentFolder: folder.url.appending(path: "content"), templatesFolder: folder.url.appending(path: "templates")
        )
        options.jobs = 2
        session = PreviewSession(options: options)
    }

    private func html(_ path: String) -> String {
        String(decoding: session.files[path] ?? Data(), as: UTF8.self)
    }

    @Test("The viewed page's programs are run first")
    mutating func viewedFirst() async throws {
        _ = try await session.rebuild(.all)
        let work = try #require(session.pendingWork(viewed: ["other/"], limit: 1))
        #expect(work.count == 1)
        _ = try await session.apply(await work.run())
        #expect(html("other/index.html").contains("other\n"))
        #expect(html("index.html").contains(#"data-status="running""#))
    }

    @Test("While the sources are being edited, snippets run one job fewer, leaving a core for the rebuilds")
    mutating func fewerJobsWhileEditing() async throws {
        _ = try await session.rebuild(.all)
        #expect(try #require(session.pendingWork(viewed: [], limit: 10)).jobs == 2)
        #expect(try #require(session.pendingWork(viewed: [], limit: 10, editing: true)).jobs == 1)
    }

    @Test("An edit is rebuilt while the snippets run, and their results land on the edited site")
    mutating func editWhileRunning() async throws {
        _ = try await session.rebuild(.all)
        let work = try #require(session.pendingWork(viewed: [], limit: 10))
        let running = Task { await work.run() }
        // The home page's snippet changes while the programs run, and the other page's prose.
        try await Task.sleep(for: .milliseconds(300))
        try folder.write([
            "content/index.md": "# Home\n\n```swift\nprint(\"home, edited\")\n```\n",
            "content/other.md": "# Other\n\nA new paragraph above.\n\n```swift\nprint(\"other\")\n```\n",
        ])
        let started = ContinuousClock.now
        var changes = PreviewSession.Changes()
        changes.content = ["index.md", "other.md"]
        _ = try await session.rebuild(changes)
        let rebuilt = ContinuousClock.now - started
        // The rebuild did not wait for the three-second program.
        #expect(rebuilt < .seconds(2))
        #expect(html("other/index.html").contains("A new paragraph above."))

        let update = try await session.apply(await running.value)
        #expect(update != nil)
        #expect(html("other/index.html").contains("other\n") && html("other/index.html").contains("A new paragraph above."))
        #expect(html("slow/index.html").contains("slept\n"))
        // The home page's snippet is a new program now: the old one's output is not shown on it.
        #expect(!html("index.html").contains(">home\n<"))
        #expect(html("index.html").contains(#"data-status="running""#))
        let next = try #require(session.pendingWork(viewed: [], limit: 10))
        #expect(next.count == 1)
    }
}
