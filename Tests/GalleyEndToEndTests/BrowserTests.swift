import Foundation
import Testing
import _GalleyTestSupport

/// `galley serve` in a real browser: headless Chromium opens a guide page, the test edits
/// the page's Markdown, and the browser's DOM proves the page reloaded by itself.
///
/// A marker set on `window` before an edit survives anything but a reload, so "the marker is
/// gone and the new text is there" proves the live-reload script reloaded the page.
@Suite(
    "galley serve in headless Chromium",
    .enabled(if: Chromium.executable != nil, "no chromium on PATH: install Debian's chromium package (.ci/run does) to run the browser tests"),
    .timeLimit(.minutes(1))
)
struct BrowserTests {
    /// The page the test edits.
    static let page = "content/guide/basics.md"

    let folder: TemporaryFolder
    let server: ServeProcess

    init() throws {
        folder = try TemporaryFolder.site(FixtureSite.guide)
        server = try ServeProcess(in: folder.url, timeout: 30)
    }

    @Test("An edit reloads the open page; a bad save shows the overlay until the fix reloads it")
    func liveReload() async throws {
        defer { _ = server.stop() }
        let browser = try Chromium(profile: folder.url.appending(path: "chromium-profile"))
        do {
            try await exercise(browser)
        } catch {
            // Chromium's complaints about the missing D-Bus of a container are noise.
            let chromium = browser.output.split(separator: "\n").filter { !$0.contains("dbus") }.joined(separator: "\n")
            Issue.record("galley serve said:\n\(server.errorOutput)\nChromium said:\n\(chromium)")
            await browser.close()
            throw error
        }
        await browser.close()
    }

    private func exercise(_ browser: Chromium) async throws {
        let page = try await browser.openPage()
        try await page.navigate(to: server.baseURL.appending(path: "guide/basics/"))
        // The page's snippet runs in the background (the page says "running…") and the page
        // reloads when it is done; wait for that, so the only reloads from now on are the ones
        // this test causes.
        let settled = """
            document.readyState === 'complete' && document.querySelector('.snippet-output:not([data-status="running"])') !== null
            """
        guard try await expect(page, eventually: settled, "the snippet's output never appeared", timeout: .seconds(30)) else { return }
        // A page whose request started before that last build may still reload once for it.
        try await page.navigate(to: server.baseURL.appending(path: "guide/basics/"))
        #expect(try await page.evaluate("document.title", as: String.self)?.hasPrefix("Basics") == true)
        #expect(try await page.evaluate("document.querySelector('main h1')?.id", as: String.self) == "basics")
        #expect(try await page.evaluate("document.querySelector('script[src=\"/__galley/live-reload.js\"]') !== null", as: Bool.self) == true)

        // An edit: the new paragraph appears and the marker is gone, so the page reloaded, at
        // the place the reader had scrolled to.
        let scrolled = try await page.evaluate("window.scrollTo(0, 400); window.scrollY", as: Int.self) ?? 0
        #expect(scrolled > 0, "the page is too short to check that a reload keeps the scroll position")
        let original = try folder.read(Self.page)
        let sentence = "Added while the page was open: \(UUID().uuidString)."
        let edited = original + "\n\n\(sentence)\n"
        try await setMarker(on: page)
        try save(edited)
        let shown = "document.querySelector('main').textContent.includes(\(ChromiumPage.javaScriptLiteral(sentence)))"
        let reloaded = "window.__galleyMarker === undefined && document.readyState === 'complete'"
        try await expect(page, eventually: "\(shown) && \(reloaded)", "the page did not reload with the new paragraph")
        try await expect(page, eventually: "Math.abs(window.scrollY - \(scrolled)) <= 1", "the reload lost the scroll position (was \(scrolled))")

        // A bad front matter: the overlay names the file and line over the last good page,
        // which is not reloaded.
        try await setMarker(on: page)
        try save(edited.replacing("title: Basics\n", with: "title: Basics\ndraft: perhaps\n"))
        let problem = "document.querySelector('#galley-error-overlay pre.galley-problem')?.textContent ?? ''"
        try await expect(page, eventually: "(\(problem)).includes('\(Self.page):3')", "no error overlay naming \(Self.page):3")
        #expect(try await page.evaluate(problem, as: String.self)?.contains("`draft` must be true or false") == true)
        #expect(try await page.evaluate("window.__galleyMarker", as: Int.self) == 1, "a failed build must not reload the page")
        #expect(try await page.evaluate(shown, as: Bool.self) == true, "the last good build stays under the overlay")

        // The fix, back to the last good text: the overlay goes and the page reloads.
        try save(edited)
        let overlayGone = "document.getElementById('galley-error-overlay') === null"
        try await expect(
            page, eventually: "\(overlayGone) && \(reloaded) && \(shown)",
            "restoring \(Self.page) did not clear the overlay and reload the page"
        )

        // A screenshot of the themed guide page, kept by CI.
        let screenshots = Repository.root.appending(path: ".build/galley-screenshots")
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
        try await expect(page, eventually: "(window.scrollTo(0, 0), window.scrollY === 0)", "the page does not scroll back to the top")
        let headingOnScreen = """
            (box => box.width > 0 && box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth)\
            (document.querySelector('main h1').getBoundingClientRect())
            """
        #expect(
            try await page.evaluate(headingOnScreen, as: Bool.self) == true,
            "the page's heading is not on screen at the top of the page: the theme did not lay the page out"
        )
        let png = try await page.screenshot()
        try png.write(to: screenshots.appending(path: "guide-page.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "not a PNG")
        #expect(png.count > 10_000, "a \(png.count)-byte screenshot is too small to show a themed page")
    }

    /// Saves the page's Markdown the way many editors do, by renaming a complete new file over
    /// it: one change, never a half-written file that would build (and reload the page) first.
    private func save(_ text: String) throws {
        try Data(text.utf8).write(to: folder.url.appending(path: Self.page), options: .atomic)
    }

    /// Marks the current document: only a reload removes the mark.
    private func setMarker(on page: ChromiumPage) async throws {
        _ = try await page.evaluate("window.__galleyMarker = 1", as: Int.self)
    }

    /// Waits up to `timeout` for the JavaScript `condition`; records `failure`, what the page
    /// shows and what the server said when it does not come true.
    ///
    /// - Returns: Whether the condition came true.
    @discardableResult
    private func expect(
        _ page: ChromiumPage, eventually condition: String, _ failure: String, timeout: Duration = .seconds(5),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Bool {
        guard try await !page.wait(until: condition, timeout: timeout) else { return true }
        let overlay = try? await page.evaluate("document.getElementById('galley-error-overlay')?.innerText", as: String.self)
        let marker = try? await page.evaluate("window.__galleyMarker", as: Int.self)
        let main = try? await page.evaluate("document.querySelector('main')?.innerText", as: String.self)
        let scrollY = try? await page.evaluate("window.scrollY", as: Int.self)
        Issue.record(
            """
            \(failure) within \(timeout).
            Scrolled to: \(scrollY.map { "\($0)" } ?? "unknown")
            Marker: \(marker.map { "\($0)" } ?? "gone (the page reloaded)")
            Overlay: \(overlay ?? "none")
            Main: \(main.map { String($0.prefix(1500)) } ?? "none")
            galley serve said:
            \(server.errorOutput)
            """,
            sourceLocation: sourceLocation
        )
        return false
    }
}
