internal import Foundation
internal import GalleyMarkdown

/// Writes what snippets actually printed into their pages' `output` blocks, touching no other byte.
///
/// Edits go by the positions and nesting cmark reports: an `output` block in a block quote or
/// a list item keeps its `>` markers and indentation, a new block goes into the same container
/// as its snippet, fences grow when the output holds a fence, and line endings stay as they
/// were. Every edited page is parsed again before it is returned: unless its tree, output
/// blocks aside, is the tree it had, and every written block now matches its snippet's
/// output, the page is left as it was and its snippets are refused.
public enum Blesser {
    /// What blessing a page did.
    public struct PageUpdate: Sendable, Hashable {
        /// The page's new bytes (the same bytes when nothing changed).
        public var bytes: [UInt8]
        /// Output blocks whose text changed or that were added.
        public var updated: [SnippetLocation]
        /// Snippets left alone, and why.
        public var refused: [SnippetSyntaxError]

        /// The page's new text.
        public var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// The page `source` with each snippet's `output` block set to the output its result has.
    ///
    /// A snippet whose check passes already is left as it is, so blessing a page twice
    /// changes nothing the second time. A snippet that did not compile, timed out, crashed
    /// when it should not, or exited with another status than its fence says is refused and
    /// its block left as it is. `ignore`, `norun` and `nocheck` snippets are never blessed; a
    /// `compile-fail` snippet's block is updated only when it has one, with the compiler's
    /// `error:` lines, the elisions of the block kept where they still match.
    ///
    /// - Parameters:
    ///   - source: The page's bytes, without a byte-order mark.
    ///   - frontMatterLines: How many lines at the top are front matter, not Markdown.
    ///   - results: The snippets found in the page, with their results.
    ///   - filters: The site's output filters, applied as `galley check` applies them: an
    ///     output block that matches after them is left as it is, and the elisions and
    ///     placeholders of one that does not are kept where they still match.
    public static func bless(
        source: [UInt8], frontMatterLines: Int = 0, results: [(Snippet, SnippetResult)], filters: OutputFilters = OutputFilters()
    ) -> PageUpdate {
        let lines = SourceLines(source)
        let blocks = MarkdownDocument(parsing: markdown(of: source, frontMatterLines: frontMatterLines), path: "").codeBlocks()
        var edits: [LineEdit] = []
        var written: [(Snippet, SnippetResult)] = []
        var refused: [SnippetSyntaxError] = []
        for (snippet, result) in results {
            let output: String
            switch decision(snippet, result, filters) {
            case .skip: continue
            case .refuse(let reason):
                refused.append(SnippetSyntaxError(snippet.location, "not blessed: \(reason)"))
                continue
            case .write(let text): output = text
            }
            do throws(Refusal) {
                edits.append(try edit(for: snippet, output: output, blocks: blocks, lines: lines))
                written.append((snippet, result))
            } catch {
                refused.append(SnippetSyntaxError(snippet.location, "not blessed: \(error.reason)"))
            }
        }
        guard !edits.isEmpty else {
            return PageUpdate(bytes: source, updated: [], refused: refused.sorted { $0.location < $1.location })
        }
        let blessed = apply(edits, to: lines)
        guard
            isFaithful(
                blessed, to: source, frontMatterLines: frontMatterLines, written: written, filters: filters,
                sourcePath: results[0].0.sourcePath, displayPath: results[0].0.location.path
            )
        else {
            refused += written.map { snippet, _ in
                SnippetSyntaxError(
                    snippet.location,
                    "not blessed: Galley could not write its output block without changing the rest of the page, so the page was left as it is (please report this as a bug in Galley)"
                )
            }
            return PageUpdate(bytes: source, updated: [], refused: refused.sorted { $0.location < $1.location })
        }
        return PageUpdate(
            bytes: blessed, updated: written.map(\.0.location).sorted(), refused: refused.sorted { $0.location < $1.location }
        )
    }

    /// The Markdown cmark reads: the front matter's lines blanked, so line numbers stay.
    static func markdown(of source: [UInt8], frontMatterLines: Int) -> String {
        guard frontMatterLines > 0 else { return String(decoding: source, as: UTF8.self) }
        let lines = SourceLines(source)
        let kept = frontMatterLines < lines.count ? lines.lines[frontMatterLines].content.lowerBound : source.count
        return String(repeating: "\n", count: min(frontMatterLines, lines.count)) + String(decoding: source[kept...], as: UTF8.self)
    }

    // MARK: - What to write

    private enum Decision {
        case skip
        case refuse(String)
        case write(String)
    }

