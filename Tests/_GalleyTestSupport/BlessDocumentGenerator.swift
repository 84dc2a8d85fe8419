/// A random number generator that gives the same numbers for the same seed on every machine
/// (SplitMix64), so a failing generated case can be made again from its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator started from `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// A generated page for testing `galley bless`: snippets and output blocks nested in block
/// quotes, list items and mixtures of both, with every fence style, tabs, CRLF, front matter
/// and a last line without a line ending, and what each snippet printed.
public struct BlessCase: Sendable {
    /// The page's bytes.
    public var source: [UInt8]
    /// How many lines at the top are front matter.
    public var frontMatterLines: Int
    /// What the page's snippets printed, in page order (the page may hold fewer snippets than
    /// this when cmark reads a generated block differently; extra entries are unused).
    public var outputs: [String]
    /// How each snippet's fence marks it, in page order.
    public var modes: [String]
    /// The seed the case was made from.
    public var seed: UInt64
}

/// Makes ``BlessCase`` pages.
public enum BlessDocumentGenerator {
    /// The page made from `seed`.
    public static func document(seed: UInt64) -> BlessCase {
        var maker = Maker(random: SeededGenerator(seed: seed))
        return maker.makeCase(seed: seed)
    }
}

private indirect enum Block {
    case paragraph([String])
    case heading(String)
    case snippet(Snippet)
    case otherCode(fence: Fence, language: String, lines: [String])
    case quote([Block], spaceAfterMarker: Bool)
    case list([[Block]], marker: String, loose: Bool, tabIndent: Bool)
    case thematicBreak
}

private struct Fence {
    var character: Character
    var length: Int
    var indent: Int

    var text: String { String(repeating: " ", count: indent) + String(repeating: character, count: length) }
}

private struct Snippet {
    var fence: Fence
    var attributes: String
    var code: [String]
    var existing: ExistingOutput?
}

private struct ExistingOutput {
    var fence: Fence
    var lines: [String]
    var blankBefore: Bool
    var closed: Bool
}

