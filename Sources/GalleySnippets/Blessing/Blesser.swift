internal import Foundation

/// Writes what snippets actually printed into their pages' `output` blocks, touching no other byte.
public enum Blesser {
    /// What blessing a page did.
    public struct PageUpdate: Sendable, Hashable {
        /// The page's new text.
        public var text: String
        /// Output blocks whose text changed or that were added.
        public var updated: [SnippetLocation]
        /// Snippets left alone, and why.
        public var refused: [SnippetSyntaxError]
    }

    /// The page `source` with each snippet's `output` block set to the output its result has.
    ///
    /// A snippet that did not compile, timed out, crashed when it should not, or exited with
    /// another status than its fence says is refused and its block left as it is. `ignore`,
    /// `norun` and `nocheck` snippets are never blessed; a `compile-fail` snippet's block is
    /// updated only when it has one, with the compiler's error lines.
    public static func bless(source: String, results: [(Snippet, SnippetResult)]) -> PageUpdate {
        var lines = splitLines(source)
        var updated: [SnippetLocation] = []
        var refused: [SnippetSyntaxError] = []

        // From the bottom up, so line numbers above each edit stay right.
        for (snippet, result) in results.sorted(by: { $0.0.location.line > $1.0.location.line }) {
            let output: String
            switch blessedOutput(snippet, result) {
            case .skip: continue
            case .refuse(let reason):
                refused.append(SnippetSyntaxError(snippet.location, "not blessed: \(reason)"))
                continue
            case .write(let text): output = text
            }
            if let expected = snippet.expectedOutput {
                guard expected.text != output else { continue }
                let openIndex = expected.line - 1
                var closeIndex = expected.endLine - 1
                guard openIndex < lines.count else { continue }
                let fence = fenceOf(lines[openIndex])
                let hasClosingFence = closeIndex > openIndex && closeIndex < lines.count && isClosingFence(lines[closeIndex], for: fence)
                if !hasClosingFence {
                    // An output block left open at the end of the page: close it.
                    closeIndex = lines.count
                    if let last = lines.last, !last.hasSuffix("\n") { lines[lines.count - 1] += "\n" }
                    lines.append(fence + "\n")
                }
                let longestRun = longestFenceRun(in: output)
                if fence.count <= longestRun {
                    // The output holds a fence as long as the block's: lengthen the block's fences.
                    let newFence = String(repeating: fence.first!, count: longestRun + 1)
                    lines[closeIndex] = lines[closeIndex].replacingFirst(fence, with: newFence)
                    lines[openIndex] = lines[openIndex].replacingFirst(fence, with: newFence)
                }
                lines.replaceSubrange((openIndex + 1)..<closeIndex, with: linesOf(output))
            } else {
                let endIndex = snippet.endLine - 1
                guard endIndex < lines.count else { continue }
                if !lines[endIndex].hasSuffix("\n") { lines[endIndex] += "\n" }
                let fence = String(repeating: "`", count: max(3, longestFenceRun(in: output) + 1))
                lines.insert(contentsOf: ["\n", fence + "output\n"] + linesOf(output) + [fence + "\n"], at: endIndex + 1)
            }
            updated.append(snippet.location)
        }
        return PageUpdate(text: lines.joined(), updated: updated.sorted(), refused: refused.sorted { $0.location < $1.location })
    }

    private enum Decision {
        case skip
        case refuse(String)
        case write(String)
    }

    private static func blessedOutput(_ snippet: Snippet, _ result: SnippetResult) -> Decision {
        let attributes = snippet.attributes
        if attributes.noCheck || attributes.mode == .ignore || attributes.mode == .compileOnly { return .skip }
        switch (attributes.mode, result.status) {
        case (.compileFail, .compileFailed):
            guard snippet.expectedOutput != nil else { return .skip }
            let errors = result.compilerOutput.split(separator: "\n").compactMap { line -> String? in
                guard let range = line.range(of: "error: ") else { return nil }
                return "error: " + line[range.upperBound...]
            }
            return .write(errors.map { $0 + "\n" }.joined())
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
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        return .write(text)
    }

    /// The lines of `text`, each with its line ending; split on scalars, not characters, since
    /// `\r\n` is one `Character` and must stay byte for byte as it was.
    private static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        for index in scalars.indices where scalars[index] == "\n" {
            lines.append(String(scalars[start...index]))
            start = scalars.index(after: index)
        }
        if start < scalars.endIndex { lines.append(String(scalars[start...])) }
        return lines
    }

    private static func linesOf(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0 + "\n" }
    }

    /// The backticks or tildes that open a fenced block (after up to three spaces).
    private static func fenceOf(_ line: String) -> String {
        let body = line.drop(while: { $0 == " " })
        guard let marker = body.first, marker == "`" || marker == "~" else { return "```" }
        return String(body.prefix(while: { $0 == marker }))
    }

    private static func isClosingFence(_ line: String, for fence: String) -> Bool {
        let body = line.drop(while: { $0 == " " }).trimmingBlanks()
        return body.count >= fence.count && body.allSatisfy({ $0 == fence.first })
    }

    /// The longest run of backticks that starts a line of `text`, which a fence must outgrow.
    private static func longestFenceRun(in text: String) -> Int {
        text.split(separator: "\n" as Character).map { (line: Substring) -> Int in
            line.drop(while: { $0 == " " }).prefix(while: { $0 == "`" || $0 == "~" }).count
        }.max() ?? 0
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
