import Foundation
import GalleyServer
import GalleySite
import Testing
import _GalleyTestSupport

/// The watcher on real folders, with inotify and with polling.
@Suite("Source watcher")
struct SourceWatcherTests {
    /// Collects what the watcher delivers.
    actor Collected {
        var changes = PreviewSession.Changes()
        func add(_ more: PreviewSession.Changes) { changes = changes.merging(more) }
        func take() -> PreviewSession.Changes {
            defer { changes = PreviewSession.Changes() }
            return changes
        }
    }

    /// Runs the watcher while `body` edits the folders; returns what it saw after each step.
    private func watch(
        _ method: SourceWatcher.Method, in folder: TemporaryFolder,
        steps: [(String, () throws -> Void, (PreviewSession.Changes) -> Bool)]
    ) async throws {
        let watcher = SourceWatcher(contentFolder: folder.url.appending(path: "content"), templatesFolder: folder.url.appending(path: "templates"))
        let collected = Collected()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await watcher.run(method) { await collected.add($0) } }
            // Let the watches settle (polling takes its first snapshot) before the first edit;
            // on a machine busy with compilers that first scan can take a while.
            try await Task.sleep(for: .seconds(1))
            for (name, edit, expected) in steps {
                try edit()
                var seen = PreviewSession.Changes()
                // Generous: the suite's end-to-end tests wait for `galley` synchronously, and on
                // two cores they can hold both of the pool's threads for seconds at a time.
                let deadline = ContinuousClock.now + .seconds(30)
                while !expected(seen), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                    seen = seen.merging(await collected.take())
                }
                #expect(expected(seen), "\(name): saw content \(seen.content), templates \(seen.templates), everything \(seen.everything)")
            }
            group.cancelAll()
        }
    }

    private func site() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write(["content/index.md": "# Home\n", "content/guide/a.md": "# A\n", "templates/layout.mustache": "{{{content}}}"])
        return folder
    }

    @Test("inotify and polling both see edits, new folders and their files, removals, and templates",
          arguments: [SourceWatcher.Method.notify, .poll(interval: .milliseconds(100))])
    func changes(method: SourceWatcher.Method) async throws {
        let folder = try site()
        try await watch(method, in: folder, steps: [
            ("edit", { try folder.write(["content/guide/a.md": "# A, edited\n"]) }, { $0.content.contains("guide/a.md") }),
            ("new folder", { try folder.write(["content/new/deeper/b.md": "# B\n"]) }, { $0.content.contains("new/deeper/b.md") }),
            ("edit in the new folder", { try folder.write(["content/new/deeper/b.md": "# B, edited\n"]) },
             { $0.content.contains("new/deeper/b.md") }),
            ("removal", { try FileManager.default.removeItem(at: folder.url.appending(path: "content/guide/a.md")) },
             { $0.content.contains("guide/a.md") }),
            ("template", { try folder.write(["templates/layout.mustache": "<main>{{{content}}}</main>"]) },
             { $0.templates.contains("layout.mustache") }),
            ("hidden files are ignored, the next real edit is seen alone",
             { try folder.write(["content/.a.md.swp": "x", "content/index.md~": "x", "content/index.md": "# Home, edited\n"]) },
             { $0.content == ["index.md"] }),
        ])
    }

    @Test("A content folder removed and made again (git checkout, sync tools) is watched again",
          arguments: [SourceWatcher.Method.notify, .poll(interval: .milliseconds(100))])
    func rootReturns(method: SourceWatcher.Method) async throws {
        let folder = try site()
        let content = folder.url.appending(path: "content")
        try await watch(method, in: folder, steps: [
            ("removal", { try FileManager.default.removeItem(at: content) }, { $0.everything || $0.content.contains("index.md") }),
            ("made again", { try folder.write(["content/index.md": "# Home again\n"]) }, { $0.everything || $0.content.contains("index.md") }),
            ("edit after it came back", { try folder.write(["content/index.md": "# Home, edited\n"]) }, { $0.content.contains("index.md") }),
            ("edit in a new folder of it", { try folder.write(["content/guide/b.md": "# B\n"]) }, { $0.content.contains("guide/b.md") }),
        ])
    }

    @Test("A content folder replaced by a rename is watched again, and the old one no longer counts")
    func rootReplacedByRename() async throws {
        let folder = try site()
        let content = folder.url.appending(path: "content")
        let old = folder.url.appending(path: "content.old")
        try await watch(.notify, in: folder, steps: [
            ("replaced", {
                try folder.write(["content.new/index.md": "# Home, new\n"])
                try FileManager.default.moveItem(at: content, to: old)
                try FileManager.default.moveItem(at: folder.url.appending(path: "content.new"), to: content)
            }, { $0.everything }),
            ("edit in the new one", { try folder.write(["content/index.md": "# Home, new, edited\n"]) }, { $0.content.contains("index.md") }),
            ("an edit in the old one is no change", {
                try folder.write(["content.old/guide/a.md": "# A, in the old folder\n", "content/index.md": "# Home, again\n"])
            }, { $0.content == ["index.md"] && !$0.everything }),
        ])
    }

    @Test("Files written by a rename (as editors save) are seen")
    func renames() async throws {
        let folder = try site()
        try await watch(.notify, in: folder, steps: [
            ("rename over", {
                try folder.write(["content/.index.md.tmp": "# Home, saved by rename\n"])
                let renamed = rename(folder.url.appending(path: "content/.index.md.tmp").path, folder.url.appending(path: "content/index.md").path)
                #expect(renamed == 0)
            }, { $0.content.contains("index.md") }),
        ])
    }
}
