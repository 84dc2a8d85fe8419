public import Foundation
internal import GalleyMarkdown

/// Writes a ``Site`` through its templates into an output folder, atomically.
public struct SiteWriter: Sendable {
    /// The templates every page goes through.
    public var templates: TemplateSet
    /// The theme, whose `assets/` are copied into the site.
    public var theme: Theme
    /// The content folder, whose non-Markdown files are copied.
    public var contentFolder: URL
    /// HTML placed into `{{{dev.reloadScript}}}`: empty for `galley build`.
    public var reloadScript = ""
    /// How many pages render at once.
    public var jobs = ProcessInfo.processInfo.activeProcessorCount

    /// Creates a writer.
    public init(templates: TemplateSet, theme: Theme, contentFolder: URL) {
        self.templates = templates
        self.theme = theme
        self.contentFolder = contentFolder
    }

    /// What a write produced.
    public struct Summary: Sendable, Hashable {
        /// HTML pages written, the 404 page included.
        public var pagesWritten: Int
        /// Files copied from the content folder and the templates' assets.
        public var filesCopied: Int
    }

    /// Renders every page and writes the site to `output`, replacing it only when complete.
    ///
    /// - Throws: ``BuildFailure`` when two sources would be written to one path (see
    ///   ``checkOutputPaths(_:copies:searchPaths:)``), when `output` may not be replaced (see
    ///   ``StagedOutput/check(destination:protecting:)``), or when writing fails; `output` is
    ///   then as it was.
    public func write(_ site: Site, to output: URL) async throws(BuildFailure) -> Summary {
        let copies = copiedFiles(site)
        // Work that takes one core runs beside other work rather than holding up both cores:
        // the feeds are made while the sidebar's fragments render, and the search index is
        // merged while the pages are; the paths of its chunks are checked once known.
        let templates = self.templates
        async let renderedFragments = NavigationFragments(site: site, templates: templates)
        async let feeds = Self.feeds(site)
        let searchPaths = site.config.search ? SearchIndex.pathsBeforeMerging(entries: site.pages.map(\.searchEntry)) : []
        try checkOutputPaths(site, copies: copies, searchPaths: searchPaths)
        let staged: StagedOutput
        do {
            staged = try StagedOutput(destination: output, protecting: protectedFolders)
        } catch {
            throw BuildFailure([error])
        }
        do {
            let summary = try await write(
                site, copies: copies, searchPaths: searchPaths, fragments: await renderedFragments, feeds: await feeds, into: staged
            )
            try staged.commit()
            return summary
        } catch let failure as BuildFailure {
            staged.discard()
            throw failure
        } catch let diagnostic as Diagnostic {
            staged.discard()
            throw BuildFailure([diagnostic])
        } catch {
            staged.discard()
            throw BuildFailure([.error(at: nil, "\(error)")])
        }
    }

    /// The folders the output may not hold or be inside of.
    var protectedFolders: [(String, URL)] {
        [("content", contentFolder)] + (theme.folder.map { [("templates", $0)] } ?? [])
    }

    private func write(
        _ site: Site, copies: [(source: FileSource, target: String)], searchPaths: [String],
        fragments: NavigationFragments, feeds: [(path: String, text: String)], into staged: StagedOutput
    ) async throws -> Summary {
        let indexes = !searchPaths.isEmpty
        try staged.prepare(
            for: site.pages.map(\.outputPath) + copies.map(\.target) + Self.generatedPaths.map(\.path) + searchPaths,
            keeping: indexes ? SearchIndex.termsFolder : nil
        )
        async let indexWritten: Void = indexes ? writeIndex(site, copies: copies, into: staged) : ()
        // A page's search record is written beside it, on the same task.
        _ = try await renderPages(site, indices: Array(site.pages.indices), fragments: fragments) { index, html in
            try staged.write(html, to: site.pages[index].outputPath)
            if indexes, let entry = site.pages[index].searchEntry { try staged.write(entry.record, to: SearchIndex.recordPath(page: index)) }
        }
        try await indexWritten
        try staged.write(try notFoundPage(site, fragments: fragments), to: "404.html")
        for (path, text) in feeds { try staged.write(text, to: path) }
        for copy in copies {
            switch copy.source {
            case .file(let url): try staged.copy(url, to: copy.target)
            case .builtIn(let path): try staged.write(Theme.builtInContents(path) ?? Data(), to: copy.target)
            }
        }
        return Summary(pagesWritten: site.pages.count + 1, filesCopied: copies.count)
    }

    /// Merges the search index and writes its manifest and chunks (the pages' records are
    /// written with the pages), once the chunks' paths are checked against the site's.
    private func writeIndex(_ site: Site, copies: [(source: FileSource, target: String)], into staged: StagedOutput) async throws {
        let search = Self.searchFiles(site)
        try checkOutputPaths(site, copies: copies, searchPaths: search.map(\.path))
        var chunks = Set<String>()
        for file in search where !file.path.hasPrefix(SearchIndex.recordFolder) {
            try staged.write(file.contents, to: file.path)
            if file.path.hasPrefix(SearchIndex.termsFolder + "/") { chunks.insert(file.path) }
        }
        try staged.removeFiles(in: SearchIndex.termsFolder, except: chunks)
    }