private struct Maker {
    var random: SeededGenerator
    var outputs: [String] = []
    var modes: [String] = []

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
    mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }

    mutating func makeCase(seed: UInt64) -> BlessCase {
        var lines: [String] = []
        var frontMatterLines = 0
        if chance(20) {
            lines += ["---", "title: Generated \(seed)", "---"]
            frontMatterLines = 3
        }
        let blocks = (0..<Int.random(in: 1...6, using: &random)).map { _ in block(depth: 0, inList: false) }
        lines += render(blocks)
        let endings: [String] =
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<7: ["\n"]
            case 7..<9: ["\r\n"]
            default: ["\n", "\r\n", "\r"]
            }
        var text = ""
        for (index, line) in lines.enumerated() {
            text += line
            if index < lines.count - 1 || chance(70) { text += pick(endings) }
        }
        // Enough outputs for any snippet cmark finds, also ones read differently than generated.
        while outputs.count < 64 { outputs.append(output()) }
        while modes.count < 64 { modes.append("") }
        return BlessCase(source: Array(text.utf8), frontMatterLines: frontMatterLines, outputs: outputs, modes: modes, seed: seed)
    }

    mutating func block(depth: Int, inList: Bool) -> Block {
        let roll = Int.random(in: 0..<100, using: &random)
        switch roll {
        case 0..<15: return .paragraph((0..<Int.random(in: 1...2, using: &random)).map { _ in words() })
        case 15..<20: return .heading(words())
        case 20..<55: return .snippet(snippet(inList: inList))
        case 55..<60: return .otherCode(fence: fence(inList: inList), language: pick(["sh", "output", "text"]), lines: [words()])
        case 60..<78 where depth < 3:
            return .quote((0..<Int.random(in: 1...3, using: &random)).map { _ in block(depth: depth + 1, inList: inList) }, spaceAfterMarker: chance(80))
        case 78..<96 where depth < 3:
            let marker = pick(["-", "*", "+", "1.", "2)", "10."])
            let items = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                (0..<Int.random(in: 1...3, using: &random)).map { _ in block(depth: depth + 1, inList: true) }
            }
            return .list(items, marker: marker, loose: chance(40), tabIndent: marker.count <= 2 && chance(20))
        case 96..<100: return .thematicBreak
        default: return .snippet(snippet(inList: inList))
        }
    }

    mutating func fence(inList: Bool) -> Fence {
        Fence(character: chance(80) ? "`" : "~", length: pick([3, 3, 3, 4, 5]), indent: inList ? 0 : pick([0, 0, 0, 1, 2, 3]))
    }

    mutating func snippet(inList: Bool) -> Snippet {
        let fence = fence(inList: inList)
        let mode = pick(["", "", "", "", " unordered", " crash"])
        modes.append(mode.trimmingBlanks())
        let printed = output()
        outputs.append(printed)
        var existing: ExistingOutput?
        if chance(55) {
            var old: [String]
            switch Int.random(in: 0..<4, using: &random) {
            case 0: old = printed.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            case 1: old = printed.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0 + "  " }
            default: old = (0..<Int.random(in: 0...3, using: &random)).map { _ in words() }
            }
            existing = ExistingOutput(fence: self.fence(inList: inList), lines: old, blankBefore: chance(60), closed: chance(92))
        }
        let code = (0..<Int.random(in: 0...3, using: &random)).map { _ in codeLine() }
        return Snippet(fence: fence, attributes: "swift" + mode, code: code, existing: existing)
    }

    mutating func words() -> String {
        (0..<Int.random(in: 1...5, using: &random)).map { _ in pick(["alpha", "beta", "*em*", "`code`", "naïve", "x", "1.", "-", "#", "\\>", "[link](a.md)"]) }
            .joined(separator: " ")
    }

    mutating func codeLine() -> String {
        pick(["print(1)", "  let x = 2", "\tindented()", "// ``", "", "   ", "let s = \"~~~\"", "```", "~~~"])
    }

    /// What a snippet printed: lines that look like fences, blank lines, leading spaces, tabs.
    mutating func output() -> String {
        let count = Int.random(in: 0...4, using: &random)
        guard count > 0 else { return "" }
        return (0..<count).map { _ in
            pick(["hello", "  indented", "\tx", "", "```", "````", "~~~", "  ```", "> quoted", "- item", "1. one", "emoji 🎉", "trailing   ", "#"])
        }.joined(separator: "\n") + "\n"
    }

    func render(_ blocks: [Block]) -> [String] {
        var lines: [String] = []
        for (index, block) in blocks.enumerated() {
            if index > 0 { lines.append("") }
            lines += render(block)
        }
        return lines
    }

    func render(_ block: Block) -> [String] {
        switch block {
        case .paragraph(let text): return text
        case .heading(let text): return ["## " + text]
        case .thematicBreak: return ["***"]
        case .otherCode(let fence, let language, let lines): return [fence.text + language] + lines + [fence.text]
        case .snippet(let snippet):
            var lines = [snippet.fence.text + snippet.attributes] + snippet.code + [snippet.fence.text]
            if let existing = snippet.existing {
                if existing.blankBefore { lines.append("") }
                lines.append(existing.fence.text + "output")
                lines += existing.lines
                if existing.closed { lines.append(existing.fence.text) }
            }
            return lines
        case .quote(let children, let spaceAfterMarker):
            return render(children).map { line in line.isEmpty ? ">" : (spaceAfterMarker ? "> " : ">") + line }
        case .list(let items, let marker, let loose, let tabIndent):
            var lines: [String] = []
            let indent = tabIndent ? "\t" : String(repeating: " ", count: marker.count + 1)
            for (itemIndex, children) in items.enumerated() {
                if itemIndex > 0, loose { lines.append("") }
                var itemLines: [String] = []
                for (childIndex, child) in children.enumerated() {
                    if childIndex > 0, loose { itemLines.append("") }
                    itemLines += render(child)
                }
                for (lineIndex, line) in itemLines.enumerated() {
                    if lineIndex == 0 {
                        lines.append(marker + " " + line)
                    } else {
                        lines.append(line.isEmpty ? "" : indent + line)
                    }
                }
            }
            return lines
        }
    }
}

extension String {
    fileprivate func trimmingBlanks() -> String {
        String(drop(while: { $0 == " " }))
    }
}
