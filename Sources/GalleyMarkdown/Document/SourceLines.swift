/// A page's bytes split into lines the way cmark splits them: at `\n`, `\r\n` and a lone `\r`,
/// each line's ending kept apart from its content so that an edit can keep it byte for byte.
public struct SourceLines: Sendable, Hashable {
    /// One line: where its content and its line ending are in ``bytes``.
    public struct Line: Sendable, Hashable {
        /// The line's bytes without its ending.
        public var content: Range<Int>
        /// The line ending (`\n`, `\r\n` or `\r`); empty for a last line without one.
        public var ending: Range<Int>
    }

    /// The whole text.
    public let bytes: [UInt8]
    /// The lines in order; line 1 is `lines[0]`.
    public let lines: [Line]

    /// Splits `bytes` into lines.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var lines: [Line] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                var end = index + 1
                if byte == UInt8(ascii: "\r"), end < bytes.count, bytes[end] == UInt8(ascii: "\n") { end += 1 }
                lines.append(Line(content: start..<index, ending: index..<end))
                start = end
                index = end
            } else {
                index += 1
            }
        }
        if start < bytes.count { lines.append(Line(content: start..<bytes.count, ending: bytes.count..<bytes.count)) }
        self.lines = lines
    }

    /// The number of lines.
    public var count: Int { lines.count }

    /// The content of line `number` (1-based), without its ending.
    public func content(ofLine number: Int) -> ArraySlice<UInt8> {
        bytes[lines[number - 1].content]
    }

    /// The ending of line `number` (1-based); empty for a last line without one.
    public func ending(ofLine number: Int) -> ArraySlice<UInt8> {
        bytes[lines[number - 1].ending]
    }

    /// The first line ending of the text, `\n` when it has none: what a new line should end with.
    public var usualEnding: [UInt8] {
        lines.first(where: { !$0.ending.isEmpty }).map { Array(bytes[$0.ending]) } ?? [UInt8(ascii: "\n")]
    }
}
