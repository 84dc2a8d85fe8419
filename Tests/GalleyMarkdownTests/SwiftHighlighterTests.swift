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
}
