import Foundation
import GalleyMarkdown
import GalleySite
import GalleySnippets
import Testing
import _GalleyTestSupport

/// Real `swiftc`, real processes: one page holds every kind of snippet, run in one batch so the
/// suite compiles each program once.
@Suite("Running snippets", .serialized)
struct SnippetRunTests {
    static let page = """
        ---
        title: Everything
        ---
        # Everything

        ```swift
        // snippet.hide
        let greeting = "hidden setup"
        // snippet.show
        print(greeting)
        ```

        ```output
        hidden setup
        ```

        ```swift
        print("actual")
        ```

        ```output
        expected
        ```

        ```swift compile-fail
        let x: Int = "text"
        ```

        ```swift compile-fail
        let fine = 1
        ```

        ```swift crash
        print("before the trap")
        let numbers = [1, 2, 3]
        print(numbers[5])
        ```

        ```output
        before the trap
        ```

        ```swift exit=3
        import Foundation
        exit(3)
        ```

        ```output
        ```

        ```swift timeout=1
        while true {}
        ```

        ```swift nocheck timeout=60
        let chunk = String(repeating: "x", count: 1023) + "\\n"
        for _ in 0..<(100 * 1024) { print(chunk, terminator: "") }
        ```

        ```swift
        print(readLine() == nil ? "stdin is at end of file" : "stdin had data")
        ```

        ```output
        stdin is at end of file
        ```

        ```swift session=story
        var total = 1
        print("first: \\(total)")
        ```

        ```output
        first: 1
        ```

        ```swift session=story
        total += 1
        print("second: \\(total)")
        ```

        ```output
        second: 2
        ```

        ```swift unordered
        print("b")
        print("a")
        ```

        ```output
        a
        b
        ```

        ```swift
        print("unverified")
        ```

        ```swift ignore
        this is not Swift
        ```
        """

    @Test("Every outcome is judged against its fence, and the cache answers the second run")
    func checkEverything() async throws {
        let folder = try TemporaryFolder()
        try folder.write(["content/everything.md": Self.page])
        let content = folder.url.appending(path: "content")
        var options = SiteCheck.Options(contentFolder: content)
        options.jobs = 2
        let report = try await SiteCheck(options: options).run()

        let byLine = Dictionary(uniqueKeysWithValues: report.verdicts.map { ($0.snippet.location.line, $0) })
        #expect(report.verdicts.count == 14)
        #expect(byLine[6]?.kind == .passed)  // hidden lines ran
        #expect(byLine[17]?.kind == .failed)
        #expect(byLine[17]?.details.contains("-expected\n+actual") == true)
        #expect(byLine[25]?.kind == .passed)  // compile-fail that fails
        #expect(byLine[29]?.message == "compiles, but is marked `compile-fail`")
        #expect(byLine[33]?.kind == .passed)  // crash, output before it kept
        #expect(byLine[43]?.kind == .passed)  // exit=3
        #expect(byLine[51]?.kind == .failed)
        #expect(byLine[51]?.message.contains("still running after 1 s") == true)
        #expect(byLine[55]?.kind == .passed)
        #expect(byLine[60]?.kind == .passed)  // standard input at end of file
        #expect(byLine[68]?.kind == .passed && byLine[77]?.kind == .passed)  // session blocks
        #expect(byLine[86]?.kind == .passed)  // unordered
        #expect(byLine[96]?.kind == .unverified)
        #expect(byLine[100]?.kind == .skipped)
        #expect(report.run.runs.count == 12 && report.run.cached == 0)

        // The second run compiles nothing; the timed-out program is the one tried again.
        let again = try await SiteCheck(options: options).run()
        #expect(again.run.cached == 11)
        #expect(again.verdicts.map(\.kind) == report.verdicts.map(\.kind))

        // A corrupt cache entry is ignored and rewritten.
        let cache = folder.url.appending(path: ".galley/cache")
        let entries = folder.files(under: ".galley/cache")
        #expect(entries.count == 11)
        try Data("{ not json".utf8).write(to: cache.appending(path: entries[0]))
        let recovered = try await SiteCheck(options: options).run()
        #expect(recovered.run.cached == 10)
        #expect(recovered.verdicts.map(\.kind) == report.verdicts.map(\.kind))
        let rewritten = try folder.read(".galley/cache/" + entries[0])
        #expect(rewritten.hasPrefix("{"))
        #expect((try? JSONSerialization.jsonObject(with: Data(rewritten.utf8))) != nil)
    }