    /// Renders the pages at `indices` through the layout, `jobs` tasks at a time, in small
    /// batches; as in ``SiteLoader``, a new batch starts whenever one ends, so no core idles
    /// while another finishes a long share. Each page's HTML goes to `deliver`; the results
    /// come back in `indices` order.
    func renderPages<Delivered: Sendable>(
        _ site: Site, indices: [Int], fragments: NavigationFragments,
        deliver: @escaping @Sendable (_ index: Int, _ html: String) throws -> Delivered
    ) async throws -> [Delivered] {
        let batchSize = SiteLoader.batchSize
        let batches = stride(from: 0, to: indices.count, by: batchSize).map { $0..<min($0 + batchSize, indices.count) }
        let templates = self.templates
        let reloadScript = self.reloadScript
        return try await withThrowingTaskGroup(of: (Int, [Delivered]).self) { group in
            func render(batch number: Int) {
                let positions = batches[number]
                group.addTask {
                    // PageContext holds non-Sendable template values, so each task makes its own.
                    let context = PageContext(site: site, fragments: fragments)
                    var delivered: [Delivered] = []
                    delivered.reserveCapacity(positions.count)
                    for position in positions {
                        let index = indices[position]
                        let html = try Self.layout(templates, context.context(forPage: index, reloadScript: reloadScript))
                        delivered.append(try deliver(index, html))
                    }
                    return (number, delivered)
                }
            }
            var results = [[Delivered]](repeating: [], count: batches.count)
            var next = min(max(1, jobs), batches.count)
            for number in 0..<next { render(batch: number) }
            while let (number, delivered) = try await group.next() {
                results[number] = delivered
                if next < batches.count {
                    render(batch: next)
                    next += 1
                }
            }
            return results.flatMap { $0 }
        }
    }

    /// The files copied as they are: the theme's `assets/` and the content's non-Markdown files.
    func copiedFiles(_ site: Site) -> [(source: FileSource, target: String)] {
        theme.assets().map { ($0.source, $0.path) } + site.files.map { (.file(contentFolder.appending(path: $0)), $0) }
    }

    /// The files Galley writes itself, by their path in the output, and what each is.
    static let generatedPaths: [(path: String, what: String)] = [
        ("404.html", "the not-found page"), ("sitemap.xml", "the sitemap"), ("feed.xml", "the Atom feed"),
        (StagedOutput.markerName, "the mark of a folder Galley wrote"),
    ]

    /// Refuses a site in which two sources would be written to one path of the output, or a
    /// path would have to be both a file and a folder: a page and a copied file, two pages
    /// (`a.md` and `a/index.md`), or a content file and a theme asset or a file Galley writes.
    ///
    /// - Parameter copies: ``copiedFiles(_:)`` of `site`.
    /// - Throws: ``BuildFailure`` with an error naming both sources of each clash.
    /// - Parameter searchPaths: The paths of the search index's files.
    func checkOutputPaths(_ site: Site, copies: [(source: FileSource, target: String)], searchPaths: [String] = []) throws(BuildFailure) {
        let index = searchPaths.map { (path: $0, source: OutputPaths.Source.generated("the search index")) }
        let generated = Self.generatedPaths.map { (path: $0.path, source: OutputPaths.Source.generated($0.what)) } + index
        let copied = copies.map { copy in
            let shown = switch copy.source {
            case .file(let url): SiteBuilder.displayPath(url)
            case .builtIn(let path): Theme.builtInDisplayFolder + "/" + path
            }
            return (path: copy.target, source: OutputPaths.Source.copy(displayPath: shown))
        }
        let pages = site.pages.map { (path: $0.outputPath, source: OutputPaths.Source.page(displayPath: $0.displayPath)) }
        try OutputPaths.check(generated + copied + pages)
    }

    /// The search index's files (see ``SearchIndex``), none when `site.yml` turns search off.
    static func searchFiles(_ site: Site) -> [(path: String, contents: [UInt8])] {
        guard site.config.search else { return [] }
        return SearchIndex(entries: site.pages.map(\.searchEntry)).files
    }

    /// The files Galley makes beside the pages: `404.html`, `sitemap.xml` and `feed.xml`.
    func generatedFiles(_ site: Site, fragments: NavigationFragments) throws(Diagnostic) -> [(path: String, text: String)] {
        [("404.html", try notFoundPage(site, fragments: fragments))] + Self.feeds(site)
    }

    /// The site's `404.html`: the `404` template (or a plain message) inside the layout.
    private func notFoundPage(_ site: Site, fragments: NavigationFragments) throws(Diagnostic) -> String {
        let context = PageContext(site: site, fragments: fragments)
        let notFoundBody = templates.render("404", context: context.notFoundContext(contentHTML: "", reloadScript: reloadScript))
            ?? "<h1>Page not found</h1>\n<p><a href=\"\(HTML.escapeAttribute(site.address.root))\">Go to the home page</a></p>\n"
        return try layout(context.notFoundContext(contentHTML: notFoundBody, reloadScript: reloadScript))
    }

    /// `sitemap.xml` and `feed.xml`.
    private static func feeds(_ site: Site) -> [(path: String, text: String)] {
        [
            ("sitemap.xml", SiteFeeds.sitemap(pages: site.pages, readingOrder: site.navigation.readingOrder, address: site.address)),
            ("feed.xml", SiteFeeds.atom(pages: site.pages, config: site.config, address: site.address)),
        ]
    }

    private func layout(_ values: TemplateValues) throws(Diagnostic) -> String {
        try Self.layout(templates, values)
    }

    private static func layout(_ templates: TemplateSet, _ values: TemplateValues) throws(Diagnostic) -> String {
        guard let html = templates.render(TemplateSet.layoutName, context: values) else {
            throw .error(at: nil, "the layout template is missing")
        }
        return html
    }
}
