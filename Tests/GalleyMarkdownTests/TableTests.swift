import Testing

@testable import GalleyMarkdown

/// Pipe tables as a transform of cmark's tree, against the table examples of GitHub's
/// Markdown specification (their HTML, as cmark-gfm writes it).
@Suite("Tables")
struct TableTests {
    private func html(_ markdown: String) -> String {
        // The specification's HTML has no smart punctuation.
        let document = MarkdownDocument(parsing: markdown, path: "t.md", options: MarkdownOptions(smartTypography: false))
        document.convertTables()
        return document.renderHTML()
    }

    @Test("GFM example 198: a header, a delimiter row and a body row")
    func basic() {
        #expect(
            html("| foo | bar |\n| --- | --- |\n| baz | bim |\n")
                == "<table>\n<thead>\n<tr>\n<th>foo</th>\n<th>bar</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>baz</td>\n<td>bim</td>\n</tr>\n</tbody>\n</table>\n"
        )
    }

    @Test("GFM example 199: colons align columns; outer pipes are optional and cells need not line up")
    func alignment() {
        #expect(
            html("| abc | defghi |\n:-: | -----------:\nbar | baz\n")
                == "<table>\n<thead>\n<tr>\n<th align=\"center\">abc</th>\n<th align=\"right\">defghi</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td align=\"center\">bar</td>\n<td align=\"right\">baz</td>\n</tr>\n</tbody>\n</table>\n"
        )
        #expect(html("| a |\n| :-- |\n| b |\n").contains("<th align=\"left\">a</th>"))
    }

    @Test("GFM example 200: an escaped pipe is a pipe in a cell, inside code and emphasis too")
    func escapedPipes() {
        #expect(
            html("| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |\n")
                == "<table>\n<thead>\n<tr>\n<th>f|oo</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>b <code>|</code> az</td>\n</tr>\n<tr>\n<td>b <strong>|</strong> im</td>\n</tr>\n</tbody>\n</table>\n"
        )
    }

    @Test("GFM example 201: another block ends the table")
    func blockEndsTable() {
        #expect(
            html("| abc | def |\n| --- | --- |\n| bar | baz |\n> bar\n")
                == "<table>\n<thead>\n<tr>\n<th>abc</th>\n<th>def</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>bar</td>\n<td>baz</td>\n</tr>\n</tbody>\n</table>\n<blockquote>\n<p>bar</p>\n</blockquote>\n"
        )
    }

    @Test("GFM example 202: a line of the paragraph is a row; an empty line ends the table")
    func emptyLineEndsTable() {
        #expect(
            html("| abc | def |\n| --- | --- |\n| bar | baz |\nbar\n\nbar\n")
                == "<table>\n<thead>\n<tr>\n<th>abc</th>\n<th>def</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>bar</td>\n<td>baz</td>\n</tr>\n<tr>\n<td>bar</td>\n<td></td>\n</tr>\n</tbody>\n</table>\n<p>bar</p>\n"
        )
    }

    @Test("GFM example 203: a header and a delimiter row of different lengths are no table")
    func mismatchedHeader() {
        #expect(html("| abc | def |\n| --- |\n| bar |\n") == "<p>| abc | def |\n| --- |\n| bar |</p>\n")
    }

    @Test("GFM example 204: short rows get empty cells, cells past the header are dropped")
    func rowLengths() {
        #expect(
            html("| abc | def |\n| --- | --- |\n| bar |\n| bar | baz | boo |\n")
                == "<table>\n<thead>\n<tr>\n<th>abc</th>\n<th>def</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>bar</td>\n<td></td>\n</tr>\n<tr>\n<td>bar</td>\n<td>baz</td>\n</tr>\n</tbody>\n</table>\n"
        )
    }

    @Test("GFM example 205: a table without body rows has no tbody")
    func headerOnly() {
        #expect(html("| abc | def |\n| --- | --- |\n") == "<table>\n<thead>\n<tr>\n<th>abc</th>\n<th>def</th>\n</tr>\n</thead>\n</table>\n")
    }

    @Test("Inline Markdown in cells; a cell that starts like a block stays text; lines before the header stay a paragraph")
    func inlineContent() {
        let output = html("Some words first.\n| *a* | [link](x.md) |\n| --- | --- |\n| # not a heading | - not a list |\n")
        #expect(output.hasPrefix("<p>Some words first.</p>\n<table>"))
        #expect(output.contains("<th><em>a</em></th>"))
        #expect(output.contains("<th><a href=\"x.md\">link</a></th>"))
        #expect(output.contains("<td># not a heading</td>"))
        #expect(output.contains("<td>- not a list</td>"))
    }

    @Test("Tables in block quotes and list items; a paragraph that only has pipes stays a paragraph")
    func nested() {
        #expect(html("> | a | b |\n> | - | - |\n> | 1 | 2 |\n").hasPrefix("<blockquote>\n<table>"))
        #expect(html("- item\n\n  | a |\n  | - |\n  | 1 |\n").contains("<li>\n<p>item</p>\n<table>"))
        #expect(html("a | b\nc | d\n") == "<p>a | b\nc | d</p>\n")
        // One column without pipes is a setext heading, as in GitHub's Markdown.
        #expect(html("abc\n---\n") == "<h2>abc</h2>\n")
    }
}
