/// A code block of a document, with the lines it spans.
public struct CodeBlock: Sendable, Hashable {
    /// The block's position among the document's code blocks, starting at 0.
    public var index: Int
    /// The whole info string of a fenced block (`swift session=intro`); empty when indented.
    public var info: String
    /// The code, ending with a newline unless empty.
    public var code: String
    /// `true` for a fenced block, `false` for an indented one.
    public var isFenced: Bool
    /// The line of the opening fence (or of the first line, for an indented block).
    public var location: SourceLocation
    /// The last line of the block: its closing fence when it has one.
    public var endLine: Int
    /// The index of the code block that comes right before this one in the same container,
    /// with only blank lines between, if there is one.
    public var previousAdjacentIndex: Int?
    /// The byte column (1-based) where the block starts on its first line: its fence, after
    /// the markers of the blocks that hold it.
    public var column: Int
    /// The blocks that hold this one, outermost first: what claims the start of each of its lines.
    public var containers: [BlockContainer]
    /// The byte column (1-based) of each of ``infoWords`` on the opening fence's line, for
    /// messages about a word at `path:line:col`; empty when the words as written cannot be
    /// told apart (an entity or escape that cmark turned into a blank or a quote).
    public var infoWordColumns: [Int]

    /// Creates a code block.
    public init(
        index: Int, info: String, code: String, isFenced: Bool, location: SourceLocation, endLine: Int,
        previousAdjacentIndex: Int? = nil, column: Int = 1, containers: [BlockContainer] = [], infoWordColumns: [Int] = []
    ) {
        self.index = index
        self.info = info
        self.code = code
        self.isFenced = isFenced
        self.location = location
        self.endLine = endLine
        self.previousAdjacentIndex = previousAdjacentIndex
        self.column = column
        self.containers = containers
        self.infoWordColumns = infoWordColumns
    }

    /// The words of the info string: the language first, then attributes. Blanks inside
    /// double quotes do not end a word, so `flags="-swift-version 5"` is one word, quotes kept.
    public var infoWords: [Substring] {
        Self.wordRanges(in: info[...]).map { info[$0] }
    }

    /// Where the words of an info string are: runs of characters between spaces and tabs,
    /// except those inside double quotes.
    static func wordRanges(in text: Substring) -> [Range<String.Index>] {
        var words: [Range<String.Index>] = []
        var start: String.Index?
        var quoted = false
        for index in text.indices {
            let character = text[index]
            if character == "\"" { quoted.toggle() }
            if !quoted, character == " " || character == "\t" {
                if let wordStart = start { words.append(wordStart..<index) }
                start = nil
            } else if start == nil {
                start = index
            }
        }
        if let start { words.append(start..<text.endIndex) }
        return words
    }

    /// The byte columns of the info string's words on the opening fence's line `line`, whose
    /// fence starts at byte column `fenceColumn`; empty unless they are `count` words, as cmark read them.
    static func infoWordColumns(onLine line: Substring, fenceColumn: Int, count: Int) -> [Int] {
        let bytes = line.utf8
        guard fenceColumn >= 1, fenceColumn <= bytes.count else { return [] }
        var index = bytes.index(bytes.startIndex, offsetBy: fenceColumn - 1)
        let fence = bytes[index]
        guard fence == UInt8(ascii: "`") || fence == UInt8(ascii: "~") else { return [] }
        while index < bytes.endIndex, bytes[index] == fence { index = bytes.index(after: index) }
        let columns = wordRanges(in: line[index...]).map { bytes.distance(from: bytes.startIndex, to: $0.lowerBound) + 1 }
        return columns.count == count ? columns : []
    }

    /// The language named by the info string's first word, or `nil` when it has none.
    public var language: String? {
        infoWords.first.map(String.init)
    }
}

/// A block that holds other blocks, and so claims the start of each of their lines: a block
/// quote's `>`, a list item's indentation.
public enum BlockContainer: Sendable, Hashable {
    /// A block quote.
    case blockQuote
    /// A list item whose marker is at `line`, byte column `column` (1-based), as cmark reports it.
    case listItem(line: Int, column: Int)
}
