import Foundation
import GalleyMarkdown
@testable import GalleySite
import Testing
import _GalleyTestSupport

/// Numbers, dates, nulls, URLs and folders that used to trap, pass silently or produce broken output.
@Suite("Hostile input")
struct HostileInputTests {
    func frontMatter(_ yaml: String) throws(Diagnostic) -> FrontMatter {
        try FrontMatter.split("---\n\(yaml)\n---\n", path: "p.md").frontMatter
    }

    @Test(
        "Out-of-range and malformed orders are errors, never traps",
        arguments: [
            ("9999999999999999999", "p.md:2:8: error: `order` must be a whole number from -1000000000 to 1000000000, not `9999999999999999999`"),
            ("1000000001", "p.md:2:8: error: `order` must be a whole number from -1000000000 to 1000000000, not `1000000001`"),
            ("1:2:3:4:5:6:7:8:9:10:11", "p.md:2:8: error: `order` must be a whole number from -1000000000 to 1000000000, not `1:2:3:4:5:6:7:8:9:10:11`"),
            ("999999999999999999:0", "p.md:2:8: error: `order` must be a whole number from -1000000000 to 1000000000, not `999999999999999999:0`"),
            ("-0x8000000000000001", "p.md:2:8: error: `order` must be a whole number from -1000000000 to 1000000000, not `-0x8000000000000001`"),
            ("1e30", "p.md:2:8: error: `order` must be a whole number, not `1e30`"),
            ("1.5", "p.md:2:8: error: `order` must be a whole number, not `1.5`"),
            ("1::2", "p.md:2:8: error: `order` must be a whole number, not `1::2`"),
        ]
    )
    func orders(written: String, message: String) {
        #expect(diagnostic { _ = try frontMatter("order: \(written)") } == message)
    }

    @Test("YAML integer forms read with checked arithmetic", arguments: [
        ("-9223372036854775808", YAMLInteger.value(Int.min)), ("9223372036854775807", .value(Int.max)),
        ("9223372036854775808", .outOfRange), ("0x7FFFFFFFFFFFFFFF", .value(Int.max)), ("1:30", .value(90)),
        ("-1:30", .value(-90)), ("0b101", .value(5)), ("08", .notANumber), ("", .notANumber), ("+", .notANumber), ("１２", .notANumber),
    ])
    func integers(text: String, value: YAMLInteger) {
        #expect(YAMLInteger(text) == value)
    }

