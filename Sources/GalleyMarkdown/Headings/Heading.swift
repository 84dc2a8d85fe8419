/// A heading of a document.
public struct Heading: Sendable, Hashable {
    /// 1 for `#`, up to 6.
    public var level: Int
    /// The heading's text without markup.
    public var text: String
    /// The heading's `id` attribute, once ``MarkdownDocument/anchorHeadings(using:)`` gave it one.
    public var id: String?
    /// Where the heading starts.
    public var location: SourceLocation

    /// Creates a heading.
    public init(level: Int, text: String, id: String? = nil, location: SourceLocation) {
        self.level = level
        self.text = text
        self.id = id
        self.location = location
    }
}
