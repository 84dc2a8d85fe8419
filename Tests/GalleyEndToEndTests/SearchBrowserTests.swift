import Foundation
import Testing
import _GalleyTestSupport

/// The search box of the built-in theme in headless Chromium, on a site built by `galley
/// build` with `base_url: /docs/` and served under `/docs/` by a static server, as a project
/// site on a shared host would be.
@Suite(
    "Search in headless Chromium",
    .enabled(if: Chromium.executable != nil, "no chromium on PATH: install Debian's chromium package (.ci/run does) to run the browser tests"),
    .timeLimit(.minutes(1))
)
struct SearchBrowserTests {
    /// Three pages that hold `capacitor`: in the title (and a heading), in a heading, and only
    /// in the body text.
    static let site: [String: String] = [
        "content/site.yml": """
            title: Outatime
            base_url: /docs/
            """,
        "content/index.md": """
            # Welcome

            The manual of the time machine. Somewhere it mentions the capacitor, once.
            """,
        "content/guide/flux.md": """
            ---
            title: Flux capacitor
            ---
            What makes time travel possible.

            ## Charging the capacitor

            Connect it to a power source of 1.21 gigawatts, then wait for the lightning.

            ## Safety

            Keep your hands away from the coils.
            """,
        "content/guide/history.md": """
            # Time travel history

            How it all began.

            ## Capacitor origins

            Invented on 5 November 1955 after a fall from a toilet.
            """,
    ]

    let folder: TemporaryFolder
    let server: StaticFileServer

    /// Twelve pages that hold `quasar`, page N holding it 13 − N times, so they rank in order
    /// and more of them match than the eight the box shows.
    static let stars: [String: String] = Dictionary(
        uniqueKeysWithValues: (1...12).map { number in
            ("content/stars/star-\(String(format: "%02d", number)).md", "# Star \(number)\n\n" + Array(repeating: "A quasar shines.", count: 13 - number).joined(separator: " ") + "\n")
        }
    )

    init() throws {
        folder = try TemporaryFolder.site(Self.site.merging(Self.stars) { first, _ in first })
        let build = try CommandRun.galley(["build", "--no-run", "--quiet"], in: folder.url)
        guard build.status == 0 else { throw ChromiumError("galley build failed: \(build.standardError)") }
        server = try StaticFileServer(folder: folder.url.appending(path: "_site"), at: "/docs/")
    }

