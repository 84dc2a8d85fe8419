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
        // Built as bytes: a highlighted block has hundreds of tokens, and small String
        // concatenations would dominate the cost.
        var html: [UInt8] = []
        html.reserveCapacity(bytes.count * 3)
        var cursor = 0
        func emit(_ kind: SyntaxClassification, _ start: Int, _ end: Int) {
            let start = max(start, cursor)
            let end = min(end, bytes.count)
            guard start < end else { return }
            if cursor < start { appendEscaped(bytes[cursor..<start], to: &html) }
            if let cssClass = cssClass(kind) {
                html.append(contentsOf: #"<span class=""#.utf8)
                html.append(contentsOf: cssClass.utf8)
                html.append(contentsOf: #"">"#.utf8)
                appendEscaped(bytes[start..<end], to: &html)
                html.append(contentsOf: "</span>".utf8)
            } else {
                appendEscaped(bytes[start..<end], to: &html)
            }
            cursor = end
        }
        for classified in tree.classifications {
            emit(classified.kind, classified.range.lowerBound.utf8Offset, classified.range.upperBound.utf8Offset)
        }
        if cursor < bytes.count { appendEscaped(bytes[cursor...], to: &html) }
        return String(decoding: html, as: UTF8.self)
    }

    private static func appendEscaped(_ bytes: ArraySlice<UInt8>, to html: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "&"): html.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): html.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): html.append(contentsOf: "&gt;".utf8)
            default: html.append(byte)
            }
        }
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
