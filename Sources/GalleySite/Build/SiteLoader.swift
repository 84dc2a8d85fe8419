public import Foundation
internal import GalleyMarkdown
internal import GalleySnippets

/// Reads a content folder into a ``Site``: configuration, every page rendered in parallel,
/// and the link check across pages.
public struct SiteLoader: Sendable {
    /// The folder that holds the Markdown and `site.yml`.
    public var contentFolder: URL
    /// How diagnostics name the content folder (`content`).
    public var displayContentFolder: String
    /// Overrides `base_url` of `site.yml` when set.
    public var baseURL: String?
    /// Whether pages marked `draft: true` are part of the site.
    public var includeDrafts = false
    /// How many pages render at once.
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// What the snippets printed, shown on their pages; `nil` shows each page's expected output.
    public var snippetResults: SnippetResults?
    /// The text of pages already read (by path in the content folder), so a page whose
    /// snippets ran is rendered from the text they were found in; other pages are read.
    public var sources: [String: String] = [:]

    /// The name of the configuration file in the content folder.
    public static let configurationFileName = "site.yml"

    /// Creates a loader for `contentFolder`.
    public init(contentFolder: URL, displayContentFolder: String? = nil) {
        self.contentFolder = contentFolder
        self.displayContentFolder = displayContentFolder ?? contentFolder.path
    }

    /// Reads and renders the site.
    ///
    /// - Throws: ``BuildFailure`` with every error found (bad configuration, front matter),
    ///   each at its location; nothing is written by loading.
    public func load() async throws(BuildFailure) -> Site {
        let config = try loadConfiguration()
        let inventory: ContentInventory
        do {
            inventory = try ContentInventory.scan(contentFolder, excluding: [Self.configurationFileName])
        } catch {
            throw BuildFailure([error])
        }
        let address = SiteAddress(baseURL: baseURL ?? config.baseURL)
        let routes = Dictionary(uniqueKeysWithValues: inventory.pages.map { ($0, Page.route(forSourcePath: $0)) })
        var renderer = PageRenderer(
            options: config.markdown,
            resolver: LinkResolver(routes: routes, files: Set(inventory.files), root: address.root),
            snippetResults: snippetResults
        )
        renderer.indexesSearch = config.search
        let known = sources
        renderer.snippetDefaults = SnippetDefaults.read(site: config.snippets.defaultMode, pages: inventory.pages) { [contentFolder] path in
            known[path] ?? (try? PageFile.read(contentFolder.appending(path: path), displayPath: path).text)
        }
        let results = await renderPages(inventory.pages, renderer: renderer)

        var pages: [Page] = []
        var errors: [Diagnostic] = []
        for result in results {
            switch result {
            case .success(let page): if includeDrafts || !page.frontMatter.draft { pages.append(page) }
            case .failure(let diagnostic): errors.append(diagnostic)
            }
        }
        guard errors.isEmpty else { throw BuildFailure(errors) }
        let warnings = await LinkChecker(pages: pages).check(jobs: jobs)
        let folderWarnings = inventory.warnings(displayFolder: displayContentFolder)
        return Site(config: config, address: address, pages: pages, files: inventory.files, warnings: folderWarnings + warnings)
    }

    /// Reads `site.yml`, or the defaults when there is none.
    public func loadConfiguration() throws(BuildFailure) -> SiteConfiguration {
        let url = contentFolder.appending(path: Self.configurationFileName)
        let displayPath = displayContentFolder.trimmingTrailingSlashes() + "/" + Self.configurationFileName
        guard FileManager.default.fileExists(atPath: url.path) else { return SiteConfiguration() }
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw BuildFailure([.error(at: SourceLocation(path: displayPath, line: 1), "cannot read the site configuration as UTF-8 text")])
        }
        do {
            return try SiteConfiguration(yaml: text, path: displayPath)
        } catch {
            throw BuildFailure([error])
        }
    }

    /// How many pages a rendering task takes at a time.
    static let batchSize = 16

    /// Renders pages on `jobs` tasks at a time, in small batches, results in input order.
    ///
    /// A new batch starts whenever one ends, rather than each task taking an equal share at
    /// the start: pages differ in cost and a core may be busy with other work, and equal
    /// shares leave the other cores idle while the slowest share finishes.
    private func renderPages(_ paths: [String], renderer: PageRenderer) async -> [Result<Page, Diagnostic>] {
        let folder = contentFolder
        let known = sources
        let displayFolder = displayContentFolder.trimmingTrailingSlashes()
        let batches = stride(from: 0, to: paths.count, by: Self.batchSize).map { paths[$0..<min($0 + Self.batchSize, paths.count)] }
        return await withTaskGroup(of: (Int, [Result<Page, Diagnostic>]).self) { group in
            func render(batch index: Int) {
                let batch = batches[index]
                group.addTask {
                    let rendered = batch.map { path -> Result<Page, Diagnostic> in
                        let displayPath = displayFolder + "/" + path
                        return Result { () throws(Diagnostic) in
                            let source: String
                            if let text = known[path] {
                                source = text
                            } else {
                                source = try PageFile.read(folder.appending(path: path), displayPath: displayPath).text
                            }
                            return try renderer.render(sourcePath: path, displayPath: displayPath, source: source)
                        }
                    }
                    return (index, rendered)
                }
            }
            var next = min(max(1, jobs), batches.count)
            for index in 0..<next { render(batch: index) }
            var rendered = [[Result<Page, Diagnostic>]](repeating: [], count: batches.count)
            for await (index, results) in group {
                rendered[index] = results
                if next < batches.count {
                    render(batch: next)
                    next += 1
                }
            }
            return rendered.flatMap { $0 }
        }
    }
}