    @Test("`/` focuses the box; a title match comes first; arrow keys move; Enter lands on the heading")
    func searchAndOpen() async throws {
        try await withBrowser { browser in
            let page = try await browser.openPage()
            try await page.navigate(to: server.baseURL.appending(path: "guide/history/"))
            try await expect(page, "document.querySelector('.search:not([hidden])') !== null", "the search box was not shown")
            #expect(try await page.evaluate("document.activeElement === document.body", as: Bool.self) == true)

            // `/` focuses the box and is not typed into it.
            try await page.type("/")
            try await expect(page, "document.activeElement?.id === 'galley-search-input'", "`/` did not focus the search box")
            #expect(try await page.evaluate("document.activeElement.value", as: String.self) == "")

            try await page.type("capacitor")
            try await expect(page, "document.querySelectorAll('.search-result').length === 3", "three pages hold `capacitor`")
            let titles = try await page.evaluate(
                "Array.from(document.querySelectorAll('.search-result-title'), title => title.textContent)", as: [String].self
            )
            #expect(titles == ["Flux capacitor", "Time travel history", "Welcome"], "title over heading over body")
            let first = "document.querySelector('#galley-search-result-0')"
            #expect(try await page.evaluate("\(first).querySelector('.search-result-heading')?.textContent", as: String.self) == "Charging the capacitor")
            #expect(try await page.evaluate("\(first).querySelector('.search-result-heading mark')?.textContent", as: String.self) == "capacitor")
            #expect(try await page.evaluate("\(first).getAttribute('aria-selected')", as: String.self) == "true")
            let bodyOnly = "document.querySelector('#galley-search-result-2 .search-result-text')?.textContent"
            #expect(try await page.evaluate(bodyOnly, as: String.self)?.contains("mentions the capacitor") == true, "the fragment shows the match")

            // Arrow keys move the selection, which the box announces as its active descendant.
            try await page.press(.arrowDown)
            #expect(try await page.evaluate("document.activeElement.getAttribute('aria-activedescendant')", as: String.self) == "galley-search-result-1")
            #expect(try await page.evaluate("document.querySelector('#galley-search-result-1').getAttribute('aria-selected')", as: String.self) == "true")
            try await page.press(.arrowUp)
            #expect(try await page.evaluate("\(first).getAttribute('aria-selected')", as: String.self) == "true")

            try await saveScreenshot(page, "search.png")

            // Several words narrow the results; the last one is a prefix.
            _ = try await page.evaluate("(input => { input.value = ''; input.dispatchEvent(new Event('input')); return true })(document.activeElement)", as: Bool.self)
            try await page.type("capacitor orig")
            try await expect(
                page, "document.querySelectorAll('.search-result').length === 1 && document.querySelector('.search-result-title').textContent === 'Time travel history'",
                "`capacitor orig` should find only the history page"
            )
            _ = try await page.evaluate("(input => { input.value = ''; input.dispatchEvent(new Event('input')); return true })(document.activeElement)", as: Bool.self)
            try await page.type("capacitor")
            try await expect(page, "document.querySelector('.search-result-title')?.textContent === 'Flux capacitor'", "the flux page is first again")

            // Enter opens the selected result at its heading.
            try await page.press(.enter)
            try await expect(
                page, "location.pathname === '/docs/guide/flux/' && location.hash === '#charging-the-capacitor' && document.readyState === 'complete'",
                "Enter did not open the flux page at its heading"
            )
            let headingTop = "document.getElementById('charging-the-capacitor').getBoundingClientRect().top"
            try await expect(page, "\(headingTop) >= 0 && \(headingTop) < innerHeight / 2", "the heading is not at the top of the window")

            // Nothing but the site itself was asked for.
            #expect(server.requestedPaths.allSatisfy { $0.hasPrefix("/docs/") }, "\(server.requestedPaths)")
            #expect(server.requestedPaths.contains { $0.hasPrefix("/docs/galley-search/manifest.json") })
            let foreign = "performance.getEntriesByType('resource').filter(entry => !entry.name.startsWith(location.origin + '/docs/')).map(entry => entry.name)"
            #expect(try await page.evaluate(foreign, as: [String].self) == [])
        }
    }

    @Test("On a phone in dark mode the box sits in the top bar and its results fit the screen")
    func phoneLayout() async throws {
        try await withBrowser { browser in
            let page = try await browser.openPage()
            try await page.setViewport(width: 390, height: 780, mobile: true)
            try await page.setColorScheme(dark: true)
            try await page.navigate(to: server.baseURL)
            try await expect(page, "document.querySelector('.search:not([hidden])') !== null", "the search box was not shown")
            let inTopBar = """
                (box => { const bar = document.querySelector('.topbar').getBoundingClientRect(); \
                return box.top >= bar.top && box.bottom <= bar.bottom && box.right <= innerWidth; })\
                (document.querySelector('.search-input').getBoundingClientRect())
                """
            #expect(try await page.evaluate(inTopBar, as: Bool.self) == true, "the box is not inside the top bar")
            let titleClear = """
                document.querySelector('.topbar-title').getBoundingClientRect().right <= document.querySelector('.search-input').getBoundingClientRect().left
                """
            #expect(try await page.evaluate(titleClear, as: Bool.self) == true, "the site title runs under the box")
            try await page.click(".search-input")
            try await page.type("time")
            try await expect(page, "document.querySelectorAll('.search-result').length >= 2", "no results for `time`")
            let panelFits = """
                (box => box.left >= 0 && box.right <= innerWidth && box.bottom <= innerHeight)(document.querySelector('.search-panel').getBoundingClientRect())
                """
            #expect(try await page.evaluate(panelFits, as: Bool.self) == true, "the results do not fit the screen")
            let darkPanel = "getComputedStyle(document.querySelector('.search-panel')).backgroundColor"
            #expect(try await page.evaluate(darkPanel, as: String.self) == "rgb(28, 31, 36)", "the results are not in the dark scheme")
            try await saveScreenshot(page, "search-phone.png")
        }
    }

