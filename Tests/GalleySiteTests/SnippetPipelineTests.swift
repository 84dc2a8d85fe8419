import Foundation
import GalleyMarkdown
import GalleySite
import GalleySnippets
import Testing
import _GalleyTestSupport

/// The one pipeline of build and check, with real `swiftc`: pages parsed once, the programs of
/// every page planned and run together, each page rendered from its own parse.
@Suite("Snippet pipeline", .serialized)
struct SnippetPipelineTests {
    /// More pages than one rendering task takes (16), so the programs come from several tasks.
    static let pageCount = 40

    /// A page whose snippet prints its own token (names of its own, so the programs can merge).
    static func page(_ number: Int) -> String {
        """
        # Page \(number)

        ```swift
        struct Note\(number) { let text = "token-\(number)-end" }
        func show\(number)() { print(Note\(number)().text) }
        show\(number)()
        ```

        ```output
        token-\(number)-end
        ```
        """
    }

    static func site(breaking broken: Int? = nil) throws -> TemporaryFolder {
        var files: [String: String] = [:]
        for number in 1...pageCount {
            files["content/p\(number).md"] = number == broken ? page(number).replacingOccurrences(of: "```swift\n", with: "```swift exit=999\n") : page(number)
        }
        return try TemporaryFolder.site(files)
    }

    func build(_ folder: TemporaryFolder) async throws -> SiteBuilder.Report {
        var options = SiteBuilder.Options(
            contentFolder: folder.url.appending(path: "content"), templatesFolder: nil, outputFolder: folder.url.appending(path: "_site")
        )
        options.jobs = 2
        return try await SiteBuilder(options: options).build()
    }

    @Test("A build plans the programs of all its pages at once and shows every page the output of its own program")
    func buildAcrossPages() async throws {
        let folder = try Self.site()
        let report = try await build(folder)
        let run = try #require(report.snippetRun)
        #expect(run.runs.count == Self.pageCount)
        // More merged programs than one rendering task holds: the plan spans the tasks.
        #expect(run.merged > 16, "\(run.summary)")
        for number in 1...Self.pageCount {
            let html = try folder.read("_site/p\(number)/index.html")
            #expect(html.contains("token-\(number)-end"), "page \(number)")
            let others = (1...Self.pageCount).filter { $0 != number && html.contains("token-\($0)-end") }
            #expect(others.isEmpty, "page \(number) shows the output of pages \(others)")
        }

        // The check after it goes through the same pipeline: the same cache keys, nothing compiled.
        var options = SiteCheck.Options(contentFolder: folder.url.appending(path: "content"))
        options.jobs = 2
        let check = try await SiteCheck(options: options).run()
        #expect(check.count(.passed) == Self.pageCount)
        #expect(check.run.cached == Self.pageCount, "\(check.run.summary)")
    }

    @Test("A bad fence on a page of the last rendering task fails the build before any program compiles")
    func badFenceStopsEverything() async throws {
        let folder = try Self.site(breaking: Self.pageCount)
        do {
            _ = try await build(folder)
            Issue.record("the build succeeded")
        } catch let failure as BuildFailure {
            #expect(failure.diagnostics.count == 1)
            #expect(failure.diagnostics.first?.location?.path.hasSuffix("content/p\(Self.pageCount).md") == true, "\(failure)")
        }
        // Nothing ran, so nothing was cached; the output folder was never written.
        #expect(folder.files(under: ".galley/cache").isEmpty)
        #expect(!folder.exists("_site"))
    }
}
