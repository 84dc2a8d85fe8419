internal import GalleyMarkdown
internal import GalleySnippets

/// One page read through cmark once: its front matter, its tree, its code blocks and the
/// snippets in them, and the programs those make.
///
/// A build renders each page from the parse its programs came from, so a result can only
/// ever land on the block that produced it. Not `Sendable`: it holds cmark's tree, which
/// stays in the task that parsed it.
struct ParsedPage {
    let sourcePath: String
    let displayPath: String
    let frontMatter: FrontMatter
    /// How many lines at the top of the file are front matter.
    let frontMatterLines: Int
    let document: MarkdownDocument
    let blocks: [CodeBlock]
    let snippets: [Snippet]
    /// Fences written wrongly (an unknown attribute, a bad value), in page order.
    let fenceErrors: [Diagnostic]

    /// Splits the front matter off `source` and parses the rest with cmark; pipe tables become
    /// table blocks first, as the page shows them (`convertingTables: false` for a reader that
    /// only wants the snippets).
    ///
    /// - Throws: The front matter's error, at its line.
    init(
        sourcePath: String, displayPath: String, source: String, options: MarkdownOptions, defaults: SnippetDefaults,
        convertingTables: Bool = true
    ) throws(Diagnostic) {
        let split = try FrontMatter.splitCountingLines(source, path: displayPath)
        self.sourcePath = sourcePath
        self.displayPath = displayPath
        frontMatter = split.frontMatter
        frontMatterLines = split.lines
        document = MarkdownDocument(parsing: split.body, path: displayPath, options: options)
        // Tables only regroup paragraphs, so the code blocks and their indices are the same either way.
        if convertingTables { document.convertTables() }
        blocks = document.codeBlocks()
        let found = SnippetScanner.snippets(
            in: blocks, sourcePath: sourcePath, displayPath: displayPath,
            defaultMode: defaults.mode(forPage: sourcePath, frontMatter: split.frontMatter)
        )
        snippets = found.snippets
        fenceErrors = found.errors.map(Diagnostic.init)
    }

    /// The programs the page's snippets make, and the errors of those that cannot make one
    /// (a session mixing modes, for instance).
    func programs() -> (programs: [SnippetProgram], errors: [Diagnostic]) {
        let planned = SnippetProgram.programs(for: snippets, sourceFile: sourcePath)
        return (planned.programs, planned.errors.map(Diagnostic.init))
    }
}
