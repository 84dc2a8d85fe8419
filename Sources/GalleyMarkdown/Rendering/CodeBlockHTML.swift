/// The HTML Galley writes for a code block.
public enum CodeBlockHTML {
    /// A labelled code block: Swift is highlighted, other languages are escaped as they are.
    ///
    /// - Parameters:
    ///   - code: The code to show.
    ///   - language: The block's language, or `nil` for a plain block.
    /// - Returns: `<figure class="code-block">` with a language caption, `<pre>` and `<code>`.
    public static func render(code: String, language: String?) -> String {
        renderReportingFallback(code: code, language: language).html
    }

    /// ``render(code:language:)``, and why a Swift block was shown without highlighting (too
    /// large, or nesting too deep for swift-syntax to parse safely), for a warning at the block.
    ///
    /// - Returns: The HTML, and `nil` as the fallback unless a Swift block was left plain.
    /// - Parameter hiddenRanges: For Swift, UTF-8 byte ranges of `code` that are hidden until
    ///   the reader asks for them (a snippet's set-up lines); the figure then says how many
    ///   lines it hides in `data-hidden-lines`.
    public static func renderReportingFallback(
        code: String, language: String?, hiddenRanges: [Range<Int>] = []
    ) -> (html: String, fallback: SwiftHighlighter.Fallback?) {
        guard let language, !language.isEmpty else {
            return ("<figure class=\"code-block\"><pre><code>\(HTML.escape(code))</code></pre></figure>\n", nil)
        }
        var fallback: SwiftHighlighter.Fallback?
        let body: String
        var hiddenLines = 0
        if language == "swift" {
            let highlighted = SwiftHighlighter.highlighted(code, hiddenRanges: hiddenRanges)
            body = highlighted.html
            fallback = highlighted.fallback
            let bytes = Array(code.utf8)
            hiddenLines = hiddenRanges.reduce(0) { count, range in
                count + bytes[range].count { $0 == UInt8(ascii: "\n") } + (range.upperBound == bytes.count && bytes.last != UInt8(ascii: "\n") ? 1 : 0)
            }
        } else {
            body = HTML.escape(code)
        }
        let lang = HTML.escapeAttribute(language)
        let hidden = hiddenLines > 0 ? " data-hidden-lines=\"\(hiddenLines)\"" : ""
        let html = """
            <figure class="code-block" data-lang="\(lang)"\(hidden)><figcaption class="code-lang">\(HTML.escape(language))</figcaption>\
            <pre><code class="language-\(lang)">\(body)</code></pre></figure>

            """
        return (html, fallback)
    }
}
