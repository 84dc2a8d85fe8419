public import GalleyMarkdown

/// A ```swift block of a page, with what its fence asks and the output its page expects.
public struct Snippet: Sendable, Hashable {
    /// The page and line of the opening fence, as diagnostics print them.
    public var location: SnippetLocation
    /// The page's path relative to the content folder (`guide/callbacks.md`).
    public var sourcePath: String
    /// The position of the block among the page's code blocks.
    public var blockIndex: Int
    /// What the fence's info string asks.
    public var attributes: SnippetAttributes
    /// The code as written, hidden lines included.
    public var code: String
    /// The `output` block right after the snippet, if the page has one.
    public var expectedOutput: ExpectedOutput?
    /// The line of the closing fence (the last line of the block).
    public var endLine: Int
    /// The byte column of each attribute on the fence's line, by name (`flags`, `crash`), so
    /// that an error about one can point at it.
    public var attributeColumns: [String: Int] = [:]

    /// The code as the page shows it: hidden lines and their markers removed.
    public var shownCode: String { HiddenLines.shown(code) }

    /// The first line of code, right below the opening fence.
    public var firstCodeLine: Int { location.line + 1 }
}

/// The ```output block that follows a snippet: what its standard output must be.
public struct ExpectedOutput: Sendable, Hashable {
    /// The expected text, ending with a newline unless empty.
    public var text: String
    /// The position of the block among the page's code blocks.
    public var blockIndex: Int
    /// The line of the opening fence.
    public var line: Int
    /// The line of the closing fence.
    public var endLine: Int
}

/// Finds a page's snippets among its code blocks, from cmark's AST.
public enum SnippetScanner {
    /// The info string word that marks an expected-output block.
    public static let outputLanguage = "output"

    /// The page's Swift snippets, in page order, and the errors of those written wrongly.
    ///
    /// - Parameters:
    ///   - blocks: The page's code blocks, from ``MarkdownDocument/codeBlocks()``.
    ///   - sourcePath: The page's path relative to the content folder.
    ///   - displayPath: The page's path as diagnostics print it.
    ///   - defaultMode: What a fence without attributes does on this page.
    public static func snippets(
        in blocks: [CodeBlock], sourcePath: String, displayPath: String, defaultMode: SnippetDefault = .run
    ) -> (snippets: [Snippet], errors: [SnippetSyntaxError]) {
        var snippets: [Snippet] = []
        var errors: [SnippetSyntaxError] = []
        var snippetIndexByBlock: [Int: Int] = [:]
        for block in blocks where block.isFenced {
            if block.language == outputLanguage, let previous = block.previousAdjacentIndex,
                let snippetIndex = snippetIndexByBlock[previous]
            {
                snippets[snippetIndex].expectedOutput = ExpectedOutput(
                    text: block.code, blockIndex: block.index, line: block.location.line, endLine: block.endLine
                )
                continue
            }
            guard block.language == "swift" else { continue }
            let location = SnippetLocation(path: displayPath, line: block.location.line)
            let words = block.infoWords.dropFirst()
            let columns = Array(block.infoWordColumns.dropFirst())
            do throws(SnippetSyntaxError) {
                let attributes: SnippetAttributes
                do throws(SnippetSyntaxError) {
                    attributes = try SnippetAttributes(words: words, columns: columns, at: location, defaultMode: defaultMode)
                } catch {
                    // Where the words could not be told apart, the fence itself.
                    var error = error
                    if error.column == nil { error.column = block.column }
                    throw error
                }
                if let offset = HiddenLines.unclosedHide(in: block.code) {
                    throw SnippetSyntaxError(
                        SnippetLocation(path: displayPath, line: block.location.line + 1 + offset),
                        "`\(HiddenLines.hide)` is never followed by `\(HiddenLines.show)`, so the rest of the block is hidden; add `\(HiddenLines.show)` where the shown code starts again"
                    )
                }
                snippetIndexByBlock[block.index] = snippets.count
                snippets.append(
                    Snippet(
                        location: location, sourcePath: sourcePath, blockIndex: block.index,
                        attributes: attributes, code: block.code, endLine: block.endLine,
                        attributeColumns: Dictionary(
                            zip(words.map { String($0.prefix { $0 != "=" }) }, columns), uniquingKeysWith: { first, _ in first }
                        )
                    )
                )
            } catch {
                errors.append(error)
            }
        }
        return (snippets, errors)
    }
}

