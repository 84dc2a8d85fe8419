/// The HTML Galley writes for a code block.
public enum CodeBlockHTML {
    /// A labelled code block: Swift is highlighted, other languages are escaped as they are.
    ///
    /// - Parameters:
    ///   - code: The code to show.
    ///   - language: The block's language, or `nil` for a plain block.
    /// - Returns: `<figure class="code-block">` with a language caption, `<pre>` and `<code>`.
    public static func render(code: String, language: String?) -> String {
        guard let language, !language.isEmpty else {
            return "<figure class=\"code-block\"><pre><code>\(HTML.escape(code))</code></pre></figure>\n"
        }
        let body = language == "swift" ? SwiftHighlighter.highlight(code) : HTML.escape(code)
        let lang = HTML.escapeAttribute(language)
        return """
            <figure class="code-block" data-lang="\(lang)"><figcaption class="code-lang">\(HTML.escape(language))</figcaption>\
            <pre><code class="language-\(lang)">\(body)</code></pre></figure>

            """
    }
}
