internal import GalleyMarkdown

/// A site read from its content folder: configuration, rendered pages and navigation, ready
/// to be written through templates.
public struct Site: Sendable {
    /// The configuration from `site.yml` (with `--base-url` applied).
    public var config: SiteConfiguration
    /// Where the site lives.
    public var address: SiteAddress
    /// The pages, sorted by source path.
    public var pages: [Page]
    /// Sections and reading order.
    public var navigation: Navigation
    /// Non-Markdown files of the content folder, copied as they are.
    public var files: [String]
    /// Problems that did not stop the build (broken links, for instance), in source order.
    public var warnings: [Diagnostic]

    private var indexBySourcePath: [String: Int]

    init(config: SiteConfiguration, address: SiteAddress, pages: [Page], files: [String], warnings: [Diagnostic]) {
        self.config = config
        self.address = address
        self.pages = pages
        self.navigation = Navigation(pages: pages)
        self.files = files
        self.warnings = warnings
        self.indexBySourcePath = Dictionary(uniqueKeysWithValues: pages.enumerated().map { ($1.sourcePath, $0) })
    }

    /// The index of the page built from `sourcePath`.
    public func pageIndex(forSourcePath sourcePath: String) -> Int? {
        indexBySourcePath[sourcePath]
    }
}