/// Lines between `// snippet.hide` and `// snippet.show` are compiled and run but not shown.
public enum HiddenLines {
    static let hide = "// snippet.hide"
    static let show = "// snippet.show"

    /// `code` without its hidden lines and without the marker lines themselves.
    public static func shown(_ code: String) -> String {
        guard mayHoldMarker(code), code.contains(hide) || code.contains(show) else { return code }
        var hidden = false
        var kept: [Substring] = []
        let endsWithNewline = code.hasSuffix("\n")
        for line in code.dropLast(endsWithNewline ? 1 : 0).split(separator: "\n", omittingEmptySubsequences: false) {
            let marker = line.trimmingBlanks()
            if marker == hide {
                hidden = true
            } else if marker == show {
                hidden = false
            } else if !hidden {
                kept.append(line)
            }
        }
        let shown = kept.joined(separator: "\n")
        return endsWithNewline && !kept.isEmpty ? shown + "\n" : shown
    }

    /// `code` without its marker lines, hidden lines kept, and the UTF-8 byte ranges of that
    /// text which the page hides (whole lines, newline included): what a reader sees when
    /// they reveal a snippet's hidden set-up. No ranges when nothing is hidden.
    public static func revealable(_ code: String) -> (text: String, hidden: [Range<Int>]) {
        guard mayHoldMarker(code), code.contains(hide) || code.contains(show) else { return (code, []) }
        var hidden = false
        var text = ""
        var ranges: [Range<Int>] = []
        var offset = 0
        let endsWithNewline = code.hasSuffix("\n")
        let lines = code.dropLast(endsWithNewline ? 1 : 0).split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let marker = line.trimmingBlanks()
            if marker == hide {
                hidden = true
                continue
            }
            if marker == show {
                hidden = false
                continue
            }
            let newline = index < lines.count - 1 || endsWithNewline ? "\n" : ""
            let length = line.utf8.count + newline.utf8.count
            if hidden {
                // Adjacent hidden lines make one range.
                if let last = ranges.last, last.upperBound == offset {
                    ranges[ranges.count - 1] = last.lowerBound..<(offset + length)
                } else {
                    ranges.append(offset..<(offset + length))
                }
            }
            text += line
            text += newline
            offset += length
        }
        return (text, ranges)
    }

    /// The line (0 for the first line of `code`) of a `// snippet.hide` that no
    /// `// snippet.show` follows, or `nil` when every hidden run is closed.
    ///
    /// Hiding everything to the end of the block is refused rather than allowed: a forgotten
    /// `show` would silently take the rest of the example off the page.
    public static func unclosedHide(in code: String) -> Int? {
        guard mayHoldMarker(code) else { return nil }
        var open: Int?
        for (offset, line) in code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let marker = line.trimmingBlanks()
            if marker == hide, open == nil {
                open = offset
            } else if marker == show {
                open = nil
            }
        }
        return open
    }

    /// Whether the bytes `// snippet.`, which both markers start with, are in `code`.
    ///
    /// Every snippet of every page is shown through here, and the generic `String.contains`,
    /// which compares characters, took tens of microseconds a snippet; this byte scan rules
    /// out most snippets first.
    private static func mayHoldMarker(_ code: String) -> Bool {
        let prefix = Array("// snippet.".utf8)
        var code = code
        return code.withUTF8 { bytes in
            guard bytes.count >= prefix.count else { return false }
            var start = 0
            while start <= bytes.count - prefix.count {
                if bytes[start] == prefix[0] {
                    var matched = 1
                    while matched < prefix.count, bytes[start + matched] == prefix[matched] { matched += 1 }
                    if matched == prefix.count { return true }
                }
                start += 1
            }
            return false
        }
    }
}

extension Substring {
    func trimmingBlanks() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" || last == "\r" || last == "\n" { result.removeLast() }
        return result
    }
}
