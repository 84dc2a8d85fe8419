import GalleySnippets
import GalleyMarkdown

/// The properties `galley bless` must have on any page, checked on one generated page.
public enum BlessProperty {
    /// Refusals a generated page may rightly get: its blocks are never closed.
    static let acceptableRefusals = ["is never closed"]

    /// What is wrong with blessing `page`; empty when every property holds:
    /// - cmark's tree of the blessed page, output blocks removed, is the tree of the page;
    /// - every line outside output blocks keeps its bytes;
    /// - every snippet not refused now passes against its output block;
    /// - nothing is refused but for a reason the page gives (an unclosed fence);
    /// - blessing the blessed page changes nothing.
    public static func violations(of page: BlessCase) -> [String] {
        check(page).problems
    }

    /// What blessing one generated page did, and what went wrong.
    public struct Outcome: Sendable {
        /// Broken properties; empty when all hold.
        public var problems: [String] = []
        /// Snippets cmark found on the page.
        public var snippets = 0
        /// Output blocks bless wrote or added.
        public var written = 0
        /// Of those, blocks inside a block quote or list item.
        public var writtenNested = 0
        /// Snippets refused (for a reason the page gives).
        public var refused = 0

        /// Nothing done yet.
        public init() {}
    }

    /// Blesses `page` and checks every property of ``violations(of:)``.
    public static func check(_ page: BlessCase) -> Outcome {
        var outcome = Outcome()
        let body = markdown(page.source, frontMatterLines: page.frontMatterLines)
        let snippets = SnippetScanner.snippets(
            in: MarkdownDocument(parsing: body, path: "page.md").codeBlocks(), sourcePath: "page.md", displayPath: "page.md"
        ).snippets
        let results = snippets.enumerated().map { index, snippet in
            (snippet, result(printed: page.outputs[min(index, page.outputs.count - 1)], attributes: snippet.attributes))
        }
        guard !results.isEmpty else { return outcome }
        var problems: [String] = []
        outcome.snippets = snippets.count
        let update = Blesser.bless(source: page.source, frontMatterLines: page.frontMatterLines, results: results)
        let refusedLines = Set(update.refused.map(\.location.line))
        outcome.written = update.updated.count
        outcome.refused = update.refused.count
        outcome.writtenNested = snippets.filter { snippet in
            update.updated.contains(snippet.location) && !(MarkdownDocument(parsing: body, path: "page.md").codeBlocks()[snippet.blockIndex].containers.isEmpty)
        }.count
        for refusal in update.refused where !acceptableRefusals.contains(where: refusal.message.contains) {
            problems.append("refused at line \(refusal.location.line): \(refusal.message)")
        }

        let before = MarkdownDocument(parsing: body, path: "page.md")
        let afterBody = markdown(update.bytes, frontMatterLines: page.frontMatterLines)
        let after = MarkdownDocument(parsing: afterBody, path: "page.md")
        if structure(before) != structure(after) { problems.append("the tree outside output blocks changed") }

        let newSnippets = SnippetScanner.snippets(
            in: MarkdownDocument(parsing: afterBody, path: "page.md").codeBlocks(), sourcePath: "page.md", displayPath: "page.md"
        ).snippets
        if newSnippets.count != snippets.count {
            problems.append("the page had \(snippets.count) snippets and has \(newSnippets.count) after bless")
        } else {
            for ((old, result), new) in zip(results, newSnippets) where !refusedLines.contains(old.location.line) {
                let verdict = SnippetVerdict(snippet: new, result: result)
                if verdict.kind != .passed {
                    problems.append("snippet at line \(new.location.line) does not pass after bless: \(verdict.message)\n\(verdict.details)")
                }
            }
        }

        if untouchedLines(page.source, page.frontMatterLines) != untouchedLines(update.bytes, page.frontMatterLines) {
            problems.append("a line outside the output blocks changed")
        }

        let newResults = zip(newSnippets, results).map { ($0, $1.1) }
        let again = Blesser.bless(source: update.bytes, frontMatterLines: page.frontMatterLines, results: newResults)
        if again.bytes != update.bytes { problems.append("a second bless changed the page again") }
        outcome.problems = problems
        return outcome
    }

    /// The result of a snippet that printed `printed`, ending the way its fence expects.
    static func result(printed: String, attributes: SnippetAttributes) -> SnippetResult {
        let status: SnippetResult.Status = attributes.mode == .crash ? .signalled(4) : .exited(attributes.expectedExitStatus)
        return SnippetResult(status: status, standardOutput: CapturedOutput(text: printed))
    }

    static func markdown(_ bytes: [UInt8], frontMatterLines: Int) -> String {
        let lines = SourceLines(bytes)
        guard frontMatterLines > 0 else { return String(decoding: bytes, as: UTF8.self) }
        let kept = frontMatterLines < lines.count ? lines.lines[frontMatterLines].content.lowerBound : bytes.count
        return String(repeating: "\n", count: min(frontMatterLines, lines.count)) + String(decoding: bytes[kept...], as: UTF8.self)
    }

    static func structure(_ document: MarkdownDocument) -> String {
        let blocks = document.codeBlocks()
        document.removeCodeBlocks { block in
            guard block.isFenced, block.language == "output", let previous = block.previousAdjacentIndex else { return false }
            return blocks[previous].isFenced && blocks[previous].language == "swift"
        }
        return document.structureXML()
    }

    /// The contents of the lines that are not part of a snippet's output block (nor the blank
    /// line bless puts before a new one), in order.
    static func untouchedLines(_ bytes: [UInt8], _ frontMatterLines: Int) -> [ArraySlice<UInt8>] {
        let lines = SourceLines(bytes)
        let blocks = MarkdownDocument(parsing: markdown(bytes, frontMatterLines: frontMatterLines), path: "page.md").codeBlocks()
        var owned = Set<Int>()
        for block in blocks where block.isFenced && block.language == "output" {
            guard let previous = block.previousAdjacentIndex, blocks[previous].language == "swift",
                let layout = FencedBlockLayout(of: block, in: lines)
            else { continue }
            let last = layout.closingFence?.line ?? layout.contentLines?.upperBound ?? layout.openingLine
            owned.formUnion(layout.openingLine...last)
            // The blank line between a snippet and its block.
            if layout.openingLine > 1, isBlankInContainers(lines.content(ofLine: layout.openingLine - 1)) {
                owned.insert(layout.openingLine - 1)
            }
        }
        return (1...max(1, lines.count)).filter { !owned.contains($0) && $0 <= lines.count }.map { lines.content(ofLine: $0) }
    }

    private static func isBlankInContainers(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: ">") }
    }
}
