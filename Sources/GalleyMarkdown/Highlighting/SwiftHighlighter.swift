internal import SwiftIDEUtils
internal import SwiftParser
internal import SwiftSyntax

/// Highlights Swift source as HTML from swift-syntax's classification of its tokens.
///
/// The result is escaped code with `<span class="hl-…">` around classified tokens, ready to
/// sit inside `<pre><code class="language-swift">`; the page needs no JavaScript to show it.
public enum SwiftHighlighter {
    /// The highlighted HTML for `source`.
    public static func highlight(_ source: String) -> String {
        let tree = Parser.parse(source: source)
        let bytes = Array(source.utf8)
        var html = ""
        html.reserveCapacity(bytes.count * 2)
        var cursor = 0
        for range in tree.classifications {
            let start = max(range.range.lowerBound.utf8Offset, cursor)
            let end = min(range.range.upperBound.utf8Offset, bytes.count)
            guard start < end else { continue }
            if cursor < start { html += HTML.escape(text(bytes[cursor..<start])) }
            let token = HTML.escape(text(bytes[start..<end]))
            if let cssClass = cssClass(range.kind) {
                html += "<span class=\"\(cssClass)\">\(token)</span>"
            } else {
                html += token
            }
            cursor = end
        }
        if cursor < bytes.count { html += HTML.escape(text(bytes[cursor...])) }
        return html
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func cssClass(_ kind: SyntaxClassification) -> String? {
        switch kind {
        case .keyword: "hl-keyword"
        case .type: "hl-type"
        case .identifier, .dollarIdentifier: "hl-identifier"
        case .stringLiteral: "hl-string"
        case .integerLiteral, .floatLiteral: "hl-number"
        case .lineComment, .blockComment: "hl-comment"
        case .docLineComment, .docBlockComment: "hl-doc-comment"
        case .operator: "hl-operator"
        case .attribute: "hl-attribute"
        case .ifConfigDirective: "hl-directive"
        case .regexLiteral: "hl-regex"
        case .argumentLabel: "hl-label"
        case .editorPlaceholder: "hl-placeholder"
        case .none: nil
        @unknown default: nil
        }
    }
}
