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
    public static func renderReportingFallback(
        code: String, language: String?
    ) -> (html: String, fallback: SwiftHighlighter.Fallback?) {
        guard let language, !language.isEmpty else {
            return ("<figure class=\"code-block\"><pre><code>\(HTML.escape(code))</code></pre></figure>\n", nil)
        }
        var fallback: SwiftHighlighter.Fallback?
        let body: String
        if language == "swift" {
            let highlighted = SwiftHighlighter.highlighted(code)
            body = highlighted.html
            fallback = highlighted.fallback
        } else {
            body = HTML.escape(code)
        }
        let lang = HTML.escapeAttribute(language)
        let html = """
            <figure class="code-block" data-lang="\(lang)"><figcaption class="code-lang">\(HTML.escape(language))</figcaption>\
            <pre><code class="language-\(lang)">\(body)</code></pre></figure>

            """
        return (html, fallback)
    }
}
