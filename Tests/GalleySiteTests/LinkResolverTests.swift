import GalleyMarkdown
@testable import GalleySite
import Testing

@Suite("Link resolution")
struct LinkResolverTests {
    let resolver = LinkResolver(
        routes: [
            "index.md": "", "guide/index.md": "guide/", "guide/basics.md": "guide/basics/", "guide/deep/more.md": "guide/deep/more/",
            "café/menü.md": "café/menü/", "notes.md": "notes/",
        ],
        files: ["images/diagram.svg", "guide/chart.png"],
        root: "/docs/"
    )

    /// The new destination of `destination` written on page `from`, and where it leads.
    func resolve(_ destination: String, from page: String) -> (destination: String, target: ResolvedLink.Target)? {
        let link = Link(destination: destination, isImage: false, location: SourceLocation(path: page, line: 1))
        return resolver.resolve(link, from: page).map { ($0.destination, $0.resolved.target) }
    }

    @Test(
        "Relative paths resolve against the page's folder, with `.`, `..` and repeated slashes",
        arguments: [
            ("basics.md", "guide/index.md", "/docs/guide/basics/", "guide/basics.md"),
            ("./basics.md", "guide/index.md", "/docs/guide/basics/", "guide/basics.md"),
            ("deep//more.md", "guide/basics.md", "/docs/guide/deep/more/", "guide/deep/more.md"),
            ("../basics.md", "guide/deep/more.md", "/docs/guide/basics/", "guide/basics.md"),
            ("../../index.md", "guide/deep/more.md", "/docs/", "index.md"),
            // `..` never climbs above the content folder.
            ("../../../../notes.md", "guide/deep/more.md", "/docs/notes/", "notes.md"),
            ("guide/./deep/../basics.md", "index.md", "/docs/guide/basics/", "guide/basics.md"),
            ("../", "guide/deep/more.md", "/docs/guide/", "guide/index.md"),
            ("..", "guide/basics.md", "/docs/", "index.md"),
            (".", "guide/basics.md", "/docs/guide/", "guide/index.md"),
            ("guide/", "index.md", "/docs/guide/", "guide/index.md"),
        ]
    )
    func relativePaths(destination: String, page: String, expected: String, source: String) throws {
        let resolved = try #require(resolve(destination, from: page))
        #expect(resolved.destination == expected)
        #expect(resolved.target == .page(source, anchor: nil))
    }

    @Test("Anchors are kept and queries dropped; percent-encoding and non-ASCII names resolve")
    func anchorsQueriesAndNames() throws {
        let anchored = try #require(resolve("../../guide/basics.md?x=1#async-await", from: "guide/deep/more.md"))
        #expect(anchored.destination == "/docs/guide/basics/#async-await")
        #expect(anchored.target == .page("guide/basics.md", anchor: "async-await"))
        let encoded = try #require(resolve("../caf%C3%A9/men%C3%BC.md#top", from: "guide/basics.md"))
        #expect(encoded.destination == "/docs/café/menü/#top")
        let written = try #require(resolve("menü.md", from: "café/index.md"))
        #expect(written.target == .page("café/menü.md", anchor: nil))
        let upFromAccented = try #require(resolve("../guide/basics.md", from: "café/menü.md"))
        #expect(upFromAccented.destination == "/docs/guide/basics/")
        // A combining mark after `/` belongs to that character: it is no separator.
        let combining = try #require(resolve("a/\u{301}b.md", from: "index.md"))
        #expect(combining.target == .missingPage("a/\u{301}b.md"))
    }

    @Test("Same-page anchors, files, missing targets and links Galley leaves alone")
    func otherTargets() throws {
        let sameSection = try #require(resolve("#details", from: "guide/basics.md"))
        #expect(sameSection.destination == "#details")
        #expect(sameSection.target == .page("guide/basics.md", anchor: "details"))
        let image = try #require(resolve("../images/diagram.svg", from: "guide/basics.md"))
        #expect(image.destination == "/docs/images/diagram.svg")
        #expect(image.target == .file("images/diagram.svg"))
        #expect(try #require(resolve("missing.md#x", from: "guide/basics.md")).target == .missingPage("guide/missing.md"))
        #expect(try #require(resolve("chart.gif", from: "guide/basics.md")).target == .missingFile("guide/chart.gif"))
        for untouched in ["https://example.com/a.md", "mailto:team@example.com", "//cdn.example.com/x.js", "/absolute/path.md", ""] {
            #expect(resolve(untouched, from: "guide/basics.md") == nil, "\(untouched)")
        }
    }
}