    @Test("With more results than records in one round trip, the first ones show at once and the rest are added after them, in rank order, and the arrow keys reach them")
    func resultsComeInTwoSteps() async throws {
        try await withBrowser { browser in
            let page = try await browser.openPage()
            try await page.navigate(to: server.baseURL.appending(path: "guide/history/"))
            try await expect(page, "document.querySelector('.search:not([hidden])') !== null", "the search box was not shown")
            _ = try await page.evaluate(
                "window.__events = []; document.querySelector('.search').addEventListener('galley-search-results', event => window.__events.push([event.detail.query, event.detail.results, event.detail.complete])); true",
                as: Bool.self
            )
            try await page.type("/")
            try await page.type("quasar")
            try await expect(page, "document.querySelectorAll('.search-result').length === 8", "eight of the twelve pages that hold `quasar`")
            let titles = try await page.evaluate("Array.from(document.querySelectorAll('.search-result-title'), title => title.textContent)", as: [String].self)
            #expect(titles == (1...8).map { "Star \($0)" })
            let ids = try await page.evaluate("Array.from(document.querySelectorAll('.search-result'), option => option.id)", as: [String].self)
            #expect(ids == (0..<8).map { "galley-search-result-\($0)" })
            #expect(try await page.evaluate("document.querySelector('.search-status').textContent", as: String.self) == "12 pages, the best 8 shown")
            struct Event: Decodable, Equatable {
                var query: String, results: Int, complete: Bool
                init(from decoder: any Decoder) throws {
                    var values = try decoder.unkeyedContainer()
                    (query, results, complete) = (try values.decode(String.self), try values.decode(Int.self), try values.decode(Bool.self))
                }
                init(_ query: String, _ results: Int, _ complete: Bool) { (self.query, self.results, self.complete) = (query, results, complete) }
            }
            let events = try await page.evaluate("window.__events.filter(event => event[0] === 'quasar')", as: [Event].self)
            #expect(events == [Event("quasar", 4, false), Event("quasar", 8, true)])
            // Arrow keys reach the results added in the second step.
            for _ in 0..<5 { try await page.press(.arrowDown) }
            #expect(try await page.evaluate("document.querySelector('.search-result[aria-selected=true] .search-result-title').textContent", as: String.self) == "Star 6")
        }
    }

    // MARK: - Helpers

    private func withBrowser(_ body: (Chromium) async throws -> Void) async throws {
        try await Chromium.run(
            profileIn: folder.url,
            failed: { Issue.record("Chromium said:\n\($0)\nThe server was asked for:\n\(server.requestedPaths.joined(separator: "\n"))") },
            body
        )
    }

    /// Waits for `condition`; records `failure` with what the search box shows when it does not come true.
    private func expect(
        _ page: ChromiumPage, _ condition: String, _ failure: String, timeout: Duration = .seconds(5),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        guard try await !page.wait(until: condition, timeout: timeout) else { return }
        let box = try? await page.evaluate("document.querySelector('.search')?.innerText", as: String.self)
        let location = try? await page.evaluate("location.href", as: String.self)
        Issue.record("\(failure) within \(timeout).\nAt: \(location ?? "?")\nThe search box shows: \(box ?? "nothing")", sourceLocation: sourceLocation)
        throw ChromiumError(failure)
    }

    private func saveScreenshot(_ page: ChromiumPage, _ name: String) async throws {
        let png = try await page.saveScreenshot(named: name)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
    }
}