    private static func decision(_ snippet: Snippet, _ result: SnippetResult, _ siteFilters: OutputFilters) -> Decision {
        let attributes = snippet.attributes
        let filters = siteFilters.adding(fenceOf: snippet)
        if attributes.noCheck || attributes.mode == .ignore || attributes.mode == .compileOnly { return .skip }
        // What passes already stays byte for byte: an `unordered` block in another order, a
        // crash that prints nothing and has no block, trailing spaces an editor left.
        if SnippetVerdict(snippet: snippet, result: result, filters: filters).kind == .passed { return .skip }
        switch (attributes.mode, result.status) {
        case (_, .galleyFailed(let failure)): return .refuse("Galley could not run it: \(failure.message)")
        case (.compileFail, .compileFailed):
            guard let expected = snippet.expectedOutput else { return .skip }
            // The compiler's `page:line:col: error:` lines, not the copies in its source excerpts.
            let errors = CompilerErrors(of: snippet, in: result.compilerOutput)
            if errors.isEmpty { return .refuse("its errors are all in the blocks of its session before it") }
            let lines = errors.merged(into: CompilerErrors.expectedLines(expected.text), filters: filters)
            return .write(lines.map { $0 + "\n" }.joined())
        case (.compileFail, _): return .refuse("it compiles, but is marked `compile-fail`")
        case (_, .compileFailed): return .refuse("it does not compile")
        case (_, .timedOut(let seconds)): return .refuse("it was stopped after its \(format(seconds)) s timeout")
        case (_, .notReached): return .refuse("an earlier block of its session ended the program")
        case (.crash, .exited(let code)): return .refuse("it is marked `crash` but exited with status \(code)")
        case (.crash, .signalled): break
        case (_, .signalled(let signal)): return .refuse("it crashed unexpectedly (\(signalName(signal)))")
        case (_, .exited(let code)) where code != attributes.expectedExitStatus:
            return .refuse("it exited with status \(code), and its fence expects \(attributes.expectedExitStatus)")
        default: break
        }
        if result.standardOutput.isTruncated { return .refuse("its output was cut at the output limit") }
        var text = result.standardOutput.text
        if text.unicodeScalars.contains(where: { $0 == "\0" }) {
            return .refuse("its output holds a NUL character, which a Markdown code block cannot keep")
        }
        if text.utf8.indices.contains(where: { index in
            text.utf8[index] == UInt8(ascii: "\r") && text.utf8.index(after: index) != text.utf8.endIndex
                && text.utf8[text.utf8.index(after: index)] != UInt8(ascii: "\n")
        }) {
            return .refuse("its output holds a carriage return (\\r) inside a line, which a Markdown code block cannot keep")
        }
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        if let expected = snippet.expectedOutput, !snippet.attributes.unordered {
            let kept = ElidedOutput.merge(
                expected: SnippetVerdict.normalizedLines(expected.text), actual: SnippetVerdict.normalizedLines(text), normalize: filters.apply
            )
            return .write(kept.isEmpty ? "" : kept.joined(separator: "\n") + "\n")
        }
        return .write(text)
    }

    // MARK: - Where to write it

    /// Lines `replaced` (or, when it is empty, none: an insertion before `replaced.lowerBound`)
    /// give way to `lines`, each with its line ending.
    private struct LineEdit {
        var replaced: Range<Int>
        var lines: [[UInt8]]
    }

    private struct Refusal: Error {
        var reason: String
    }

