internal import GalleyMarkdown
internal import GalleySnippets

/// Turns one Markdown file into a ``Page``: front matter, cmark parse, heading ids, link
/// rewriting, code highlighting and HTML, all through cmark's AST.
struct PageRenderer: Sendable {
    let options: MarkdownOptions
    let resolver: LinkResolver
    /// What the snippets printed; `nil` when they were not run (`--no-run`).
    var snippetResults: SnippetResults?
    /// Snippets without a result are running (`galley serve`), not left out (`--no-run`).
    var snippetsRunning = false
    /// What a ```swift block without attributes does, page by page.
    var snippetDefaults = SnippetDefaults(site: .run)
    /// Index each page's words for the site's search (`search:` of `site.yml`).
    var indexesSearch = true
    /// Make the page's HTML; `false` when only its links, headings and warnings are wanted
    /// (`galley check`), which skips highlighting, the costliest part of rendering.
    var makesHTML = true

    /// Parses and renders a page, showing ``snippetResults`` on its snippets.
    ///
    /// - Throws: The first error of its front matter or its fences.
    func render(sourcePath: String, displayPath: String, source: String) throws(Diagnostic) -> Page {
        let page = try parse(sourcePath: sourcePath, displayPath: displayPath, source: source)
        if let error = page.fenceErrors.first { throw error }
        return render(page, results: snippetResults?.byPage[sourcePath] ?? [:])
    }

    /// Reads `source` through cmark, as ``render(_:results:)`` wants it.
    func parse(sourcePath: String, displayPath: String, source: String) throws(Diagnostic) -> ParsedPage {
        try ParsedPage(sourcePath: sourcePath, displayPath: displayPath, source: source, options: options, defaults: snippetDefaults)
    }

    /// Renders a parsed page, showing `results` (by code block index) on its snippets; a
    /// snippet without one is running (``snippetsRunning``) or shows its expected output.
    ///
    /// The page's tree is transformed in place: a parsed page is rendered once.
    func render(_ parsed: ParsedPage, results: [Int: SnippetResult]) -> Page {
        let sourcePath = parsed.sourcePath
        let displayPath = parsed.displayPath
        let frontMatter = parsed.frontMatter
        let document = parsed.document
        let blocks = parsed.blocks
        var snippetsByBlock: [Int: Snippet] = [:]
        var outputBlocks = Set<Int>()
        for snippet in parsed.snippets {
            snippetsByBlock[snippet.blockIndex] = snippet
            if snippet.attributes.isCompiled, let expected = snippet.expectedOutput { outputBlocks.insert(expected.blockIndex) }
        }
        // Read before the headings and code blocks become Galley's HTML. Code is indexed as
        // the page shows it: a snippet without its hidden set-up lines, and no output block
        // (shown in its snippet's panel, and text the program printed rather than prose).
        let text = indexesSearch && makesHTML
            ? document.text { index in
                if outputBlocks.contains(index) { return nil }
                if let snippet = snippetsByBlock[index] { return snippet.shownCode }
                return index < blocks.count ? blocks[index].code : nil
            }
            : nil

        var slugger = HeadingSlugger()
        let headings = document.anchorHeadings(using: &slugger)

        var links: [ResolvedLink] = []
        document.rewriteLinks { link in
            guard let (resolved, destination) = resolver.resolve(link, from: sourcePath) else { return nil }
            links.append(resolved)
            return destination == link.destination ? nil : destination
        }
        var warnings: [Diagnostic] = []
        document.replaceCodeBlocks(blocks) { block in
            // An `output` block is shown inside its snippet's panel, not on its own.
            if outputBlocks.contains(block.index) { return "" }
            // A Swift block swift-syntax cannot parse safely is shown plain: say so at the block.
            if block.language == "swift",
                let fallback = SwiftHighlighter.fallback(for: snippetsByBlock[block.index].map { HiddenLines.revealable($0.code).text } ?? block.code)
            {
                warnings.append(.warning(at: SourceLocation(path: displayPath, line: block.location.line), fallback.description))
            }
            guard makesHTML else { return "" }
            if let snippet = snippetsByBlock[block.index] {
                return SnippetHTML.render(
                    snippet, result: results[block.index], running: snippetsRunning
                )
            }
            return CodeBlockHTML.render(code: block.code, language: block.language)
        }

        // Only a page without a title or a `#` heading needs its file name made readable.
        func fallbackTitle() -> String {
            let fileName = sourcePath.split(separator: "/").last.map { String($0.dropLast(3)) } ?? sourcePath
            let folderName = sourcePath.split(separator: "/").dropLast().last.map(String.init) ?? "Home"
            return humanize(fileName == "index" ? folderName : fileName)
        }
        var page = Page(
            sourcePath: sourcePath,
            displayPath: displayPath,
            route: Page.route(forSourcePath: sourcePath),
            frontMatter: frontMatter,
            title: frontMatter.title ?? headings.first(where: { $0.level == 1 })?.text ?? fallbackTitle(),
            headings: headings,
            contentHTML: makesHTML ? document.renderHTML() : "",
            links: links
        )
        page.warnings = warnings
        page.rawHTMLAnchors = document.rawHTMLAnchors()
        if let text {
            page.searchEntry = SearchEntry(title: page.title, route: SiteAddress.percentEncoded(page.route), headings: headings, text: text)
        }
        return page
    }
}