    @Test("A quoted boolean says it is text and to remove the quotes")
    func quotedDraft() {
        #expect(
            diagnostic { _ = try frontMatter("draft: \"true\"") }
                == "p.md:2:8: error: `draft` must be true or false, not the quoted text `true`; remove the quotes"
        )
        #expect(
            diagnostic { _ = try SiteConfiguration(yaml: "markdown:\n  smart: 'no'\n", path: "site.yml") }
                == "site.yml:2:10: error: `markdown.smart` must be true or false, not the quoted text `no`; remove the quotes"
        )
    }

    @Test("Null means absent: the key keeps its default")
    func nulls() throws {
        let page = try frontMatter("title: ~\ndescription: null\nauthor:\norder: ~\ndraft:\ntags: ~\ndate: null\nlevel: ~\nquoted: \"~\"")
        #expect(page.title == nil && page.description == nil && page.author == nil && page.order == nil && page.date == nil)
        #expect(!page.draft && page.tags.isEmpty)
        #expect(page.params == ["quoted": "~"])
        #expect(diagnostic { _ = try frontMatter("tags: [a, ~]") } == "p.md:2:11: error: `tags` holds an empty item; remove it, or quote it (`\"~\"`) to mean the text")
        let config = try SiteConfiguration(yaml: "title: ~\nbase_url:\nmarkdown:\nsnippets:\n  timeout: ~\n", path: "site.yml")
        #expect(config == SiteConfiguration())
        #expect(diagnostic { _ = try SiteConfiguration(yaml: "titel: ~\n", path: "site.yml") }?.contains("unknown key `titel`") == true)
    }

    @Test(
        "Invalid times are errors that say which part is wrong",
        arguments: [
            ("2026-11-25T25:99:00Z", "the hour must be from 00 to 23"), ("2026-11-25T23:99:00Z", "the minutes must be from 00 to 59"),
            ("2026-11-25T23:59:60Z", "the seconds must be from 00 to 59"), ("2026-11-25T10:00:00+24:00", "the zone must be from -23:59 to +23:59"),
            ("2026-11-25T10:00:00garbage", "the zone must be Z or like +02:00"), ("2026-11-25T1:00", "the time must be HH:MM or HH:MM:SS"),
            ("2026-11-25T10:00:00Z trailing", "nothing may follow the zone"), ("2026-11-25T10:00:00.Z", "a fraction of a second must be 1 to 9 digits"),
        ]
    )
    func invalidTimes(date: String, reason: String) {
        #expect(
            diagnostic { _ = try frontMatter("date: \(date)") }
                == "p.md:2:7: error: `date` must look like 2026-11-25 or 2026-11-25T14:30:00Z, not `\(date)`: \(reason)"
        )
    }

    @Test("Valid times are kept; dates in other zones sort by the moment they name")
    func validTimes() throws {
        #expect(PageDate("2026-11-25T14:30:00.250-05:30")?.rfc3339 == "2026-11-25T14:30:00.250-05:30")
        #expect(PageDate("２０２６-11-25") == nil)
        let early = try #require(PageDate("2026-11-25T23:00:00+02:00"))  // 21:00 UTC
        let late = try #require(PageDate("2026-11-25T22:00:00Z"))
        #expect(early < late)
        #expect(try #require(PageDate("2026-11-25")) < early)
        #expect(try #require(PageDate("2026-11-26T01:00:00+03:00")) < late)  // 22:00 the day before, UTC
    }

    @Test(
        "base_url takes an absolute http(s) URL or a path, without query or fragment",
        arguments: [
            ("?x=1", "a base URL cannot have a query"), ("/docs/#top", "a base URL cannot have a query (`?`) or a fragment (`#`)"),
            ("ftp://example.com/", "must use http or https, not `ftp`"), ("docs/", "`docs/` is neither a full URL nor a path that starts with `/`"),
            ("//cdn.example.com/", "neither a full URL nor a path"), ("https:///docs/", "needs a host"),
            ("https://example.com:99999/", "port of a base URL must be a number from 1 to 65535"), ("https://user:pw@example.com/", "user name or password"),
            ("/my docs/", "cannot hold a space"), ("/a/../b/", "`.` or `..` segments"), ("/\\e[2J/", "cannot hold `\\u{1B}`"),
        ]
    )
    func badBaseURL(baseURL: String, message: String) {
        let found = diagnostic { _ = try SiteConfiguration(yaml: "base_url: \"\(baseURL)\"\n", path: "site.yml") }
        #expect(found?.hasPrefix("site.yml:1:11: error: `base_url`: ") == true, "\(found ?? "accepted")")
        #expect(found?.contains(message) == true, "\(found ?? "accepted")")
    }

    @Test("Good base URLs are accepted", arguments: ["", "/", "/docs/", "/docs", "https://example.com", "http://localhost:8000/a/b/", "https://[::1]:8080/x/", "/caf%C3%A9/"])
    func goodBaseURL(baseURL: String) {
        #expect(SiteAddress.problem(withBaseURL: baseURL) == nil)
    }

    @Test("A refused base URL given on the command line still makes valid URLs")
    func unvalidatedBaseURL() {
        let address = SiteAddress(baseURL: "?x=1")
        #expect(address.root == "/%3Fx=1/")
        #expect(address.url("c#sharp/") == "/%3Fx=1/c%23sharp/")
    }

    @Test("File names are percent-encoded in links, the sitemap and the feed")
    func encodedRoutes() async throws {
        let folder = try TemporaryFolder()
        try folder.write([
            "content/index.md": "# Home\n\n[C#](c%23sharp.md) and [odds](100%25 sure.md) and [file](notes%3F.txt)\n",
            "content/c#sharp.md": "---\ndate: 2026-11-25\n---\n# C sharp\n",
            "content/100% sure.md": "# Sure\n",
            "content/notes?.txt": "notes\n",
        ])
        var options = SiteBuilder.Options(
            contentFolder: folder.url.appending(path: "content"), templatesFolder: Repository.templates,
            outputFolder: folder.url.appending(path: "_site")
        )
        options.baseURL = "https://example.com/"
        options.runSnippets = false
        let report = try await SiteBuilder(options: options).build()
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        let home = try folder.read("_site/index.html")
        #expect(home.contains(#"href="/c%23sharp/""#))
        #expect(home.contains(#"href="/100%25%20sure/""#))
        #expect(home.contains(#"href="/notes%3F.txt""#))
        #expect(!home.contains("href=\"/c#sharp/"))
        #expect(try folder.read("_site/sitemap.xml").contains("<loc>https://example.com/c%23sharp/</loc>"))
        #expect(try folder.read("_site/feed.xml").contains(#"<link href="https://example.com/c%23sharp/"/>"#))
        #expect(try folder.read("_site/c#sharp/index.html").contains(#"<link rel="canonical" href="https://example.com/c%23sharp/">"#))
    }

    @Test("Control characters in titles and text reach the page as visible symbols")
    func controlCharactersInPages() async throws {
        let folder = try TemporaryFolder()
        try folder.write(["content/index.md": "# Home\n", "content/a.md": "---\ntitle: \"Bell\\a and \\e[2J\"\n---\nText \u{1B}]0;pwned\u{07} here.\n\n```text\n\u{1B}[31m\n```\n"])
        var options = SiteBuilder.Options(
            contentFolder: folder.url.appending(path: "content"), templatesFolder: Repository.templates,
            outputFolder: folder.url.appending(path: "_site")
        )
        options.runSnippets = false
        _ = try await SiteBuilder(options: options).build()
        let html = try folder.read("_site/a/index.html")
        #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" })
        #expect(html.contains("<title>Bell␇ and ␛[2J · "))
        #expect(html.contains("Text ␛]0;pwned␇ here."))
        #expect(html.contains("␛[31m"))
    }

    @Test("A diagnostic never carries a raw control character")
    func diagnostics() {
        let diagnostic = Diagnostic.error(at: SourceLocation(path: "a\u{1B}.md", line: 1), "bad `\u{1B}[2J`")
        #expect(diagnostic.message == "bad `\\u{1B}[2J`")
        #expect(diagnostic.description == "a\\u{1B}.md:1: error: bad `\\u{1B}[2J`")
    }

    @Test("A page's own warnings are reported with the link check's")
    func pageWarnings() async {
        var page = Page(
            sourcePath: "a.md", displayPath: "content/a.md", route: "a/", frontMatter: FrontMatter(), title: "A", headings: [],
            contentHTML: "", links: []
        )
        page.warnings = [.warning(at: SourceLocation(path: "content/a.md", line: 3), "plain")]
        #expect(await LinkChecker(pages: [page]).check(jobs: 2) == page.warnings)
    }

    @Test("A folder that cannot be listed is reported by the walk, and is an error among templates")
    func unreadableFolder() throws {
        guard getuid() != 0 else { return }  // root reads every folder; the permission cannot be taken away
        let folder = try TemporaryFolder()
        try folder.write(["templates/layout.mustache": "{{> partials/a}}", "templates/partials/a.mustache": "a", "templates/secret/b.mustache": "b"])
        let secret = folder.url.appending(path: "templates/secret").path
        chmod(secret, 0)
        defer { chmod(secret, 0o755) }
        let unreadable = FolderListing.walk(folder.url.appending(path: "templates").path, includingHidden: false) { _, _ in }
        #expect(unreadable == [FolderListing.UnreadableFolder(path: "secret", reason: "Permission denied")])
        #expect(throws: BuildFailure.self) { try TemplateSet(folder: folder.url.appending(path: "templates"), displayFolder: "templates") }
    }
}