    @Test("A page shows each snippet's output, standard error apart, and the cut of a flood")
    func builtPage() async throws {
        let folder = try TemporaryFolder()
        try folder.write([
            "content/index.md": """
                # Home

                ```swift
                // snippet.hide
                import Foundation
                // snippet.show
                print("to <stdout>")
                FileHandle.standardError.write(Data("to stderr\\n".utf8))
                let flood = String(repeating: "y", count: 1023) + "\\n"
                for _ in 0..<(3 * 1024) { print(flood, terminator: "") }
                ```
                """,
            "content/site.yml": "snippets:\n  output_limit: 2048\n",
        ])
        var options = SiteBuilder.Options(
            contentFolder: folder.url.appending(path: "content"), templatesFolder: Repository.root.appending(path: "templates"),
            outputFolder: folder.url.appending(path: "_site")
        )
        options.jobs = 2
        _ = try await SiteBuilder(options: options).build()
        let html = try folder.read("_site/index.html")
        #expect(!html.contains("import Foundation"))
        #expect(html.contains("<pre class=\"snippet-stdout\"><code>to &lt;stdout&gt;\n"))
        #expect(html.contains("<pre class=\"snippet-stderr\"><code>to stderr\n</code></pre>"))
        #expect(html.contains("<p class=\"snippet-truncated\">The standard output was cut here: 3.0 MiB more were dropped.</p>"))
        #expect(html.contains("<span class=\"badge badge-ok\">exit 0</span>"))

        options.runSnippets = false
        _ = try await SiteBuilder(options: options).build()
        #expect(!(try folder.read("_site/index.html")).contains("snippet-stdout"))
    }

    @Test("Bless writes the actual output, touches no other byte, and then check passes")
    func blessRoundTrip() async throws {
        let folder = try TemporaryFolder()
        let original = """
            ---
            title: Bless me
            ---
            Some *text*  with trailing spaces   \n
            ```swift
            print("one")
            print("two")
            ```

            ```output
            stale
            ```
            More text.
            ```swift
            print("added")
            ```
            ```swift
            let broken: Int = "no"
            ```

            Last line without newline
            """
        try folder.write(["content/page.md": original])
        let content = folder.url.appending(path: "content")
        var bless = SiteBless(contentFolder: content)
        bless.jobs = 2
        let report = try await bless.run()
        #expect(report.updated.map(\.line) == [6, 15])
        #expect(report.refused.map(\.location?.line) == [18])
        let blessed = try folder.read("content/page.md")
        let expected = original
            .replacingOccurrences(of: "```output\nstale\n```", with: "```output\none\ntwo\n```")
            .replacingOccurrences(of: "print(\"added\")\n```\n", with: "print(\"added\")\n```\n\n```output\nadded\n```\n")
        #expect(blessed == expected)

        try folder.write(["content/page.md": blessed.replacingOccurrences(of: "let broken: Int = \"no\"", with: "let fixed = 1")])
        var options = SiteCheck.Options(contentFolder: content)
        options.jobs = 2
        let check = try await SiteCheck(options: options).run()
        #expect(check.count(.failed) == 0)
        #expect(check.count(.passed) == 2)
        #expect(check.count(.unverified) == 1)
    }

    @Test("The guide's verdicts are the same with and without merging")
    func guideMergedAndAlone() async throws {
        func check(merge: Bool) async throws -> SiteCheck.Report {
            let folder = try TemporaryFolder()
            try FileManager.default.copyItem(at: Repository.content, to: folder.url.appending(path: "content"))
            var options = SiteCheck.Options(contentFolder: folder.url.appending(path: "content"))
            options.jobs = 2
            options.merge = merge
            return try await SiteCheck(options: options).run()
        }
        let merged = try await check(merge: true)
        let alone = try await check(merge: false)
        #expect(merged.run.merged > merged.run.runs.count / 2, "\(merged.run.summary)")
        #expect(alone.run.merged == 0)
        #expect(merged.verdicts.count == alone.verdicts.count)
        for (one, other) in zip(merged.verdicts, alone.verdicts) {
            let place = "\(one.snippet.sourcePath):\(one.snippet.location.line)"
            #expect(place == "\(other.snippet.sourcePath):\(other.snippet.location.line)")
            #expect(one.kind == other.kind, "\(place): \(one.message) / \(other.message)")
            #expect(one.message == other.message, "\(place)")
        }
        #expect(merged.count(.failed) == 0)
    }
}
