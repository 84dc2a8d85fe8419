public import Foundation
internal import GalleyMarkdown

/// Writes a ``Site`` through its templates into an output folder, atomically.
public struct SiteWriter: Sendable {
    /// The templates every page goes through.
    public var templates: TemplateSet
    /// The `templates/` folder, whose `assets/` are copied into the site.
    public var templatesFolder: URL
    /// The content folder, whose non-Markdown files are copied.
    public var contentFolder: URL
    /// HTML placed into `{{{dev.reloadScript}}}`: empty for `galley build`.
    public var reloadScript = ""
    /// How many pages render at once.
    public var jobs = ProcessInfo.processInfo.activeProcessorCount

    /// Creates a writer.
    public init(templates: TemplateSet, templatesFolder: URL, contentFolder: URL) {
        self.templates = templates
        self.templatesFolder = templatesFolder
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
    public func write(_ site: Site, to output: URL) async throws(BuildFailure) -> Summary {
        let staged: StagedOutput
        do {
            staged = try StagedOutput(destination: output)
        } catch {
            throw BuildFailure([error])
        }
        do {
            let summary = try await write(site, into: staged)
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

    private func write(_ site: Site, into staged: StagedOutput) async throws -> Summary {
        let copies = copiedFiles(site)
        try staged.prepare(for: site.pages.map(\.outputPath) + copies.map(\.target) + ["404.html", "sitemap.xml", "feed.xml"])

        let fragments = NavigationFragments(site: site, templates: templates)
        _ = try await renderPages(site, indices: Array(site.pages.indices), fragments: fragments) { index, html in
            try staged.write(html, to: site.pages[index].outputPath)
        }
        for (path, text) in try generatedFiles(site, fragments: fragments) { try staged.write(text, to: path) }
        for copy in copies { try staged.copy(copy.source, to: copy.target) }
        return Summary(pagesWritten: site.pages.count + 1, filesCopied: copies.count)
    }

    /// Renders the pages at `indices` through the layout on ``jobs`` tasks, each taking a
    /// contiguous batch, and hands every page's HTML to `deliver`; results in `indices` order.
    func renderPages<Delivered: Sendable>(
        _ site: Site, indices: [Int], fragments: NavigationFragments,
        deliver: @escaping @Sendable (_ index: Int, _ html: String) throws -> Delivered
    ) async throws -> [Delivered] {
        let count = indices.count
        let workers = max(1, min(jobs, count))
        let batchSize = (count + workers - 1) / workers
        let templates = self.templates
        let reloadScript = self.reloadScript
        return try await withThrowingTaskGroup(of: (Int, [Delivered]).self) { group in
            for worker in 0..<workers {
                let batch = indices[min(count, worker * batchSize)..<min(count, (worker + 1) * batchSize)]
                group.addTask {
                    // PageContext holds non-Sendable template values, so each task makes its own.
                    let context = PageContext(site: site, fragments: fragments)
                    var delivered: [Delivered] = []
                    delivered.reserveCapacity(batch.count)
                    for index in batch {
                        let html = try Self.layout(templates, context.context(forPage: index, reloadScript: reloadScript))
                        delivered.append(try deliver(index, html))
                    }
                    return (worker, delivered)
                }
            }
            var batches = [[Delivered]](repeating: [], count: workers)
            for try await (worker, delivered) in group { batches[worker] = delivered }
            return batches.flatMap { $0 }
        }
    }

    /// The files copied as they are: the templates' `assets/` and the content's non-Markdown files.
    func copiedFiles(_ site: Site) -> [(source: URL, target: String)] {
        let assetsFolder = templatesFolder.appending(path: "assets")
        return ContentInventory.listFiles(under: assetsFolder).map { (assetsFolder.appending(path: $0), "assets/" + $0) }
            + site.files.map { (contentFolder.appending(path: $0), $0) }
    }

    /// The files Galley makes beside the pages: `404.html`, `sitemap.xml` and `feed.xml`.
    func generatedFiles(_ site: Site, fragments: NavigationFragments) throws(Diagnostic) -> [(path: String, text: String)] {
        let context = PageContext(site: site, fragments: fragments)
        let notFoundBody = templates.render("404", context: context.notFoundContext(contentHTML: "", reloadScript: reloadScript))
            ?? "<h1>Page not found</h1>\n<p><a href=\"\(HTML.escapeAttribute(site.address.root))\">Go to the home page</a></p>\n"
        let notFound = try layout(context.notFoundContext(contentHTML: notFoundBody, reloadScript: reloadScript))
        return [
            ("404.html", notFound),
            ("sitemap.xml", SiteFeeds.sitemap(pages: site.pages, readingOrder: site.navigation.readingOrder, address: site.address)),
            ("feed.xml", SiteFeeds.atom(pages: site.pages, config: site.config, address: site.address)),
        ]
    }

    private func layout(_ values: [String: Any]) throws(Diagnostic) -> String {
        try Self.layout(templates, values)
    }

    private static func layout(_ templates: TemplateSet, _ values: [String: Any]) throws(Diagnostic) -> String {
        guard let html = templates.render(TemplateSet.layoutName, context: values) else {
            throw .error(at: nil, "the layout template is missing")
        }
        return html
    }
}
