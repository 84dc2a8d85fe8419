internal import GalleyMarkdown

/// The tags of one template that decide how deep rendering it goes and which templates it
/// includes, read from its text before swift-mustache parses it.
///
/// swift-mustache parses and renders by recursion: one level for every section, every
/// partial and every transform in a tag's name. A template that includes itself, or holds
/// thousands of nested sections, runs the thread out of stack and kills the whole process
/// (`galley serve` with it) instead of failing the build. So the nesting is measured here,
/// on the text, before a parser that could overflow ever sees it. The scan follows the
/// parser's reading of tags (set-delimiter tags included); anything it cannot make sense of
/// is left for the parser to report.
struct TemplateOutline: Sendable {
    /// A `{{> name}}` or `{{< name}}` tag.
    struct Include: Sendable {
        /// The partial's name as written, without a leading `*`.
        var name: String
        /// `{{>*name}}`: the name is looked up in the data when the page is rendered.
        var isDynamic: Bool
        /// Where the tag is.
        var location: SourceLocation
        /// How many sections are open around the tag.
        var depth: Int
    }

    /// The includes, in the order they appear.
    var includes: [Include] = []
    /// The deepest nesting of sections in this template alone.
    var depth = 0
    /// Where that depth is reached.
    var deepestLocation: SourceLocation?

    /// Reads the outline of a template's text.
    ///
    /// - Throws: A ``Diagnostic`` at the first tag whose sections nest deeper than `limit`, or
    ///   whose name holds more than `limit` transforms.
    init(text: String, path: String, limit: Int) throws(Diagnostic) {
        let bytes = Array(text.utf8)
        var start = Array("{{".utf8)
        var end = Array("}}".utf8)
        var open: [String] = []
        var position = 0
        // Line and column of `position`, advanced as the scan moves, so the whole text is walked once.
        var line = 1
        var column = 1
        var counted = 0
        func location(of offset: Int) -> SourceLocation {
            while counted < offset {
                if bytes[counted] == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if bytes[counted] & 0xC0 != 0x80 {
                    // Columns count characters, as swift-mustache's own errors do.
                    column += 1
                }
                counted += 1
            }
            return SourceLocation(path: path, line: line, column: column)
        }
        while let tagStart = Self.find(start, in: bytes, from: position) {
            let body = tagStart + start.count
            guard body < bytes.count else { break }
            let sigil = bytes[body]
            // A triple mustache ends with `}` and the closing delimiter; a set-delimiter tag with `=` and it.
            let closing = sigil == UInt8(ascii: "{") ? [UInt8(ascii: "}")] + end : sigil == UInt8(ascii: "=") ? [UInt8(ascii: "=")] + end : end
            guard let tagEnd = Self.find(closing, in: bytes, from: body + 1) else { break }
            position = tagEnd + closing.count
            let content = bytes[(body + 1)..<tagEnd]
            let name = String(decoding: content, as: UTF8.self).trimmingSpaces()
            let tag = { location(of: tagStart) }
            switch sigil {
            case UInt8(ascii: "!"), UInt8(ascii: "{"), UInt8(ascii: "&"), UInt8(ascii: "%"):
                continue
            case UInt8(ascii: "="):
                let delimiters = name.split(whereSeparator: \.isWhitespace)
                guard delimiters.count == 2 else { return }  // malformed: the parser says so
                start = Array(delimiters[0].utf8)
                end = Array(delimiters[1].utf8)
            case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "<"):
                try Self.checkTransforms(in: name, at: tag, limit: limit)
                open.append(name)
                if open.count > depth {
                    depth = open.count
                    deepestLocation = tag()
                    guard depth <= limit else {
                        throw .error(
                            at: deepestLocation,
                            "sections nest more than \(limit) deep here; templates may nest sections and partials at most \(limit) levels (see the README's Limits and refusals)"
                        )
                    }
                }
                if sigil == UInt8(ascii: "<") { includes.append(Self.include(name, at: tag(), depth: open.count - 1)) }
            case UInt8(ascii: "/"):
                if !open.isEmpty { open.removeLast() }
            case UInt8(ascii: ">"):
                includes.append(Self.include(name, at: tag(), depth: open.count))
            default:
                // A variable: `sigil` is the first byte of its name.
                let variable = String(decoding: bytes[body..<tagEnd], as: UTF8.self)
                try Self.checkTransforms(in: variable, at: tag, limit: limit)
            }
        }
    }

    private static func include(_ name: String, at location: SourceLocation, depth: Int) -> Include {
        let isDynamic = name.hasPrefix("*")
        return Include(name: isDynamic ? String(name.dropFirst()).trimmingSpaces() : name, isDynamic: isDynamic, location: location, depth: depth)
    }

    /// swift-mustache reads `a(b(c(x)))` by one recursive call per transform.
    private static func checkTransforms(in name: String, at location: () -> SourceLocation, limit: Int) throws(Diagnostic) {
        let transforms = name.utf8.count(where: { $0 == UInt8(ascii: "(") })
        guard transforms > limit else { return }
        throw .error(at: location(), "this tag applies \(transforms) transforms; at most \(limit) are allowed")
    }

    /// The offset of the first `needle` in `bytes` at or after `from`.
    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, !needle.isEmpty else { return nil }
        var index = from
        while index + needle.count <= bytes.count {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
