import Foundation
import Testing
import _GalleyTestSupport

/// The built-in theme's code tools in headless Chromium: the copy button copies the code as
/// shown, the set-up control reveals a snippet's hidden lines, both work from the keyboard,
/// and with JavaScript off the page shows the code as it means it, with no dead controls.
@Suite(
    "Code tools in headless Chromium",
    .enabled(if: Chromium.executable != nil, "no chromium on PATH: install Debian's chromium package (.ci/run does) to run the browser tests"),
    .timeLimit(.minutes(1))
)
struct CodeToolsBrowserTests {
    static let site: [String: String] = [
        "content/index.md": """
            # Tools

            A snippet with two lines of set-up that the page does not show:

            ```swift
            // snippet.hide
            let greeting = "Hello"
            let name = "reader"
            // snippet.show
            print("\\(greeting), \\(name)!")
            ```

            And a plain block:

            ```sh
            swift build
            ```
            """
    ]

    let folder: TemporaryFolder
    let server: StaticFileServer

    init() throws {
        folder = try TemporaryFolder.site(Self.site)
        let build = try CommandRun.galley(["build", "--no-run", "--quiet"], in: folder.url)
        guard build.status == 0 else { throw ChromiumError("galley build failed: \(build.standardError)") }
        server = try StaticFileServer(folder: folder.url.appending(path: "_site"), at: "/")
    }

    /// What the first code block shows, as a reader sees it (hidden spans take no room).
    private let shownCode = "document.querySelector('figure.code-block pre code').innerText.trim()"

    @Test("Copy copies the code without its hidden lines; the set-up control shows them and copy then includes them")
    func copyAndReveal() async throws {
        try await withBrowser { browser in
            let page = try await browser.openPage()
            try await page.grantClipboardAccess(origin: server.baseURL)
            try await page.emulateFocus()
            try await page.navigate(to: server.baseURL)
            try await expect(page, "document.querySelectorAll('.code-copy').length === 2", "each code block has a copy button")
            #expect(try await page.evaluate("document.querySelectorAll('.code-reveal').length", as: Int.self) == 1, "only the snippet has hidden lines")
            #expect(try await page.evaluate(shownCode, as: String.self) == #"print("\(greeting), \(name)!")"#)

            try await page.click("figure.code-block .code-copy")
            try await expect(page, "document.querySelector('figure.code-block .code-copy').textContent !== 'Copy'", "the button answered the click",
                // The clipboard answers through the browser process, slow when the suite's compilers hold both cores.
                timeout: .seconds(20))
            #expect(try await page.evaluate("document.querySelector('figure.code-block .code-copy').textContent", as: String.self) == "Copied")
            #expect(try await page.evaluate("navigator.clipboard.readText()", as: String.self) == #"print("\(greeting), \(name)!")"# + "\n")

            let toggle = "document.querySelector('.code-reveal')"
            #expect(try await page.evaluate("\(toggle).getAttribute('aria-pressed')", as: String.self) == "false")
            try await page.click(".code-reveal")
            try await expect(page, "\(toggle).getAttribute('aria-pressed') === 'true'", "the control is pressed")
            let revealed = try await page.evaluate(shownCode, as: String.self) ?? ""
            #expect(revealed.contains(#"let greeting = "Hello""#) && revealed.contains(#"let name = "reader""#), "\(revealed)")
            #expect(!revealed.contains("snippet.hide"), "the markers are never shown")
            try await saveScreenshot(page, "code-tools-revealed")

            _ = try await page.evaluate("navigator.clipboard.writeText('')", as: String.self)
            try await page.click("figure.code-block .code-copy")
            var copied = ""
            let deadline = ContinuousClock.now + .seconds(20)
            while !copied.contains("let greeting"), ContinuousClock.now < deadline {
                copied = try await page.evaluate("navigator.clipboard.readText()", as: String.self) ?? ""
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(copied == "let greeting = \"Hello\"\nlet name = \"reader\"\nprint(\"\\(greeting), \\(name)!\")\n", "copy includes the lines shown")
        }
    }

    @Test("Tab reaches both controls, Enter and Space press them, and aria-pressed follows")
    func keyboard() async throws {
        try await withBrowser { browser in
            let page = try await browser.openPage()
            try await page.navigate(to: server.baseURL)
            try await expect(page, "document.querySelector('.code-reveal') !== null", "the set-up control was made")
            let toggle = "document.querySelector('.code-reveal')"
            // Tab until the set-up control has focus; it is a real button, so it is in the order.
            var reached = false
            for _ in 0..<30 where !reached {
                try await page.press(.tab)
                reached = try await page.evaluate("document.activeElement === \(toggle)", as: Bool.self) == true
            }
            #expect(reached, "Tab never reached the set-up control")
            try await page.press(.enter)
            try await expect(page, "\(toggle).getAttribute('aria-pressed') === 'true'", "Enter pressed the control")
            #expect(try await page.evaluate("\(toggle).textContent", as: String.self) == "Hide set-up")
            try await page.type(" ")
            try await expect(page, "\(toggle).getAttribute('aria-pressed') === 'false'", "Space pressed it again")
            #expect(try await page.evaluate(shownCode, as: String.self) == #"print("\(greeting), \(name)!")"#)

            try await page.press(.tab)
            #expect(try await page.evaluate("document.activeElement.classList.contains('code-copy')", as: Bool.self) == true, "the copy button follows")
            // The live region tells a screen reader what the control did.
            try await expect(page, "document.querySelector('.code-status').textContent === '2 hidden lines hidden'", "the status was announced")
        }
    }

    @Test("With JavaScript off the code reads as the page means it and no control is shown")
    func withoutJavaScript() async throws {
        try await withBrowser { browser in
            let page = try await browser.openPage()
            try await page.setScriptsDisabled(true)
            try await page.navigate(to: server.baseURL)
            // Evaluating still works with page scripts off: the protocol's own evaluation is not a page script.
            #expect(try await page.evaluate("document.querySelectorAll('.code-copy, .code-reveal').length", as: Int.self) == 0)
            #expect(try await page.evaluate(shownCode, as: String.self) == #"print("\(greeting), \(name)!")"#)
            #expect(try await page.evaluate("document.querySelector('pre code').textContent.includes('let greeting')", as: Bool.self) == true,
                "the hidden lines are in the page, for a reader who views its source")
            try await saveScreenshot(page, "code-tools-no-javascript")
        }
    }

    private func withBrowser(_ body: (Chromium) async throws -> Void) async throws {
        try await Chromium.run(profileIn: folder.url, failed: { Issue.record("Chromium said:\n\($0)") }, body)
    }

    private func expect(
        _ page: ChromiumPage, _ condition: String, _ failure: String, timeout: Duration = .seconds(5),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        guard try await !page.wait(until: condition, timeout: timeout) else { return }
        let figure = try? await page.evaluate("document.querySelector('figure.code-block')?.outerHTML", as: String.self)
        Issue.record("\(failure) within \(timeout).\nThe figure is: \(figure ?? "missing")", sourceLocation: sourceLocation)
        throw ChromiumError(failure)
    }

    private func saveScreenshot(_ page: ChromiumPage, _ name: String) async throws {
        let png = try await page.saveScreenshot(named: "\(name).png")
        #expect(png.count > 5_000, "a \(png.count)-byte screenshot is too small to show the page")
    }
}
