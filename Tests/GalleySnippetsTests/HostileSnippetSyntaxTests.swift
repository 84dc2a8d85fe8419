import GalleyMarkdown
import Testing

@testable import GalleySnippets

/// Fences and hidden lines written in ways that used to be accepted silently, and diffs of
/// output that holds control characters.
@Suite("Hostile snippet syntax")
struct HostileSnippetSyntaxTests {
    let location = SnippetLocation(path: "content/page.md", line: 7)

    @Test(
        "An attribute given twice is an error at the fence",
        arguments: [
            ("exit=1 exit=0", "`exit=1` and `exit=0` both set `exit` in this fence; keep one"),
            ("timeout=1 timeout=1", "`timeout=1` appears twice in this fence; keep one"),
            ("norun norun", "`norun` appears twice in this fence; keep one"),
            ("session=a unordered session=b", "`session=a` and `session=b` both set `session` in this fence; keep one"),
        ]
    )
    func duplicates(info: String, message: String) {
        #expect {
            try SnippetAttributes(words: info.split(separator: " "), at: location)
        } throws: { error in
            (error as? SnippetSyntaxError)?.description == "content/page.md:7: error: \(message)"
        }
    }

    @Test("An unclosed snippet.hide is an error at its own line")
    func unclosedHide() {
        let document = MarkdownDocument(
            parsing: "# P\n\n```swift\nprint(1)\n  // snippet.hide\nprint(2)\n```\n\n```swift ignore\n// snippet.hide\nx\n// snippet.show\n```\n",
            path: "content/page.md"
        )
        let found = SnippetScanner.snippets(in: document.codeBlocks(), sourcePath: "page.md", displayPath: "content/page.md")
        #expect(found.errors.map(\.description) == [
            "content/page.md:5: error: `// snippet.hide` is never followed by `// snippet.show`, so the rest of the block is hidden; add `// snippet.show` where the shown code starts again"
        ])
        #expect(found.snippets.count == 1)
        #expect(HiddenLines.unclosedHide(in: "// snippet.hide\n// snippet.hide\n// snippet.show\n") == nil)
    }

    @Test("Diffs, JUnit and annotations show control characters instead of sending them")
    func visibleControls() {
        let diff = LineDiff.unified(expected: "ok\n", actual: "ok\u{1B}[2K\rpassed\n")
        #expect(diff.contains("+ok\\u{1B}[2K\\rpassed\n"))
        #expect(!diff.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(CheckFormats.escape("a\u{1B}b\u{7}<") == "a\\u{1B}b\\u{7}&lt;")
        #expect(CheckFormats.githubAnnotation(severity: "error", path: "p.md", line: 1, message: "x\u{1B}[31m") == "::error file=p.md,line=1::x\\u{1B}[31m")
    }
}
