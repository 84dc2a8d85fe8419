@testable import GalleyMarkdown
import Testing

/// Every cmark node Galley creates ends up in the tree (freed with the document) or is freed
/// at once. These tests reach the paths where cmark refuses a tree edit; under
/// AddressSanitizer (`-sanitize=address`), LeakSanitizer also fails the run on a leaked node.
@Suite("cmark node ownership")
struct NodeOwnershipTests {
    @Test("A replacement cmark refuses frees the new block and leaves the node in place")
    func refusedReplacement() {
        let document = MarkdownDocument(parsing: "# Title\n\ntext\n", path: "p.md")
        let before = document.renderHTML()
        // The document node has no parent, so cmark_node_replace refuses it. Freeing it
        // anyway would free the root twice (once more when the document is released).
        #expect(!document.replace(document.root, withHTML: "<p>replaced</p>"))
        #expect(document.renderHTML() == before)
    }

    @Test("Headings and code blocks are replaced inside quotes and list items too")
    func nestedReplacements() {
        let source = """
            > ## Quoted *heading*
            >
            > ```sh
            > echo quoted
            > ```

            - ### Listed heading

              ```sh
              echo listed
              ```
            """
        let document = MarkdownDocument(parsing: source, path: "p.md")
        var slugger = HeadingSlugger()
        let headings = document.anchorHeadings(using: &slugger)
        #expect(headings.map(\.id) == ["quoted-heading", "listed-heading"])
        var replaced = 0
        document.replaceCodeBlocks { _ in
            replaced += 1
            return "<div class=\"replaced\"></div>"
        }
        #expect(replaced == 2)
        let html = document.renderHTML()
        #expect(html.contains("<h2 id=\"quoted-heading\">\nQuoted <em>heading</em>"))
        #expect(html.contains(#"<h3 id="listed-heading">"#))
        #expect(!html.contains("<h2>") && !html.contains("<h3>"))
        #expect(!html.contains("echo"))
    }
}
