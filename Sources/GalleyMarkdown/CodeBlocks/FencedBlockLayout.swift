/// Where a fenced code block's parts are in its page's lines, and how to write lines that
/// cmark reads as part of the same containers: what an edit of the block needs to change
/// its content, and nothing else.
///
/// cmark reports a block's first line, column and nesting, but not how much of each line its
/// block quotes and list items claim. That is worked out here from those positions, with the
/// same rules cmark applies to the start of every line (a block quote's `>` and one optional
/// space, a list item's indentation measured in columns with tab stops of 4), so that
/// block quotes, list items, tabs and any fence length are edited correctly. Callers should
/// still parse the edited text again and compare: a layout is only ever a proposal.
public struct FencedBlockLayout: Sendable, Hashable {
    /// The line of the opening fence.
    public var openingLine: Int
    /// The fence character, `` ` `` or `~`.
    public var fenceCharacter: UInt8
    /// The number of fence characters that open the block.
    public var fenceLength: Int
    /// Where the opening fence's characters are in the opening line's content.
    public var openingFence: Range<Int>
    /// The lines of the block's content (empty when it has none).
    public var contentLines: ClosedRange<Int>?
    /// The line of the closing fence and where its characters are; `nil` when the block is
    /// never closed and runs to the end of its container.
    public var closingFence: ClosingFence?

    /// Where a block's closing fence is.
    public struct ClosingFence: Sendable, Hashable {
        /// Its line.
        public var line: Int
        /// Where its fence characters are in the line's content.
        public var range: Range<Int>
    }
    /// Bytes that start a new line inside the same containers (`> `, list indentation).
    public var linePrefix: [UInt8]
    /// Spaces between the containers and the fence: cmark removes up to as many from the
    /// start of each content line, so a written content line must carry them.
    public var fenceIndentation: Int
    /// Whether a list item holds the block: a blank line added next to it would make a tight
    /// list loose.
    public var isInListItem: Bool

    /// The prefix of an empty line in the same containers (``linePrefix`` without trailing blanks).
    public var blankLinePrefix: [UInt8] {
        var prefix = linePrefix
        while let last = prefix.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { prefix.removeLast() }
        return prefix
    }

    /// The bytes of a content line holding `text`, without its line ending.
    public func contentLine(_ text: some Collection<UInt8>) -> [UInt8] {
        guard !text.isEmpty else { return blankLinePrefix }
        return linePrefix + [UInt8](repeating: UInt8(ascii: " "), count: fenceIndentation) + text
    }

