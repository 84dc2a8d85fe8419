import GalleyMarkdown
import Testing

@Suite("Rendering through cmark")
struct RenderingTests {
    @Test("Headings get unique slug ids and an anchor link, inline markup kept")
    func headingIDs() {
        let document = MarkdownDocument(
            parsing: "# Guide\n\n## Async/Await\n\ntext\n\n## Async/Await\n\n### The *`Task`* type\n",
            path: "guide.md"
        )
        var slugger = HeadingSlugger()
        let headings = document.anchorHeadings(using: &slugger)
        #expect(headings.map(\.id) == ["guide", "async-await", "async-await-1", "the-task-type"])
        #expect(headings.map(\.level) == [1, 2, 2, 3])
        #expect(headings.map(\.location.line) == [1, 3, 7, 9])
        let html = document.renderHTML()
        // cmark puts line breaks around a custom block's content; they are insignificant in HTML.
        #expect(html.contains("<h2 id=\"async-await\">\nAsync/Await\n <a class=\"heading-anchor\" href=\"#async-await\""))
        #expect(html.contains(#"<h2 id="async-await-1">"#))
        #expect(html.contains("<h3 id=\"the-task-type\">\nThe <em><code>Task</code></em> type"))
        #expect(!html.contains("<h2>"))
    }

    @Test(
        "Slugs follow the GitHub style",
        arguments: [
            ("Async/Await", "async-await"),
            ("What's an actor?", "whats-an-actor"),
            ("  Spaces   around ", "spaces-around"),
            ("Ünïcode headings", "ünïcode-headings"),
            ("snake_case stays", "snake_case-stays"),
            ("???", "section"),
        ]
    )
    func slugs(text: String, slug: String) {
        #expect(HeadingSlugger.slug(text) == slug)
    }

    @Test("ASCII letters, digits and underscores are kept, lowercased; other ASCII characters separate words")
    func asciiSlugs() {
        for value in UInt8(0)...UInt8(0x7F) {
            let character = Character(Unicode.Scalar(value))
            let slug = HeadingSlugger.slug("a\(character)b")
            if character == "'" {
                #expect(slug == "ab")
            } else if character.isLetter || character.isNumber || character == "_" {
                #expect(slug == "a\(character.lowercased())b", "\(value)")
            } else {
                #expect(slug == "a-b", "\(value)")
            }
        }
    }

    @Test("Escaping changes only &, < and >, and quotes in attributes, whatever else the text holds")
    func htmlEscaping() {
        #expect(HTML.escape("") == "")
        #expect(HTML.escape("plain ünïcode 🎉 text") == "plain ünïcode 🎉 text")
        #expect(HTML.escape(#"é < b && "c" > 'd' 🎉"#) == #"é &lt; b &amp;&amp; "c" &gt; 'd' 🎉"#)
        #expect(HTML.escapeAttribute(#"é < b && "c" > 'd' 🎉"#) == "é &lt; b &amp;&amp; &quot;c&quot; &gt; &#39;d&#39; 🎉")
    }

    @Test("A slug that collides with a suffixed one stays unique")
    func suffixCollisions() {
        var slugger = HeadingSlugger()
        let slugs = ["A", "A", "A 1", "A"].map { slugger.uniqueSlug($0) }
        #expect(Set(slugs).count == 4)
        #expect(slugs[0] == "a" && slugs[1] == "a-1")
    }

    @Test("Text and code are escaped; raw HTML follows the option")
    func escaping() {
        let source = "A <b>bold</b> & \"quoted\" word.\n\n```python\nif a < b and c > d: pass\n```\n"
        let unsafe = MarkdownDocument(parsing: source, path: "x.md", options: MarkdownOptions(smartTypography: true, rawHTML: true))
        let html = unsafe.renderHTML()
        #expect(html.contains("<b>bold</b>"))
        #expect(html.contains("&amp;"))
        #expect(html.contains("\u{201C}quoted\u{201D}"))
        #expect(html.contains("if a &lt; b and c &gt; d"))

        let safe = MarkdownDocument(parsing: source, path: "x.md", options: MarkdownOptions(smartTypography: false, rawHTML: false))
        let safeHTML = safe.renderHTML()
        #expect(!safeHTML.contains("<b>bold</b>"))
        #expect(safeHTML.contains("&quot;quoted&quot;"))
    }

