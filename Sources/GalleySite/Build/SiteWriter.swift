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
        let assets = ContentInventory.listFiles(under: templatesFolder.appending(path: "assets"))
        let copies: [(source: URL, target: String)] =
            assets.map { (templatesFolder.appending(path: "assets").appending(path: $0), "assets/" + $0) }
            + site.files.map { (contentFolder.appending(path: $0), $0) }
        try staged.prepare(for: site.pages.map(\.outputPath) + copies.map(\.target) + ["404.html", "sitemap.xml", "feed.xml"])

        let fragments = NavigationFragments(site: site, templates: templates)
        try await renderPages(site, fragments: fragments, into: staged)
        let context = PageContext(site: site, fragments: fragments)

        let notFoundBody = templates.render("404", context: context.notFoundContext(contentHTML: "", reloadScript: reloadScript))
            ?? "<h1>Page not found</h1>\n<p><a href=\"\(HTML.escapeAttribute(site.address.root))\">Go to the home page</a></p>\n"
        let notFound = try layout(context.notFoundContext(contentHTML: notFoundBody, reloadScript: reloadScript))
        try staged.write(notFound, to: "404.html")
        try staged.write(SiteFeeds.sitemap(pages: site.pages, readingOrder: site.navigation.readingOrder, address: site.address), to: "sitemap.xml")
        try staged.write(SiteFeeds.atom(pages: site.pages, config: site.config, address: site.address), to: "feed.xml")
        for copy in copies { try staged.copy(copy.source, to: copy.target) }
        return Summary(pagesWritten: site.pages.count + 1, filesCopied: copies.count)
    }

    private func renderPages(_ site: Site, fragments: NavigationFragments, into staged: StagedOutput) async throws {
        let count = site.pages.count
        let workers = max(1, min(jobs, count))
        let batchSize = (count + workers - 1) / workers
        let templates = self.templates
        let reloadScript = self.reloadScript
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                let range = (worker * batchSize)..<min(count, (worker + 1) * batchSize)
                group.addTask {
                    // PageContext holds non-Sendable template values, so each task makes its own.
                    let context = PageContext(site: site, fragments: fragments)
                    for index in range {
                        let html = try Self.layout(templates, context.context(forPage: index, reloadScript: reloadScript))
                        try staged.write(html, to: site.pages[index].outputPath)
                    }
                }
            }
            try await group.waitForAll()
        }
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
