/// The text of a document as a reader sees it, without markup, split at its headings: what a
/// search index is made from.
///
/// The text is UTF-8 bytes in one buffer, so that a tokenizer can read it without making a
/// string of every node. Blocks are separated by a newline; soft and hard line breaks are
/// spaces. Headings are not part of the text: each heading starts a section, and its own text
/// is ``Heading/text``.
public struct DocumentText: Sendable, Hashable {
    /// One stretch of the document: the text before its first heading, or a heading and what
    /// follows it up to the next heading, at any level.
    public struct Section: Sendable, Hashable {
        /// The heading's position among the document's headings (the order of
        /// ``MarkdownDocument/headings()``), or `nil` for the text before the first heading.
        public var heading: Int?
        /// Where the section's text is in ``DocumentText/bytes``.
        public var range: Range<Int>
    }

    /// The text of every section, one after the other.
    public var bytes: [UInt8]
    /// The sections in document order: first the text before any heading (often empty), then
    /// one for each heading.
    public var sections: [Section]

    /// The bytes of `section`.
    public func text(of section: Section) -> ArraySlice<UInt8> {
        bytes[section.range]
    }
}
