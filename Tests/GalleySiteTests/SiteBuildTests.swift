import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GalleyMarkdown
import GalleySite
import Testing
import _GalleyTestSupport

/// Builds fixture sites in-process with the repository's real templates.
@Suite("Site build")
struct SiteBuildTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
        try folder.write(FixtureSite.guide)
    }

    func build(
        output: String = "_site", baseURL: String? = nil, drafts: Bool = false, templates: URL? = Repository.templates
    ) async throws -> SiteBuilder.Report {
        var options = SiteBuilder.Options(
            contentFolder: folder.url.appending(path: "content"),
            templatesFolder: templates,
            outputFolder: folder.url.appending(path: output)
        )
        options.baseURL = baseURL
        options.includeDrafts = drafts
        return try await SiteBuilder(options: options).build()
    }

    @Test("Without a templates folder the built-in theme renders the same site as the repository's templates/")
    func builtInTheme() async throws {
        _ = try await build()
        let withFolder = try folder.read("_site/guide/basics/index.html")
        _ = try await build(output: "_built_in", templates: nil)
        #expect(try folder.read("_built_in/guide/basics/index.html") == withFolder)
        #expect(try folder.read("_built_in/assets/galley.css") == (try folder.read("_site/assets/galley.css")))
    }

    @Test("A snippet's hidden lines are in its page, hidden, counted on its figure; the code tools' script is linked")
    func hiddenLinesInThePage() async throws {
        try folder.write([
            "content/guide/hidden.md": "# Hidden\n\n```swift\n// snippet.hide\nlet secret = 41\n// snippet.show\nprint(secret + 1)\n```\n"
        ])
        var options = SiteBuilder.Options(
            contentFolder: folder.url.appending(path: "content"), templatesFolder: nil, outputFolder: folder.url.appending(path: "_site")
        )
        options.runSnippets = false
        _ = try await SiteBuilder(options: options).build()
        let html = try folder.read("_site/guide/hidden/index.html")
        #expect(html.contains(#"<figure class="code-block" data-lang="swift" data-hidden-lines="1">"#))
        #expect(html.contains(#"<span class="code-hidden" hidden>"#))
        #expect(html.contains("secret"))
        #expect(!html.contains("snippet.hide"))
        #expect(html.contains(#"<script src="/assets/code.js" defer></script>"#))
        #expect(folder.exists("_site/assets/code.js"))
    }

    @Test("A site's own template takes the built-in one's place, and its errors are reported at its own path")
    func overriddenTemplate() async throws {
        try folder.write(["theme/toc.mustache": "<nav class=\"own-toc\">{{#page.toc}}{{/page.toc}}</nav>\n", "theme/assets/extra.js": "// ours\n"])
        _ = try await build(templates: folder.url.appending(path: "theme"))
        let html = try folder.read("_site/guide/basics/index.html")
        #expect(html.contains("<nav class=\"own-toc\">"))
        #expect(html.contains("<!DOCTYPE html>"))
        #expect(try folder.read("_site/assets/extra.js") == "// ours\n")
        #expect(folder.exists("_site/assets/galley.css"))

        try folder.write(["theme/page.mustache": "<main>\n{{#page.title}}\n</main>\n"])
        do {
            _ = try await build(templates: folder.url.appending(path: "theme"))
            Issue.record("a broken template built")
        } catch let failure as BuildFailure {
            let location = try #require(failure.diagnostics.first?.location)
            #expect(location.path.hasSuffix("theme/page.mustache"), "\(failure.diagnostics)")
        }
    }

    @Test("Every page gets a clean URL; files, assets, sitemap, feed and 404 are written; drafts are left out")
    func layout() async throws {
        let report = try await build()
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        #expect(report.summary.pagesWritten == 5)
        #expect(
            folder.files(under: "_site") == [
                ".galley-site", "404.html", "assets/code.js", "assets/galley.css", "assets/search.js", "feed.xml", "galley-search/manifest.json",
                "galley-search/pages/0.json", "galley-search/pages/1.json", "galley-search/pages/2.json", "galley-search/pages/3.json",
                "galley-search/terms/0.json", "guide/basics/index.html", "guide/errors/index.html", "guide/index.html", "images/diagram.svg",
                "index.html", "sitemap.xml",
            ]
        )
        #expect(!folder.exists(".\("_site").galley-staging"))
    }

    @Test("Rebuilds reuse the previous output, drop pages that are gone and pick up changes")
    func rebuilds() async throws {
        _ = try await build()
        try FileManager.default.removeItem(at: folder.url.appending(path: "content/guide/errors.md"))
        try folder.write(["content/guide/basics.md": "# Basics, revised\n"])
        _ = try await build()
        _ = try await build()
        #expect(!folder.exists("_site/guide/errors"))
        #expect(try folder.read("_site/guide/basics/index.html").contains("Basics, revised"))
        try FileManager.default.removeItem(at: folder.url.appending(path: "content/images"))
        try folder.write(["content/images": "now a file"])
        _ = try await build()
        #expect(try folder.read("_site/images") == "now a file")
        #expect(
            folder.files(under: "_site") == [
                ".galley-site", "404.html", "assets/code.js", "assets/galley.css", "assets/search.js", "feed.xml", "galley-search/manifest.json",
                "galley-search/pages/0.json", "galley-search/pages/1.json", "galley-search/pages/2.json", "galley-search/terms/0.json",
                "guide/basics/index.html", "guide/index.html", "images", "index.html", "sitemap.xml",
            ]
        )
    }

    @Test("A page rewritten shorter in place keeps none of its previous bytes")
    func shorterRewrite() async throws {
        try folder.write(["content/guide/basics.md": "# Basics\n\n" + String(repeating: "A long paragraph. ", count: 500) + "\n"])
        // Two builds, so both the output and the staging folder hold the long page.
        _ = try await build()
        _ = try await build()
        try folder.write(["content/guide/basics.md": "# Basics\n"])
        _ = try await build()
        _ = try await build()
        _ = try await build(output: "fresh")
        #expect(try folder.read("_site/guide/basics/index.html") == folder.read("fresh/guide/basics/index.html"))
    }

    @Test("Drafts are built with --drafts")
    func drafts() async throws {
        _ = try await build(drafts: true)
        #expect(try folder.read("_site/guide/draft/index.html").contains("Unfinished"))
    }

    @Test("Relative links are rewritten to built URLs with their anchors")
    func links() async throws {
        _ = try await build()
        let home = try folder.read("_site/index.html")
        #expect(home.contains(#"href="/guide/basics/""#))
        #expect(home.contains(##"href="/guide/errors/#handling-errors""##))
        #expect(home.contains(#"src="/images/diagram.svg""#))
        let basics = try folder.read("_site/guide/basics/index.html")
        #expect(basics.contains(#"<a href="/">the home page</a>"#))
        #expect(basics.contains(##"<a href="#async-await-1">this section</a>"##))
    }

    @Test("A page shows ids, highlighted code, its table of contents, neighbours, breadcrumbs and the sidebar")
    func pageContents() async throws {
        _ = try await build()
        let html = try folder.read("_site/guide/basics/index.html")
        let ids = elementIDs(inHTML: html)
        #expect(ids.isSuperset(of: ["basics", "async-await", "details", "async-await-1"]))
        #expect(html.contains(#"<span class="hl-keyword">let</span>"#))
        #expect(html.contains(#"<span class="hl-string">"answer: "#))
        #expect(html.contains(#"<code class="language-python">print(&quot;&lt;not swift&gt;&quot;)"#) || html.contains(#"<code class="language-python">print("&lt;not swift&gt;")"#))
        #expect(html.contains(#"<figcaption class="code-lang">python</figcaption>"#))
        // Table of contents, with the `###` under its `##`.
        #expect(html.contains(##"href="#details""##))
        // Reading order: the guide's landing page, then Basics, then Errors.
        #expect(html.contains(#"href="/guide/""#) && html.contains(#"href="/guide/errors/""#))
        let previousRange = try #require(html.range(of: "Pagination"))
        let afterPagination = html[previousRange.upperBound...]
        #expect(afterPagination.contains("/guide/") && afterPagination.contains("/guide/errors/"))
        // Breadcrumbs: home, section, page.
        #expect(html.contains(#"aria-label="Breadcrumb""#))
        // Sidebar marks the current page.
        #expect(html.contains(#"aria-current="page""#))
        #expect(html.contains("Fixture Docs"))
        #expect(html.contains(#"<html lang="en""#))
    }

    @Test("A theme may write the sidebar out from nav.sections: it marks the same page as nav.sectionsHTML")
    func sidebarFromData() async throws {
        try folder.write([
            "theme/layout.mustache": """
                <div id="ready">{{{nav.sectionsHTML}}}</div>
                <div id="loop">{{#nav.sections}}<section{{#containsCurrent}} class="here"{{/containsCurrent}}>{{^isRoot}}<h2>{{title}}</h2>{{/isRoot}}{{#pages}}<a href="{{url}}"{{#isCurrent}} aria-current="page"{{/isCurrent}}>{{title}}</a>{{/pages}}</section>{{/nav.sections}}</div>
                """,
            "theme/nav-section.mustache": "<section{{#containsCurrent}} class=\"here\"{{/containsCurrent}}>{{^isRoot}}<h2>{{title}}</h2>{{/isRoot}}{{{pagesHTML}}}</section>",
            "theme/nav-entry.mustache": "<a href=\"{{url}}\"{{#isCurrent}} aria-current=\"page\"{{/isCurrent}}>{{title}}</a>",
        ])
        _ = try await build(templates: folder.url.appending(path: "theme"))
        for (page, current) in [("guide/basics/index.html", "/guide/basics/"), ("index.html", "/"), ("404.html", nil)] {
            let html = try folder.read("_site/" + page)
            let ready = try #require(html.firstRange(of: #"<div id="ready">"#))
            let loop = try #require(html.firstRange(of: #"<div id="loop">"#))
            let readySidebar = html[ready.upperBound..<loop.lowerBound].replacingOccurrences(of: "</div>\n", with: "")
            let loopSidebar = html[loop.upperBound...].replacingOccurrences(of: "</div>", with: "")
            #expect(readySidebar == loopSidebar, "\(page)")
            #expect(readySidebar.contains("<h2>The Guide</h2>"), "\(page)")
            if let current {
                #expect(readySidebar.components(separatedBy: "aria-current").count == 2, "\(page): one current entry")
                #expect(readySidebar.contains(#"<a href="\#(current)" aria-current="page">"#), "\(page)")
                #expect(readySidebar.components(separatedBy: #"class="here""#).count == 2, "\(page): one current section")
            } else {
                #expect(!readySidebar.contains("aria-current") && !readySidebar.contains("here"), "\(page)")
            }
        }
    }

    @Test("A site's own nav-entry.mustache renders the sidebar's entries inside the built-in sections")
    func ownNavigationEntry() async throws {
        try folder.write([
            "theme/layout.mustache": "<nav>{{{nav.sectionsHTML}}}</nav>",
            "theme/nav-entry.mustache": "<li class=\"mine\">{{#isCurrent}}[{{/isCurrent}}{{title}}{{#isCurrent}}]{{/isCurrent}}</li>\n",
        ])
        _ = try await build(templates: folder.url.appending(path: "theme"))
        let html = try folder.read("_site/guide/errors/index.html")
        #expect(html.contains(#"<div class="nav-section is-current">"#))
        #expect(html.contains(#"<li class="mine">[Errors]</li>"#))
        #expect(html.contains(#"<li class="mine">Basics</li>"#))
    }

    @Test("Empty text values are left out, so sections and inverted sections test for them")
    func emptyTextIsAbsent() async throws {
        try folder.write([
            "content/site.yml": "title: Fixture Docs\nlanguage: en\n",
            "theme/layout.mustache": """
                <p>{{#page.author}}by {{.}}{{/page.author}}{{^page.author}}anonymous{{/page.author}}</p>
                <p>{{#page.description}}about {{.}}{{/page.description}}{{^page.description}}no description{{/page.description}}</p>
                <p>{{#page.dateDisplay}}on {{.}} ({{page.date}}){{/page.dateDisplay}}{{^page.date}}undated{{/page.date}}</p>
                <p>{{^page.canonicalURL}}no canonical URL{{/page.canonicalURL}}{{^site.description}}no site description{{/site.description}}</p>
                """,
        ])
        _ = try await build(templates: folder.url.appending(path: "theme"))
        let basics = try folder.read("_site/guide/basics/index.html")
        #expect(basics.contains("<p>anonymous</p>"))
        #expect(basics.contains("<p>about The first steps</p>"))
        #expect(basics.contains("<p>on 22 November 2026 (2026-11-22)</p>"))
        #expect(basics.contains("<p>no canonical URL" + "no site description</p>"))
        let landing = try folder.read("_site/guide/index.html")
        #expect(landing.contains("<p>no description</p>"))
        #expect(landing.contains("<p>undated</p>"))
    }

    @Test("The navigation orders sections and pages by order, then title")
    func navigationOrder() async throws {
        try folder.write([
            "content/guide/aaa.md": "---\ntitle: Zeta\norder: 0\n---\n# Zeta\n",
            "content/guide/bbb.md": "# Alpha\n",
            "content/reference/index.md": "---\norder: 0\n---\n# Reference\n",
        ])
        let loader = SiteLoader(contentFolder: folder.url.appending(path: "content"))
        let site = try await loader.load()
        let order = site.navigation.readingOrder.map { site.pages[$0].title }
        #expect(order == ["Welcome", "Reference", "The Guide", "Zeta", "Basics", "Errors", "Alpha"])
        #expect(site.navigation.sections.map(\.title) == ["Welcome", "Reference", "The Guide"])
    }

    @Test("--base-url puts every URL under the sub-path and makes sitemap and feed absolute")
    func baseURL() async throws {
        _ = try await build(baseURL: "https://example.com/docs/")
        let home = try folder.read("_site/index.html")
        #expect(home.contains(#"href="/docs/guide/basics/""#))
        #expect(home.contains(#"href="/docs/assets/galley.css""#))
        #expect(!home.contains(#"href="/guide/"#))
        let sitemap = try folder.read("_site/sitemap.xml")
        #expect(sitemap.contains("<loc>https://example.com/docs/guide/basics/</loc><lastmod>2026-11-22</lastmod>"))
        let feed = try folder.read("_site/feed.xml")
        #expect(feed.contains("<updated>2026-11-23T10:30:00Z</updated>"))
        #expect(feed.components(separatedBy: "<entry>").count - 1 == 3)
        let errorsEntry = try #require(feed.range(of: "<title>Errors</title>"))
        let basicsEntry = try #require(feed.range(of: "<title>Basics</title>"))
        #expect(errorsEntry.lowerBound < basicsEntry.lowerBound, "newest first")
        let xml = try XMLDocument(xmlString: feed)
        #expect(try xml.nodes(forXPath: "//*[local-name()='entry']").count == 3)
        _ = try XMLDocument(xmlString: sitemap)
    }

    @Test("Every internal link and anchor of the built site resolves")
    func everyLinkResolves() async throws {
        _ = try await build(baseURL: "/docs/")
        let site = folder.url.appending(path: "_site")
        var checked = 0
        for file in folder.files(under: "_site") where file.hasSuffix(".html") {
            let html = try folder.read("_site/" + file)
            for target in linkTargets(inHTML: html) where target.hasPrefix("/") || target.hasPrefix("#") {
                var path = Substring(target)
                var fragment: Substring?
                if let hash = path.firstIndex(of: "#") {
                    fragment = path[path.index(after: hash)...]
                    path = path[..<hash]
                }
                let targetFile: String
                if path.isEmpty {
                    targetFile = file
                } else {
                    #expect(path.hasPrefix("/docs/"), "\(file): \(target) is outside the base path")
                    let relative = path.dropFirst("/docs/".count)
                    targetFile = relative.isEmpty || relative.hasSuffix("/") ? relative + "index.html" : String(relative)
                }
                let exists = FileManager.default.fileExists(atPath: site.appending(path: targetFile).path)
                #expect(exists, "\(file) links to \(target), which does not exist")
                if exists, let fragment, !fragment.isEmpty, targetFile.hasSuffix(".html") {
                    let ids = elementIDs(inHTML: try folder.read("_site/" + targetFile))
                    #expect(ids.contains(String(fragment)), "\(file) links to \(target), which has no such anchor")
                }
                checked += 1
            }
        }
        #expect(checked > 40)
    }

    @Test("Two builds of the same input are byte-identical")
    func deterministic() async throws {
        _ = try await build(output: "one")
        _ = try await build(output: "two")
        let files = folder.files(under: "one")
        #expect(files == folder.files(under: "two"))
        for file in files {
            #expect(try folder.read("one/" + file) == folder.read("two/" + file), "\(file) differs")
        }
    }

    @Test("Broken links are warnings at their line and column")
    func brokenLinks() async throws {
        try folder.write([
            "content/broken.md": "# Broken\n\nSee [gone](gone.md), [bad anchor](guide/basics.md#nowhere)\nand ![missing](img/none.png).\n"
        ])
        let report = try await build()
        let messages = report.warnings.map(\.description)
        let content = folder.url.appending(path: "content").standardizedFileURL.path
        #expect(
            messages == [
                "\(content)/broken.md:3:5: warning: link to `gone.md`: there is no page `gone.md` in the content folder",
                "\(content)/broken.md:3:22: warning: link to `guide/basics.md#nowhere`: `guide/basics.md` has no heading or element with the id `nowhere`; its anchors include #async-await, #async-await-1, #basics, #details",
                "\(content)/broken.md:4:5: warning: link to `img/none.png`: there is no file `img/none.png` in the content folder",
            ]
        )
    }

    @Test("Ids in a page's raw HTML are anchors for the link check, as headings are")
    func rawHTMLAnchors() async throws {
        try folder.write([
            "content/raw.md": """
                # Raw

                <div id="setup" class="note">
                <p>Before you start.</p>
                </div>

                Inline <span id='inline-one'>here</span> and <a name=legacy>there</a>; <!-- <b id="commented"> -->.
                """,
            "content/links.md": "# Links\n\n[a](raw.md#setup), [b](raw.md#inline-one), [c](raw.md#legacy), [d](raw.md#commented)\n",
        ])
        let report = try await build()
        let messages = report.warnings.map(\.message)
        #expect(messages.count == 1, "\(messages)")
        #expect(messages.first?.hasPrefix("link to `raw.md#commented`: `raw.md` has no heading or element with the id `commented`") == true)
        #expect(messages.first?.contains("#setup") == true)
    }

    @Test("Invalid front matter stops the build, names the field, and leaves the previous site untouched")
    func atomicFailure() async throws {
        _ = try await build()
        let before = try folder.read("_site/guide/basics/index.html")
        try folder.write(["content/guide/basics.md": "---\ntitle: Basics\norder: soon\n---\n# Basics\n"])
        do {
            _ = try await build()
            Issue.record("the build should fail")
        } catch {
            let content = folder.url.appending(path: "content").standardizedFileURL.path
            #expect(((error as? BuildFailure)?.diagnostics ?? []).map(\.description) == ["\(content)/guide/basics.md:3:8: error: `order` must be a whole number, not `soon`"])
        }
        #expect(try folder.read("_site/guide/basics/index.html") == before)
        #expect(!folder.exists("._site.galley-staging"))
    }

    @Test("A template that does not parse is reported at its file and line")
    func templateError() async throws {
        try folder.write([
            "templates/layout.mustache": "<html>\n<body>\n{{#page}}\n{{page.title}}\n</body>\n",
            "templates/toc.mustache": "{{#toc}}{{/tic}}\n",
        ])
        do {
            _ = try await build(templates: folder.url.appending(path: "templates"))
            Issue.record("the build should fail")
        } catch {
            let messages = ((error as? BuildFailure)?.diagnostics ?? []).map(\.description)
            let templates = folder.url.appending(path: "templates").standardizedFileURL.path
            #expect(
                messages == [
                    "\(templates)/layout.mustache:6:1: error: a section is never closed; add its `{{/name}}`",
                    "\(templates)/toc.mustache:1:12: error: this closing tag does not match the section it closes; check the `{{/name}}`",
                ]
            )
        }
        #expect(!folder.exists("_site"))
    }
}
