internal import SwiftParser
internal import SwiftSyntax

/// Highlights Swift source as HTML from swift-syntax's parse of it, each token classified by
/// ``SwiftTokenClassifier``.
///
/// The result is escaped code with `<span class="hl-…">` around classified tokens, ready to
/// sit inside `<pre><code class="language-swift">`; the page needs no JavaScript to show it.
///
/// swift-syntax's parser needs time or memory that grow much faster than the text for some
/// shapes of code: a 30 KB line of nested string interpolations (`"\("\(…`) took 4.75 GB,
/// and 24 nested `[` take minutes (see ``SwiftNesting``). A block that is too large or nests
/// too deep is therefore shown escaped but not highlighted, and the caller is told why (see
/// ``highlighted(_:)``), rather than letting one page exhaust the machine.
public enum SwiftHighlighter {
    /// The largest block, in UTF-8 bytes, that is highlighted.
    public static let sizeLimit = 256 * 1024
    /// The deepest nesting of string interpolations (a string inside `\(…)` inside a string)
    /// that is highlighted.
    public static let interpolationDepthLimit = 8
    /// The most work nested `[` may cost: each `[` counts 3 to the power of its depth, so
    /// this allows one nest 12 deep, or tens of thousands 2 deep (a matrix literal), and stops
    /// the exponential cases at a fraction of a second.
    public static let bracketWorkLimit = 1_000_000
    /// The most work nested `\(` outside strings may cost: each counts the square of its
    /// depth, which allows one chain about 50 deep.
    public static let keyPathWorkLimit = 50_000

    /// Why a block was shown without highlighting.
    public enum Fallback: Sendable, Hashable, CustomStringConvertible {
        /// The block has more than ``SwiftHighlighter/sizeLimit`` bytes.
        case tooLarge(bytes: Int)
        /// Its string interpolations nest deeper than ``SwiftHighlighter/interpolationDepthLimit``.
        case interpolationsTooDeep(depth: Int)
        /// Its `[` nest too deep, or too often deep, for ``SwiftHighlighter/bracketWorkLimit``.
        case bracketsTooDeep(depth: Int)
        /// Its `\(` outside strings nest beyond ``SwiftHighlighter/keyPathWorkLimit``.
        case keyPathsTooDeep(depth: Int)

        /// What to tell the author, for a warning at the block.
        public var description: String {
            let plain = "it is shown as plain text, since parsing it to highlight it could take minutes or gigabytes"
            return switch self {
            case .tooLarge(let bytes):
                "this Swift block has \(bytes) bytes, more than the \(SwiftHighlighter.sizeLimit) that are highlighted; it is shown as plain text (split it to have it highlighted)"
            case .interpolationsTooDeep(let depth):
                "this Swift block nests string interpolations \(depth) deep, more than \(SwiftHighlighter.interpolationDepthLimit); \(plain)"
            case .bracketsTooDeep(let depth):
                "this Swift block nests `[` up to \(depth) deep, too deep or too often; \(plain)"
            case .keyPathsTooDeep(let depth):
                "this Swift block nests `\\(` up to \(depth) deep outside strings; \(plain)"
            }
        }
    }

    /// Highlighted HTML, or escaped text and the reason it is not highlighted.
    public struct Highlighted: Sendable, Hashable {
        /// HTML to place inside `<pre><code>`.
        public var html: String
        /// Why the code is shown without highlighting, or `nil` when it is highlighted.
        public var fallback: Fallback?
    }

    /// The highlighted HTML for `source`, or its escaped text when it is too large or nests
    /// too deep to parse safely (see ``highlighted(_:)`` to learn which).
    public static func highlight(_ source: String) -> String {
        highlighted(source).html
    }

    /// The highlighted HTML for `source`, or its escaped text and the reason, as
    /// ``fallback(for:)`` decides.
    ///
    /// - Parameter hiddenRanges: UTF-8 byte ranges of `source`, sorted and apart, that are
    ///   wrapped in `<span class="code-hidden" hidden>`, whatever tokens cross their edges: a
    ///   snippet's hidden lines, highlighted with the code around them and shown on request.
    public static func highlighted(_ source: String, hiddenRanges: [Range<Int>] = []) -> Highlighted {
        if let fallback = fallback(for: source) {
            var writer = HTMLWriter(source: source, hiddenRanges: hiddenRanges)
            writer.write(upTo: writer.bytes.count, cssClass: nil)
            return Highlighted(html: writer.finish(), fallback: fallback)
        }
        return Highlighted(html: highlightParsing(source, hiddenRanges: hiddenRanges), fallback: nil)
    }

