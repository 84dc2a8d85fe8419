public import GalleyMarkdown

/// A page's table of contents: its `##` headings with their `###` headings below them.
public struct TableOfContents: Sendable, Hashable {
    /// A `##` heading and the `###` headings that follow it.
    public struct Entry: Sendable, Hashable {
        public var id: String
        public var title: String
        public var children: [Entry]
    }

    /// The entries in page order.
    public var entries: [Entry] = []

    /// Builds the table from a page's headings; a `###` before any `##` stands on its own.
    public init(headings: [Heading]) {
        for heading in headings where heading.level == 2 || heading.level == 3 {
            let entry = Entry(id: heading.id ?? HeadingSlugger.slug(heading.text), title: heading.text, children: [])
            if heading.level == 3, !entries.isEmpty {
                entries[entries.count - 1].children.append(entry)
            } else {
                entries.append(entry)
            }
        }
    }

    /// The entries as `<li>` items with nested `<ol>` lists, ready to sit inside an `<ol>`.
    ///
    /// Templates get this as `page.tocHTML`, as Hugo offers `.TableOfContents`: rendering a
    /// long table through the template engine on every page costs more than the rest of the
    /// page. `page.toc` still holds the entries for templates that want their own markup.
    public var listItemsHTML: String {
        var html = ""
        for entry in entries {
            html += "<li><a href=\"#\(HTML.escapeAttribute(entry.id))\">\(HTML.escape(entry.title))</a>"
            if !entry.children.isEmpty {
                html += "<ol>"
                for child in entry.children {
                    html += "<li><a href=\"#\(HTML.escapeAttribute(child.id))\">\(HTML.escape(child.title))</a></li>"
                }
                html += "</ol>"
            }
            html += "</li>\n"
        }
        return html
    }
}
