/// A link or image destination as written in the Markdown.
public struct Link: Sendable, Hashable {
    /// The destination exactly as cmark parsed it (`callbacks.md#callback-hell`).
    public var destination: String
    /// `true` for an image (`![alt](src)`), whose destination is a file rather than a page.
    public var isImage: Bool
    /// Where the link starts (or its paragraph, when cmark gives inlines no position).
    public var location: SourceLocation

    /// Creates a link.
    public init(destination: String, isImage: Bool, location: SourceLocation) {
        self.destination = destination
        self.isImage = isImage
        self.location = location
    }
}
