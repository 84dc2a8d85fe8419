/// How cmark parses and renders a document.
public struct MarkdownOptions: Sendable, Hashable {
    /// Curly quotes, en and em dashes and ellipses (`CMARK_OPT_SMART`).
    public var smartTypography: Bool
    /// Raw HTML in the Markdown is passed through (`CMARK_OPT_UNSAFE`); when off it is
    /// replaced by a comment, as cmark does by default.
    public var rawHTML: Bool

    /// Creates options; both default to on, since a Galley site is its author's own.
    public init(smartTypography: Bool = true, rawHTML: Bool = true) {
        self.smartTypography = smartTypography
        self.rawHTML = rawHTML
    }
}