    @Test("Links are listed with their lines and rewritten in place")
    func links() {
        let document = MarkdownDocument(
            parsing: "Intro line\n\nSee [callbacks](callbacks.md#callback-hell) and\n![logo](img/logo.png).\n",
            path: "index.md"
        )
        let links = document.links()
        #expect(links.map(\.destination) == ["callbacks.md#callback-hell", "img/logo.png"])
        #expect(links.map(\.isImage) == [false, true])
        #expect(links[0].location.line == 3)
        document.rewriteLinks { link in
            link.isImage ? nil : "/guide/callbacks/#callback-hell"
        }
        let html = document.renderHTML()
        #expect(html.contains(##"<a href="/guide/callbacks/#callback-hell">callbacks</a>"##))
        #expect(html.contains(#"<img src="img/logo.png" alt="logo" />"#))
    }

    @Test("Code blocks carry their info string, lines and adjacency")
    func codeBlocks() {
        let source = """
            Text

            ```swift session=a
            print(1)
            ```

            ```output
            1
            ```

            Paragraph

            ```output
            orphan
            ```

                indented
            """
        let blocks = MarkdownDocument(parsing: source, path: "p.md").codeBlocks()
        #expect(blocks.count == 4)
        #expect(blocks[0].language == "swift")
        #expect(blocks[0].infoWords == ["swift", "session=a"])
        #expect(blocks[0].code == "print(1)\n")
        #expect(blocks[0].location.line == 3 && blocks[0].endLine == 5)
        #expect(blocks[0].isFenced)
        #expect(blocks[1].previousAdjacentIndex == 0)
        #expect(blocks[2].previousAdjacentIndex == nil)
        #expect(blocks[3].isFenced == false && blocks[3].language == nil)
    }

    @Test("Replaced code blocks render the given HTML even with raw HTML off")
    func replacedCodeBlocks() {
        let document = MarkdownDocument(
            parsing: "```swift\nlet x = \"<hi>\" // note\n```\n\n```sh\necho <x>\n```\n",
            path: "p.md",
            options: MarkdownOptions(rawHTML: false)
        )
        document.replaceCodeBlocks { block in
            CodeBlockHTML.render(code: block.code, language: block.language)
        }
        let html = document.renderHTML()
        #expect(html.contains(#"<pre><code class="language-swift"><span class="hl-keyword">let</span>"#))
        #expect(html.contains(#"<span class="hl-string">"&lt;hi&gt;"</span>"#))
        #expect(html.contains(#"<span class="hl-comment">// note</span>"#))
        #expect(html.contains(#"<figcaption class="code-lang">sh</figcaption><pre><code class="language-sh">echo &lt;x&gt;"#))
        #expect(!html.contains("raw HTML omitted"))
    }

    @Test("Raw HTML declares anchors: ids of any tag, names of links; not in comments, end tags or text")
    func rawHTMLAnchors() {
        let document = MarkdownDocument(
            parsing: """
                <section id="one" data-x='y'>
                <img src=a.png id=two/>
                </section>

                Text with <em id = "three&amp;four">inline</em>, <a href="#x" name="five">a</a>, <b title="id=&quot;no&quot;">b</b>.

                <!-- <p id="hidden"> -->
                """,
            path: "p.md"
        )
        #expect(document.rawHTMLAnchors() == ["one", "two/", "three&four", "five"])
        var options = MarkdownOptions()
        options.rawHTML = false
        #expect(MarkdownDocument(parsing: "<div id=\"x\"></div>\n", path: "p.md", options: options).rawHTMLAnchors().isEmpty)
    }
}
