import GalleyMarkdown
import Testing
import _GalleyTestSupport

@testable import GalleySnippets

/// `galley bless` edits pages by the nesting cmark reports: these pages each broke an
/// earlier bless that worked on lines of text.
@Suite("Blessing nested and unusual pages")
struct BlessTests {
    /// Blesses `page`, its snippets printing `outputs` in page order.
    private func bless(_ page: String, _ outputs: [String], statuses: [SnippetResult.Status] = []) -> Blesser.PageUpdate {
        let document = MarkdownDocument(parsing: page, path: "page.md")
        let snippets = SnippetScanner.snippets(in: document.codeBlocks(), sourcePath: "page.md", displayPath: "page.md").snippets
        let results = snippets.enumerated().map { index, snippet in
            (snippet, SnippetResult(status: index < statuses.count ? statuses[index] : .exited(0), standardOutput: CapturedOutput(text: outputs[index])))
        }
        return Blesser.bless(source: Array(page.utf8), results: results)
    }

    @Test("An output block in a block quote is rewritten inside the quote, and the text after it stays")
    func blockQuote() {
        let page = "> ```swift\n> print(1)\n> ```\n>\n> ```output\n> old\n> ```\n\nAfter the quote.\n\n> Another quote.\n"
        let update = bless(page, ["1\n"])
        #expect(update.text == "> ```swift\n> print(1)\n> ```\n>\n> ```output\n> 1\n> ```\n\nAfter the quote.\n\n> Another quote.\n")
        #expect(update.refused.isEmpty)
    }

    @Test("Nested quotes and quotes written without a space keep their markers")
    func nestedQuotes() {
        let page = "> > ```swift\n> > x\n> > ```\n>\n>```swift\n>y\n>```\n"
        let update = bless(page, ["a\n  b\n", " c\n"])
        #expect(update.text == "> > ```swift\n> > x\n> > ```\n> >\n> > ```output\n> > a\n> >   b\n> > ```\n>\n>```swift\n>y\n>```\n>\n> ```output\n>  c\n> ```\n")
    }

    @Test("A snippet in a list item gets its output block in the same item, and the list stays tight")
    func listItem() {
        let page = "- Step one:\n  ```swift\n  print(\"a\")\n  ```\n- Step two\n\n1. ```swift\n   x\n   ```\n"
        let update = bless(page, ["a\n", "\n2\n"])
        #expect(
            update.text
                == "- Step one:\n  ```swift\n  print(\"a\")\n  ```\n  ```output\n  a\n  ```\n- Step two\n\n1. ```swift\n   x\n   ```\n   ```output\n\n   2\n   ```\n"
        )
        let again = bless(update.text, ["a\n", "\n2\n"])
        #expect(again.bytes == update.bytes)
    }

    @Test("An indented snippet gets one output block, and a second bless adds no other")
    func indentedSnippet() {
        let page = "Text\n\n   ```swift\n   print(1)\n   ```\n\nMore\n"
        let first = bless(page, ["1\n"])
        #expect(first.text == "Text\n\n   ```swift\n   print(1)\n   ```\n\n```output\n1\n```\n\nMore\n")
        let second = bless(first.text, ["1\n"])
        #expect(second.bytes == first.bytes && second.updated.isEmpty)
    }

    @Test("An indented output block keeps its indentation on every line it gets")
    func indentedOutputBlock() {
        let page = "```swift\nx\n```\n  ```output\n  old\n  ```\n"
        #expect(bless(page, ["  new\n"]).text == "```swift\nx\n```\n  ```output\n    new\n  ```\n")
    }

    @Test("CRLF pages keep CRLF, tilde fences grow past the output's, and a last line without an ending stays so")
    func lineEndingsAndFences() {
        let crlf = "Intro\r\n```swift\r\nx\r\n```\r\n\r\n~~~output\r\nold\r\n~~~\r\nTail\r\n"
        #expect(bless(crlf, ["~~~\nnew\n"]).text == "Intro\r\n```swift\r\nx\r\n```\r\n\r\n~~~~output\r\n~~~\r\nnew\r\n~~~~\r\nTail\r\n")
        let noEnding = "```swift\nx\n```"
        #expect(bless(noEnding, ["1\n"]).text == "```swift\nx\n```\n\n```output\n1\n```")
        let longFence = "`````swift\nx\n`````\n"
        #expect(bless(longFence, ["````\n"]).text == "`````swift\nx\n`````\n\n`````output\n````\n`````\n")
    }

    @Test("Tabs: a list item indented with a tab gets its block at the same depth")
    func tabs() {
        let page = "- a\n\t```swift\n\tx\n\t```\n- b\n"
        let update = bless(page, ["\tt\n"])
        // The snippet's fence line splits its tab between the item and the fence, so the new
        // block is indented with the item's own two spaces.
        #expect(update.text == "- a\n\t```swift\n\tx\n\t```\n  ```output\n  \tt\n  ```\n- b\n")
        let quoteTab = ">\t```swift\n>\t  x\n>\t```\n"
        let quoted = bless(quoteTab, ["y\n"])
        #expect(quoted.refused.isEmpty)
        #expect(quoted.text.hasPrefix(quoteTab))
    }

    @Test("What already passes stays byte for byte: unordered lines, a silent crash, trailing spaces")
    func noChurn() {
        let page = "```swift unordered\n```\n\n```output\nb\na\n```\n\n```swift crash\nfatalError()\n```\n\n```swift\n```\n\n```output\nx   \n```\n"
        let update = bless(page, ["a\nb\n", "", "x\n"], statuses: [.exited(0), .signalled(4), .exited(0)])
        #expect(update.bytes == Array(page.utf8))
        #expect(update.updated.isEmpty && update.refused.isEmpty)
    }

    @Test("An output block that is never closed is refused, and the page is left as it is")
    func unclosedOutput() {
        let page = "> ```swift\n> x\n> ```\n> ```output\n> old\n\nProse the author wrote.\n"
        let update = bless(page, ["new\n"])
        #expect(update.bytes == Array(page.utf8))
        #expect(update.refused.first?.message.contains("never closed") == true)
    }

    @Test("Output that Markdown cannot hold is refused instead of written wrongly")
    func unrepresentableOutput() {
        let page = "```swift\nx\n```\n"
        let update = bless(page, ["50%\r100%\n"])
        #expect(update.bytes == Array(page.utf8))
        #expect(update.refused.first?.message.contains("carriage return") == true)
    }

    @Test("Property: on 1,000 generated pages, bless changes only output blocks, writes what was printed, and a second bless changes nothing")
    func generatedPages() {
        var failures: [String] = []
        for seed in UInt64(1)...1000 {
            let page = BlessDocumentGenerator.document(seed: seed)
            let problems = BlessProperty.violations(of: page)
            if !problems.isEmpty {
                failures.append("seed \(seed):\n\(String(decoding: page.source, as: UTF8.self))\n--\n" + problems.joined(separator: "\n"))
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of 1000 pages:\n\(failures.prefix(3).joined(separator: "\n=====\n"))")
    }
}
