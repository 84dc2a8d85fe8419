public import GalleyMarkdown

/// A Markdown file of the site, parsed and rendered to its HTML content.
public struct Page: Sendable, Hashable {
    /// The file's path relative to the content folder (`guide/callbacks.md`).
    public var sourcePath: String
    /// The path diagnostics print (`content/guide/callbacks.md`).
    public var displayPath: String
    /// The page's address below the site root: `""` for the home page, `guide/callbacks/` otherwise.
    public var route: String
    /// The page's front matter.
    public var frontMatter: FrontMatter
    /// The title from front matter, else the first `#` heading, else the file's name.
    public var title: String
    /// The headings with their ids.
    public var headings: [Heading]
    /// The body rendered to HTML.
    public var contentHTML: String
    /// The ids that the page's raw HTML declares (`<div id="setup">`, `<a name="old">`):
    /// anchors for links, as its headings' ids are.
    public var rawHTMLAnchors: [String] = []
    /// The internal links of the page with where they point.
    public var links: [ResolvedLink]
    /// Problems found while rendering the page that do not stop the build (a Swift block
    /// shown without highlighting); the link check reports them with its own warnings.
    public var warnings: [Diagnostic] = []
    /// What the search index holds of the page; `nil` when the site is built without search.
    var searchEntry: SearchEntry?

    /// The route of a Markdown file: `index.md` → home, `a/index.md` → `a/`, `a/b.md` → `a/b/`.
    public static func route(forSourcePath path: String) -> String {
        let withoutExtension = String(path.dropLast(3))
        if withoutExtension == "index" { return "" }
        if withoutExtension.hasSuffix("/index") { return String(withoutExtension.dropLast("index".count)) }
        return withoutExtension + "/"
    }

    /// The folder of the page in the navigation: `guide` for `guide/callbacks.md` and for `guide/index.md`.
    public var folder: String {
        let components = sourcePath.split(separator: "/")
        return components.dropLast().joined(separator: "/")
    }

    /// `true` for a folder's `index.md`, the landing page of its section.
    public var isIndex: Bool {
        sourcePath == "index.md" || sourcePath.hasSuffix("/index.md")
    }

    /// The path of the HTML file in the output folder.
    public var outputPath: String { route + "index.html" }
}

/// `callbacks` → `Callbacks`, `async-await` → `Async await`, for titles nobody wrote.
func humanize(_ name: String) -> String {
    let words = name.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
    return words.prefix(1).uppercased() + words.dropFirst()
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