    /// The layout of `block` in `lines`, or `nil` when the block is not fenced or the lines do
    /// not match what cmark reported for it (the text is not the one it was parsed from).
    ///
    /// - Parameters:
    ///   - block: A code block of the document parsed from `lines`.
    ///   - lines: The text the document was parsed from, byte-order mark removed.
    public init?(of block: CodeBlock, in lines: SourceLines) {
        guard block.isFenced, block.location.line >= 1, block.location.line <= lines.count else { return nil }
        let scanner = ContainerScanner(lines: lines, containers: block.containers)
        let opening = block.location.line
        guard var start = scanner.position(afterContainersOn: opening) else { return nil }
        let line = lines.content(ofLine: opening)
        start.findFirstNonspace(in: line)
        guard start.firstNonspace == block.column - 1, let fence = start.byte(in: line, at: start.firstNonspace),
            fence == UInt8(ascii: "`") || fence == UInt8(ascii: "~")
        else { return nil }
        let base = line.startIndex
        var fenceEnd = start.firstNonspace
        while start.byte(in: line, at: fenceEnd) == fence { fenceEnd += 1 }
        guard fenceEnd - start.firstNonspace >= 3 else { return nil }

        openingLine = opening
        fenceCharacter = fence
        fenceLength = fenceEnd - start.firstNonspace
        openingFence = start.firstNonspace..<fenceEnd
        fenceIndentation = start.firstNonspace - start.offset
        isInListItem = block.containers.contains { if case .listItem = $0 { true } else { false } }

        let contentCount = block.code.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        contentLines = contentCount > 0 ? (opening + 1)...(opening + contentCount) : nil
        guard opening + contentCount <= lines.count else { return nil }
        closingFence = nil
        let closingLine = opening + contentCount + 1
        if closingLine <= lines.count, var end = scanner.position(afterContainersOn: closingLine) {
            let closing = lines.content(ofLine: closingLine)
            end.findFirstNonspace(in: closing)
            if end.indent <= 3, end.byte(in: closing, at: end.firstNonspace) == fence {
                var runEnd = end.firstNonspace
                while end.byte(in: closing, at: runEnd) == fence { runEnd += 1 }
                var rest = runEnd
                while let byte = end.byte(in: closing, at: rest), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { rest += 1 }
                if runEnd - end.firstNonspace >= fenceLength, end.byte(in: closing, at: rest) == nil {
                    closingFence = ClosingFence(line: closingLine, range: end.firstNonspace..<runEnd)
                }
            }
        }

        // The opening line's own container bytes serve as the prefix when they are a plain
        // continuation (no list marker, no tab split between two containers): that keeps the
        // page's own style (`>` with or without a space, tabs). Otherwise canonical spaces.
        let startsItem = block.containers.contains { if case .listItem(opening, _) = $0 { true } else { false } }
        if !startsItem, !start.partiallyConsumedTab {
            linePrefix = Array(line[base..<(base + start.offset)])
            // A `>` takes one space after it as its own: a line that starts with a space
            // needs one more to keep it.
            if linePrefix.last == UInt8(ascii: ">") { linePrefix.append(UInt8(ascii: " ")) }
        } else if let canonical = scanner.canonicalPrefix() {
            linePrefix = canonical
        } else {
            return nil
        }
    }
}

/// A position in a line as cmark tracks it while it matches containers: a byte offset, a
/// virtual column (tabs to the next multiple of 4), and whether a tab is half used.
struct LinePosition {
    var offset = 0
    var column = 0
    var partiallyConsumedTab = false
    var firstNonspace = 0
    var firstNonspaceColumn = 0

    /// Columns of blank space between the position and the first other character.
    var indent: Int { firstNonspaceColumn - column }

    /// The byte at `index` of the line's content, `nil` at or past its end.
    func byte(in line: ArraySlice<UInt8>, at index: Int) -> UInt8? {
        let position = line.startIndex + index
        return position < line.endIndex ? line[position] : nil
    }

    func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        byte(in: line, at: firstNonspace) == nil
    }

    mutating func findFirstNonspace(in line: ArraySlice<UInt8>) {
        firstNonspace = offset
        firstNonspaceColumn = column
        var charsToTab = 4 - column % 4
        while let byte = byte(in: line, at: firstNonspace) {
            if byte == UInt8(ascii: " ") {
                firstNonspace += 1
                firstNonspaceColumn += 1
                charsToTab -= 1
                if charsToTab == 0 { charsToTab = 4 }
            } else if byte == UInt8(ascii: "\t") {
                firstNonspace += 1
                firstNonspaceColumn += charsToTab
                charsToTab = 4
            } else {
                break
            }
        }
    }

    /// Moves on `count` columns (`columns == true`) or bytes, as cmark's `S_advance_offset`.
    mutating func advance(_ count: Int, columns: Bool, in line: ArraySlice<UInt8>) {
        var count = count
        while count > 0, let byte = byte(in: line, at: offset) {
            if byte == UInt8(ascii: "\t") {
                let charsToTab = 4 - column % 4
                if columns {
                    partiallyConsumedTab = charsToTab > count
                    let step = min(count, charsToTab)
                    column += step
                    offset += partiallyConsumedTab ? 0 : 1
                    count -= step
                } else {
                    partiallyConsumedTab = false
                    column += charsToTab
                    offset += 1
                    count -= 1
                }
            } else {
                partiallyConsumedTab = false
                offset += 1
                column += 1
                count -= 1
            }
        }
    }
}

