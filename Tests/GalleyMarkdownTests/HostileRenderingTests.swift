import Foundation
@testable import GalleyMarkdown
import Testing

/// Swift blocks that swift-syntax would take minutes or gigabytes to parse, and control
/// characters on their way to a page or a terminal.
@Suite("Hostile rendering")
struct HostileRenderingTests {
    static let hostile: [(String, String)] = [
        ("nested interpolations, 30 KB", String(repeating: "\"\\(", count: 7_500) + String(repeating: ")\"", count: 7_500)),
        ("24 unclosed [", "let x = " + String(repeating: "[", count: 24)),
        ("closed [ 16 deep", "let x = " + String(repeating: "[", count: 16) + "1" + String(repeating: "]", count: 16)),
        ("many [ 10 deep", String(repeating: "let x = [[[[[[[[[[1]]]]]]]]]]\n", count: 400)),
        ("\\( chain 2,000 deep", String(repeating: "\\(", count: 2_000)),
        ("a 300 KB block", String(repeating: "let value = 1\n", count: 22_000)),
    ]

    @Test("A hostile block comes back plain, escaped and at once, with the reason", arguments: hostile)
    func hostileBlock(name: String, source: String) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = SwiftHighlighter.highlighted(source + "<&>")
        #expect(clock.now - start < .seconds(1), "\(name)")
        #expect(result.fallback != nil, "\(name)")
        #expect(result.fallback == SwiftHighlighter.fallback(for: source + "<&>"))
        #expect(!result.html.contains("<span"))
        #expect(result.html.hasSuffix("&lt;&amp;&gt;"))
        let rendered = CodeBlockHTML.renderReportingFallback(code: source, language: "swift")
        #expect(rendered.fallback == SwiftHighlighter.fallback(for: source))
    }

    @Test("Ordinary code is still highlighted, nested a little", arguments: [
        "let grid = [[1, 2], [3, 4]]\nlet m: [[String: [Int]]] = [[\"a\": [1]]]\n",
        "print(\"\\(name): \\(\"inner \\(count)\")\")\n",
        "let path = \\Person.name\nlet s = #\"raw \\#(value) \"quoted\" \"#\n",
        "let text = \"\"\"\n  multi \\(line)\n  \"\"\"\n/* nested /* comment */ \" */\n",
    ])
    func ordinary(source: String) {
        let result = SwiftHighlighter.highlighted(source)
        #expect(result.fallback == nil)
        #expect(result.html.contains("<span class=\"hl-keyword\">let</span>") || result.html.contains("hl-identifier"))
    }

    @Test("The fallback says what to do")
    func messages() {
        #expect(SwiftHighlighter.Fallback.tooLarge(bytes: 300_000).description.contains("more than the 262144 that are highlighted"))
        #expect(SwiftHighlighter.Fallback.bracketsTooDeep(depth: 24).description.contains("nests `[` up to 24 deep"))
    }

    @Test("Terminal text spells control characters as Swift does; tab and newline stay")
    func terminal() {
        #expect(ControlCharacters.visibleInTerminal("a\u{1B}]0;title\u{07}b\u{0}c\rd\te\nf\u{7F}\u{9B}") == "a\\u{1B}]0;title\\u{7}b\\0c\\rd\te\nf\\u{7F}\\u{9B}")
        let plain = "no controls, ünïcode\u{A0}and tabs\t"
        #expect(ControlCharacters.visibleInTerminal(plain) == plain)
    }

    @Test("HTML shows control characters as Control Pictures, never as controls")
    func html() {
        #expect(ControlCharacters.visibleInHTML("a\u{1B}[31mred\u{07}\u{0}\u{7F}\u{85}é\u{A0}\r\n\t") == "a␛[31mred␇␀␡\u{FFFD}é\u{A0}\r\n\t")
        #expect(HTML.escape("<\u{1B}>") == "&lt;␛&gt;")
        #expect(HTML.escapeAttribute("\"\u{8}'") == "&quot;␈&#39;")
        #expect(SwiftHighlighter.highlight("let s = \"\u{1B}[2J\"") .contains("␛[2J"))
        #expect(CodeBlockHTML.render(code: "\u{1B}", language: "text").contains("␛"))
        let markdown = MarkdownDocument(parsing: "Text \u{1B}[2J here\n", path: "p.md", options: MarkdownOptions())
        #expect(ControlCharacters.visibleInHTML(markdown.renderHTML()).contains("Text ␛[2J here"))
    }

    @Test("A control character is found at every offset of a long text, and near misses are not", arguments: [false, true])
    func controlAtEveryOffset(keepingCarriageReturn: Bool) {
        // Every C0 control, DEL and every C1 control, each alone in plain text, at each offset
        // from 0 to 40 (every position in a word of eight bytes, and the tail after the last
        // whole word); tab, newline, U+00A0 … U+00BF and (when kept) carriage return are not
        // controls to replace.
        let controls = (0x00...0x1F).map { Unicode.Scalar(UInt8($0)) } + [Unicode.Scalar(UInt8(0x7F))] + (0x80...0x9F).map { Unicode.Scalar(UInt8($0)) }
        let nearMisses: [Unicode.Scalar] = ["\t", "\n", "\u{A0}", "\u{BF}", "é", "€"] + (keepingCarriageReturn ? ["\r"] : [])
        for offset in 0...40 {
            let before = String(repeating: "a", count: offset)
            let after = String(repeating: "b", count: 40 - offset)
            for scalar in controls {
                let expected = !(scalar == "\t" || scalar == "\n" || (scalar == "\r" && keepingCarriageReturn))
                let text = before + String(Character(scalar)) + after
                #expect(ControlCharacters.needsReplacing(text, keepingCarriageReturn: keepingCarriageReturn) == expected, "U+\(String(scalar.value, radix: 16)) at \(offset)")
            }
            for scalar in nearMisses {
                #expect(!ControlCharacters.needsReplacing(before + String(Character(scalar)) + after, keepingCarriageReturn: keepingCarriageReturn))
            }
        }
        // A C1 control's first byte ends a word and its second starts the next.
        #expect(ControlCharacters.needsReplacing("1234567\u{85}", keepingCarriageReturn: true))
        #expect(!ControlCharacters.needsReplacing("1234567\u{A0}", keepingCarriageReturn: true))
    }
}
