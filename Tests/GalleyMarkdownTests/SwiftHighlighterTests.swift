import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GalleyMarkdown
import Testing

@Suite("Swift highlighting")
struct SwiftHighlighterTests {
    @Test("Tokens are classified by swift-syntax")
    func tokens() {
        let html = SwiftHighlighter.highlight(
            "/// Doc\n@MainActor func load(from url: String) async throws -> Int { 42 + 1.5 }\n"
        )
        #expect(html.contains(#"<span class="hl-doc-comment">/// Doc</span>"#))
        #expect(html.contains(#"<span class="hl-attribute">MainActor</span>"#) || html.contains(#"<span class="hl-attribute">@MainActor</span>"#))
        #expect(html.contains(#"<span class="hl-keyword">func</span>"#))
        #expect(html.contains(#"<span class="hl-keyword">async</span>"#))
        #expect(html.contains(#"<span class="hl-type">String</span>"#))
        #expect(html.contains(#"<span class="hl-number">42</span>"#))
        #expect(html.contains(#"<span class="hl-number">1.5</span>"#))
    }

    @Test("Highlighting keeps every character of the source, escaped")
    func lossless() {
        let source = "let s = \"a < b && c\"\nlet ü = 1 // ünïcode\n\tprint(s)\n"
        let html = SwiftHighlighter.highlight(source)
        var stripped = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true; continue }
            if character == ">" { inTag = false; continue }
            if !inTag { stripped.append(character) }
        }
        let unescaped = stripped.replacing("&lt;", with: "<").replacing("&gt;", with: ">").replacing("&amp;", with: "&")
        #expect(unescaped == source)
    }

    /// The text of every hidden span of `html` (highlighted code), read by an XML parser.
    private func hiddenTexts(_ html: String) throws -> [String] {
        let document = try XMLDocument(xmlString: "<code>" + html + "</code>", options: .nodePreserveWhitespace)
        return try document.nodes(forXPath: "//span[@class='code-hidden']").map { $0.stringValue ?? "" }
    }

    @Test("Hidden ranges become spans of their own, and tokens that cross their edges are split so the spans nest")
    func hiddenRanges() throws {
        let source = "import Foundation\nlet text = \"\"\"\n  inside\n  \"\"\"\nprint(text)\n"
        let bytes = Array(source.utf8)
        // The second and third lines: they start and end inside the multi-line string.
        let lineStarts = [0] + bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }.map { $0 + 1 }
        let hidden = [lineStarts[1]..<lineStarts[3], lineStarts[4]..<lineStarts[5]]
        let html = SwiftHighlighter.highlighted(source, hiddenRanges: hidden).html
        #expect(try hiddenTexts(html) == ["let text = \"\"\"\n  inside\n", "print(text)\n"])
        let document = try XMLDocument(xmlString: "<code>" + html + "</code>", options: .nodePreserveWhitespace)
        #expect(document.rootElement()?.stringValue == source)
        #expect(html.components(separatedBy: #"<span class="code-hidden" hidden>"#).count == 3)
        // Plain fallback text is split the same way.
        let deep = String(repeating: "\"\\(", count: 12) + String(repeating: ")\"", count: 12) + "\n"
        let plain = SwiftHighlighter.highlighted("a\n" + deep, hiddenRanges: [0..<2])
        #expect(plain.fallback != nil)
        #expect(try hiddenTexts(plain.html) == ["a\n"])
    }
}
