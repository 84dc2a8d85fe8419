@testable import GalleyMarkdown
import Testing

@Suite("Trimming heading text")
struct TextTrimmingTests {
    @Test(
        "White space goes from both ends, by bytes for ASCII and by characters otherwise",
        arguments: [
            ("  Spaces   around ", "Spaces   around"),
            ("\t\n\u{0B}\u{0C}\r\nmixed\r\n", "mixed"),
            ("\u{1F}control stays\u{1F}", "\u{1F}control stays\u{1F}"),
            ("kept as it is", "kept as it is"),
            ("   ", ""),
            ("", ""),
            ("\u{A0}\u{2003}Ünïcode\u{3000}", "Ünïcode"),
            // A space followed by a combining mark is one white-space character.
            (" \u{301}accent", "accent"),
            ("tail \u{301}", "tail"),
        ]
    )
    func trimming(text: String, trimmed: String) {
        #expect(text.trimmingSpaces() == trimmed)
    }
}