    private static func edit(for snippet: Snippet, output: String, blocks: [CodeBlock], lines: SourceLines) throws(Refusal) -> LineEdit {
        guard snippet.blockIndex < blocks.count, blocks[snippet.blockIndex].location.line == snippet.location.line else {
            throw Refusal(reason: "the page changed while its snippets ran; run `galley bless` again")
        }
        let outputLines = output.isEmpty ? [] : output.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map(Array.init)

        if let expected = snippet.expectedOutput {
            guard let layout = FencedBlockLayout(of: blocks[expected.blockIndex], in: lines) else {
                throw Refusal(reason: "its output block at line \(expected.line) could not be located in the page")
            }
            guard let closing = layout.closingFence else {
                throw Refusal(reason: "its output block at line \(expected.line) is never closed; close it with a fence line and run `galley bless` again")
            }
            let ending = Array(lines.ending(ofLine: layout.openingLine))
            let fenceLength = max(layout.fenceLength, longestRun(of: layout.fenceCharacter, in: outputLines) + 1)
            let fence = [UInt8](repeating: layout.fenceCharacter, count: fenceLength)
            var opening = Array(lines.content(ofLine: layout.openingLine))
            var closingLine = Array(lines.content(ofLine: closing.line))
            if fenceLength > layout.fenceLength {
                opening.replaceSubrange(layout.openingFence, with: fence)
                closingLine.replaceSubrange(closing.range, with: fence)
            }
            let replacement =
                [opening + ending] + outputLines.map { layout.contentLine($0) + ending }
                + [closingLine + Array(lines.ending(ofLine: closing.line))]
            return LineEdit(replaced: (layout.openingLine - 1)..<closing.line, lines: replacement)
        }

        guard let layout = FencedBlockLayout(of: blocks[snippet.blockIndex], in: lines) else {
            throw Refusal(reason: "the snippet could not be located in the page")
        }
        guard let closing = layout.closingFence else {
            throw Refusal(reason: "the snippet's fence is never closed, so an output block cannot follow it; close it and run `galley bless` again")
        }
        var ending = Array(lines.ending(ofLine: closing.line))
        let atEnd = ending.isEmpty
        if atEnd { ending = lines.usualEnding }
        let fence = [UInt8](repeating: UInt8(ascii: "`"), count: max(3, longestRun(of: UInt8(ascii: "`"), in: outputLines) + 1))
        var block: [[UInt8]] = []
        // A blank line reads better, but between two blocks of a list item it makes a tight list loose.
        if !layout.isInListItem { block.append(layout.blankLinePrefix) }
        block.append(layout.linePrefix + fence + Array("output".utf8))
        block += outputLines.map { line in line.isEmpty ? layout.blankLinePrefix : layout.linePrefix + line }
        block.append(layout.linePrefix + fence)
        var replacement = [Array(lines.content(ofLine: closing.line)) + ending] + block.map { $0 + ending }
        // A page that ended without a line ending still does.
        if atEnd { replacement[replacement.count - 1].removeLast(ending.count) }
        return LineEdit(replaced: (closing.line - 1)..<closing.line, lines: replacement)
    }

    /// The longest run of `character` that starts a line of `lines` after its spaces: a fence
    /// must be longer, or the output would close its block.
    private static func longestRun(of character: UInt8, in lines: [[UInt8]]) -> Int {
        lines.map { line in line.drop(while: { $0 == UInt8(ascii: " ") }).prefix(while: { $0 == character }).count }.max() ?? 0
    }

    private static func apply(_ edits: [LineEdit], to lines: SourceLines) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(lines.bytes.count + 256)
        var next = 0
        for edit in edits.sorted(by: { $0.replaced.lowerBound < $1.replaced.lowerBound }) {
            for index in next..<edit.replaced.lowerBound {
                let line = lines.lines[index]
                result += lines.bytes[line.content.lowerBound..<line.ending.upperBound]
            }
            for line in edit.lines { result += line }
            next = edit.replaced.upperBound
        }
        if next < lines.count { result += lines.bytes[lines.lines[next].content.lowerBound...] }
        return result
    }

    // MARK: - Checking the result

    /// Whether `blessed` is `source` with only output blocks changed, and every snippet in
    /// `written` now passes against its new block.
    private static func isFaithful(
        _ blessed: [UInt8], to source: [UInt8], frontMatterLines: Int, written: [(Snippet, SnippetResult)], filters: OutputFilters,
        sourcePath: String, displayPath: String
    ) -> Bool {
        let before = MarkdownDocument(parsing: markdown(of: source, frontMatterLines: frontMatterLines), path: displayPath)
        let after = MarkdownDocument(parsing: markdown(of: blessed, frontMatterLines: frontMatterLines), path: displayPath)
        let oldSnippets = SnippetScanner.snippets(in: before.codeBlocks(), sourcePath: sourcePath, displayPath: displayPath).snippets
        let newSnippets = SnippetScanner.snippets(in: after.codeBlocks(), sourcePath: sourcePath, displayPath: displayPath).snippets
        guard oldSnippets.count == newSnippets.count else { return false }
        guard withoutOutputBlocks(before) == withoutOutputBlocks(after) else { return false }
        let writtenByBlock = Dictionary(written.map { ($0.0.blockIndex, $0.1) }, uniquingKeysWith: { first, _ in first })
        for (old, new) in zip(oldSnippets, newSnippets) {
            if let result = writtenByBlock[old.blockIndex] {
                guard SnippetVerdict(snippet: new, result: result, filters: filters).kind == .passed else { return false }
            } else if old.expectedOutput?.text != new.expectedOutput?.text {
                return false
            }
        }
        return true
    }

    /// The document's structure with every snippet's `output` block taken out.
    static func withoutOutputBlocks(_ document: MarkdownDocument) -> String {
        let blocks = document.codeBlocks()
        document.removeCodeBlocks { block in
            guard block.isFenced, block.language == SnippetScanner.outputLanguage, let previous = block.previousAdjacentIndex else { return false }
            return blocks[previous].isFenced && blocks[previous].language == "swift"
        }
        return document.structureXML()
    }
}
