public import GalleyMarkdown

/// A link of a page and where it leads inside the site.
public struct ResolvedLink: Sendable, Hashable {
    /// Where a link leads.
    public enum Target: Sendable, Hashable {
        /// Another page (by source path), with an optional anchor.
        case page(String, anchor: String?)
        /// A file copied from the content folder.
        case file(String)
        /// A Markdown file that is not part of the site.
        case missingPage(String)
        /// A file that is not in the content folder.
        case missingFile(String)
    }

    /// The link as written.
    public var link: Link
    /// Where it leads.
    public var target: Target
}