/// Matches the containers of one block against lines, the way cmark's `check_open_blocks`
/// does: which bytes of a line its block quotes and list items claim.
struct ContainerScanner {
    let lines: SourceLines
    let containers: [BlockContainer]

    /// Where the line's content starts once every container has claimed its part, or `nil`
    /// when one of them does not go on to that line.
    func position(afterContainersOn number: Int) -> LinePosition? {
        position(afterContainers: containers.count, on: number)?.position
    }

    /// A prefix of plain spaces and `> ` that continues every container on a new line.
    func canonicalPrefix() -> [UInt8]? {
        var prefix: [UInt8] = []
        for (index, container) in containers.enumerated() {
            switch container {
            case .blockQuote:
                prefix += [UInt8(ascii: ">"), UInt8(ascii: " ")]
            case .listItem(let line, _):
                guard let indent = position(afterContainers: index + 1, on: line)?.itemIndent else { return nil }
                prefix += [UInt8](repeating: UInt8(ascii: " "), count: indent)
            }
        }
        return prefix
    }

    /// The position after the first `count` containers on line `number`, and, when the last of
    /// them is a list item whose marker is on this line, the columns its content is indented by.
    private func position(afterContainers count: Int, on number: Int) -> (position: LinePosition, itemIndent: Int?)? {
        guard number >= 1, number <= lines.count else { return nil }
        let line = lines.content(ofLine: number)
        var position = LinePosition()
        var itemIndent: Int?
        for (index, container) in containers.prefix(count).enumerated() {
            position.findFirstNonspace(in: line)
            itemIndent = nil
            switch container {
            case .blockQuote:
                guard position.indent <= 3, position.byte(in: line, at: position.firstNonspace) == UInt8(ascii: ">") else { return nil }
                position.advance(position.indent + 1, columns: true, in: line)
                if let byte = position.byte(in: line, at: position.offset), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                    position.advance(1, columns: true, in: line)
                }
            case .listItem(let markerLine, let markerColumn) where markerLine == number:
                guard position.firstNonspace == markerColumn - 1 else { return nil }
                let markerOffset = position.indent
                position.advance(position.firstNonspace - position.offset, columns: false, in: line)
                guard let marker = Self.markerLength(in: line, at: position.offset, position: position) else { return nil }
                position.advance(marker, columns: false, in: line)
                let saved = position
                while position.column - saved.column <= 5, let byte = position.byte(in: line, at: position.offset),
                    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
                {
                    position.advance(1, columns: true, in: line)
                }
                let spaces = position.column - saved.column
                let padding: Int
                if spaces >= 5 || spaces < 1 || position.byte(in: line, at: position.offset) == nil {
                    padding = marker + 1
                    position = saved
                    if spaces > 0 { position.advance(1, columns: true, in: line) }
                } else {
                    padding = marker + spaces
                }
                itemIndent = markerOffset + padding
            case .listItem(let markerLine, _):
                guard let indent = self.position(afterContainers: index + 1, on: markerLine)?.itemIndent else { return nil }
                if position.indent >= indent {
                    position.advance(indent, columns: true, in: line)
                } else if position.isBlank(line) {
                    position.advance(position.firstNonspace - position.offset, columns: false, in: line)
                } else {
                    return nil
                }
            }
        }
        return (position, itemIndent)
    }

    /// The length of a list marker (`-`, `+`, `*`, or 1–9 digits and `.` or `)`) at `offset`.
    private static func markerLength(in line: ArraySlice<UInt8>, at offset: Int, position: LinePosition) -> Int? {
        guard let first = position.byte(in: line, at: offset) else { return nil }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: "*") { return 1 }
        var end = offset
        while let byte = position.byte(in: line, at: end), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), end - offset < 9 {
            end += 1
        }
        guard end > offset, let delimiter = position.byte(in: line, at: end),
            delimiter == UInt8(ascii: ".") || delimiter == UInt8(ascii: ")")
        else { return nil }
        return end - offset + 1
    }
}