    /// Why `source` would be shown without highlighting, or `nil` when it is highlighted.
    ///
    /// One pass over the bytes, far cheaper than parsing, so a caller may ask before rendering
    /// (to warn at the block's line, say) and get the answer ``highlighted(_:)`` will act on.
    public static func fallback(for source: String) -> Fallback? {
        let bytes = source.utf8.count
        if bytes > sizeLimit { return .tooLarge(bytes: bytes) }
        let nesting = SwiftNesting(measuring: source)
        if nesting.interpolationDepth > interpolationDepthLimit { return .interpolationsTooDeep(depth: nesting.interpolationDepth) }
        if nesting.bracketWork > bracketWorkLimit { return .bracketsTooDeep(depth: nesting.bracketDepth) }
        if nesting.keyPathWork > keyPathWorkLimit { return .keyPathsTooDeep(depth: nesting.keyPathDepth) }
        return nil
    }

    /// The classified stretches of `source`, in order and apart; what ``highlighted(_:)``
    /// wraps in spans. Unlike it, this parses whatever it is given.
    static func classifiedRanges(_ source: String) -> [SwiftClassifiedRange] {
        classifiedRanges(of: Parser.parse(source: source))
    }

    private static func classifiedRanges(of tree: SourceFileSyntax) -> [SwiftClassifiedRange] {
        SwiftTokenClassifier(tree).ranges
    }

    private static func highlightParsing(_ source: String, hiddenRanges: [Range<Int>]) -> String {
        let tree = Parser.parse(source: source)
        var writer = HTMLWriter(source: source, hiddenRanges: hiddenRanges)
        for classified in classifiedRanges(of: tree) {
            let start = max(classified.range.lowerBound, writer.cursor)
            let end = min(classified.range.upperBound, writer.bytes.count)
            guard start < end else { continue }
            writer.write(upTo: start, cssClass: nil)
            writer.write(upTo: end, cssClass: classified.tokenClass.cssClass)
        }
        writer.write(upTo: writer.bytes.count, cssClass: nil)
        return writer.finish()
    }

    /// Writes escaped source bytes, each token in its class's span and each hidden range in a
    /// span of its own; a token that crosses a hidden range's edge is closed and opened again
    /// there, so the spans always nest.
    private struct HTMLWriter {
        static let hiddenOpen = Array(#"<span class="code-hidden" hidden>"#.utf8)

        let bytes: [UInt8]
        let hiddenRanges: [Range<Int>]
        /// Built as bytes: a highlighted block has hundreds of tokens, and small String
        /// concatenations would dominate the cost.
        var html: [UInt8] = []
        var cursor = 0
        private var nextRange = 0
        private var inHidden = false

        init(source: String, hiddenRanges: [Range<Int>]) {
            bytes = Array(source.utf8)
            self.hiddenRanges = hiddenRanges
            html.reserveCapacity(bytes.count * 3)
        }

        /// Writes the bytes from the cursor to `end`, in a span of `cssClass` when it has one.
        mutating func write(upTo end: Int, cssClass: String?) {
            while cursor < end {
                // Where the current stretch stops: the next edge of a hidden range, or `end`.
                var stop = end
                if inHidden {
                    stop = min(stop, hiddenRanges[nextRange].upperBound)
                } else if nextRange < hiddenRanges.count {
                    let range = hiddenRanges[nextRange]
                    if range.lowerBound <= cursor {
                        html.append(contentsOf: Self.hiddenOpen)
                        inHidden = true
                        continue
                    }
                    stop = min(stop, range.lowerBound)
                }
                if let cssClass {
                    html.append(contentsOf: #"<span class=""#.utf8)
                    html.append(contentsOf: cssClass.utf8)
                    html.append(contentsOf: #"">"#.utf8)
                    appendEscaped(bytes[cursor..<stop], to: &html)
                    html.append(contentsOf: "</span>".utf8)
                } else {
                    appendEscaped(bytes[cursor..<stop], to: &html)
                }
                cursor = stop
                if inHidden, cursor == hiddenRanges[nextRange].upperBound {
                    html.append(contentsOf: "</span>".utf8)
                    inHidden = false
                    nextRange += 1
                }
            }
        }

        mutating func finish() -> String {
            if inHidden { html.append(contentsOf: "</span>".utf8) }
            return String(decoding: html, as: UTF8.self)
        }
    }

    /// Escapes as ``HTML/escape(_:)`` does, control characters included; a token holds whole
    /// characters, so a two-byte C1 control is never split.
    private static func appendEscaped(_ bytes: ArraySlice<UInt8>, to html: inout [UInt8]) {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "&"): html.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): html.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): html.append(contentsOf: "&gt;".utf8)
            case 0xC2 where index < bytes.endIndex && bytes[index] < 0xA0:
                html.append(contentsOf: ControlCharacters.replacementCharacter)
                index += 1
            default:
                if let picture = ControlCharacters.picture(forASCII: byte) {
                    html.append(contentsOf: picture)
                } else {
                    html.append(byte)
                }
            }
        }
    }
}
