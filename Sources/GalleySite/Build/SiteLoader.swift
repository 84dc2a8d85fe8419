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

    /// Make each page's HTML; `false` reads the pages for their links, headings and warnings
    /// alone, as `galley check` does.
    var makesHTML = true
    /// Folders inside the content folder that are no part of it (the templates of a bare
    /// folder of pages built in place).
    public var excludedFolders: [URL] = []

    /// The name of the configuration file in the content folder.
    public static let configurationFileName = "site.yml"

    /// Creates a loader for `contentFolder`.
    public init(contentFolder: URL, displayContentFolder: String? = nil) {
        self.contentFolder = contentFolder
        self.displayContentFolder = displayContentFolder ?? contentFolder.path
    }

    /// Reads and renders the site, each snippet showing its expected output.
    ///
    /// - Throws: ``BuildFailure`` with every error found (bad configuration, front matter),
    ///   each at its location; nothing is written by loading.
    public func load() async throws(BuildFailure) -> Site {
        try await load(pass: nil).site
    }

    /// How a load runs the snippets of the pages it reads.
    struct SnippetPass: Sendable {
        /// What the command line changes in `site.yml`'s snippet settings.
        var overrides = SnippetPipeline.Overrides()
        /// Told how many programs are done, out of how many.
        var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
        /// Which programs run (a shard, a filter); the others get no result.
        var selects: @Sendable (SnippetProgram) -> Bool = { _ in true }
        /// Fail when Galley could not run some program, as a build must; `false` leaves it in
        /// the runs for the caller to report, as a check does.
        var requiresEveryRun = true
    }

    /// What a load with a ``SnippetPass`` read and ran.
    struct Loaded: Sendable {
        var site: Site
        /// How the programs ran.
        var run: SnippetRunner.Report
        /// Every page's snippets and programs, from the parse the pages were rendered from.
        var snippets: SiteSnippets
    }

    /// Reads and renders the site; with a snippet pass, runs the snippets of every page first,
    /// through the ``SnippetPipeline`` of `site.yml` and the pass's overrides.
    ///
    /// Each page is read and parsed once: its programs go to the pipeline together with those
    /// of every other page (drafts included, as `galley check` runs them), and the page is
    /// rendered from that same parse with what its own programs printed.
    ///
    /// - Throws: ``BuildFailure`` with every error of the pages (nothing runs then), or the
    ///   pipeline's when Galley could not run the programs.
    func load(runningSnippets pass: SnippetPass) async throws(BuildFailure) -> Loaded {
        let loaded = try await load(pass: pass)
        guard let ran = loaded.ran else { preconditionFailure("a load with a snippet pass always reports its run") }
        return Loaded(site: loaded.site, run: ran.run, snippets: ran.snippets)
    }

    /// The site, and with a pass how its programs ran and its snippets.
    private func load(pass: SnippetPass?) async throws(BuildFailure) -> (site: Site, ran: (run: SnippetRunner.Report, snippets: SiteSnippets)?) {
        let config = try loadConfiguration()
        let inventory: ContentInventory
        do {
            inventory = try ContentInventory.scan(contentFolder, excluding: [Self.configurationFileName], excludingFolders: excludedFolders)
        } catch {
            throw BuildFailure([error])
        }
        let address = SiteAddress(baseURL: baseURL ?? config.baseURL)
        let routes = Dictionary(uniqueKeysWithValues: inventory.pages.map { ($0, Page.route(forSourcePath: $0)) })
        var renderer = PageRenderer(
            options: config.markdown,
            resolver: LinkResolver(routes: routes, files: Set(inventory.files), root: address.root),
            snippetResults: pass == nil ? nil : SnippetResults()
        )
        renderer.indexesSearch = config.search
        renderer.makesHTML = makesHTML
        renderer.snippetDefaults = SnippetDefaults.read(site: config.snippets.defaultMode, pages: inventory.pages) { [contentFolder] path in
            try? PageFile.read(contentFolder.appending(path: path), displayPath: path).text
        }
        var barrier: ProgramBarrier?
        let pipeline = pass.map { SnippetPipeline(configuration: config.snippets, contentFolder: contentFolder, overrides: $0.overrides) }
        if let pass, let pipeline {
            barrier = ProgramBarrier(participants: Self.batches(of: inventory.pages).count) { programs throws(BuildFailure) in
                let selected = programs.filter(pass.selects)
                let report =
                    pass.requiresEveryRun
                    ? try await pipeline.runRequiringAll(selected, progress: pass.progress)
                    : try await pipeline.run(selected, progress: pass.progress)
                var runs = report.runs.makeIterator()
                return (report, programs.map { pass.selects($0) ? runs.next() : nil })
            }
        }
        let batches = await renderPages(inventory.pages, renderer: renderer, barrier: barrier)

        var pages: [Page] = []
        var errors: [Diagnostic] = []
        for result in batches.flatMap(\.pages) {
            switch result {
            case .success(let page): if includeDrafts || !page.frontMatter.draft { pages.append(page) }
            case .failure(let failure):
                // Galley's own failure is the whole load's, told once rather than by every batch.
                if failure.cause == .galley { throw failure }
                errors += failure.diagnostics
            }
        }
        guard errors.isEmpty else { throw BuildFailure(errors) }
        let warnings = await LinkChecker(pages: pages).check(jobs: jobs)
        let folderWarnings = inventory.warnings(displayFolder: displayContentFolder)
        let site = Site(config: config, address: address, pages: pages, files: inventory.files, warnings: folderWarnings + warnings)
        guard let barrier, let pipeline else { return (site, nil) }
        let displayFolder = displayContentFolder.trimmingTrailingSlashes()
        let snippets = SiteSnippets(
            pages: batches.flatMap(\.snippets), programs: batches.flatMap(\.programs),
            pagePaths: inventory.pages.map { displayFolder + "/" + $0 }, configuration: config
        )
        // With no page, no task reached the barrier: the report is that of running nothing.
        let run: SnippetRunner.Report
        if let report = await barrier.report { run = report } else { run = try await pipeline.run([]) }
        return (site, (run, snippets))
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

    /// The pages in the groups a rendering task takes at a time.
    static func batches(of paths: [String]) -> [ArraySlice<String>] {
        stride(from: 0, to: paths.count, by: batchSize).map { paths[$0..<min($0 + batchSize, paths.count)] }
    }

    /// What one rendering task did with its pages.
    private struct RenderedBatch: Sendable {
        var pages: [Result<Page, BuildFailure>] = []
        /// The pages that hold snippets, with those snippets.
        var snippets: [SiteSnippets.PageSnippets] = []
        /// The programs of the batch's pages, in page order.
        var programs: [SnippetProgram] = []
    }

    /// Renders pages on `jobs` tasks at a time, in small batches, results in input order.
    ///
    /// A new batch starts whenever one ends, rather than each task taking an equal share at
    /// the start: pages differ in cost and a core may be busy with other work, and equal
    /// shares leave the other cores idle while the slowest share finishes. With a `barrier`,
    /// every batch starts at once instead, since each waits there for the programs of all
    /// the others to run before it renders; only the parsing competes for the cores.
    private func renderPages(_ paths: [String], renderer: PageRenderer, barrier: ProgramBarrier?) async -> [RenderedBatch] {
        let folder = contentFolder
        let displayFolder = displayContentFolder.trimmingTrailingSlashes()
        let batches = Self.batches(of: paths)
        return await withTaskGroup(of: (Int, RenderedBatch).self) { group in
            func render(batch index: Int) {
                let batch = batches[index]
                group.addTask {
                    var done = RenderedBatch()
                    var parsed: [Result<ParsedPage, BuildFailure>] = []
                    var programsByPage: [[SnippetProgram]] = []
                    for path in batch {
                        let displayPath = displayFolder + "/" + path
                        do throws(Diagnostic) {
                            let file = try PageFile.read(folder.appending(path: path), displayPath: displayPath)
                            let page = try renderer.parse(sourcePath: path, displayPath: displayPath, source: file.text)
                            guard barrier != nil else {
                                // Without snippets running, a page fails on its first bad fence alone,
                                // and is rendered at once, while its tree is still in the cache.
                                if let error = page.fenceErrors.first { throw error }
                                done.pages.append(.success(renderer.render(page, results: [:])))
                                continue
                            }
                            var scanned = SiteSnippets.scan(page, source: file.text)
                            scanned.page?.hasByteOrderMark = file.hasByteOrderMark
                            parsed.append(scanned.errors.isEmpty ? .success(page) : .failure(BuildFailure(scanned.errors)))
                            programsByPage.append(scanned.errors.isEmpty ? scanned.programs : [])
                            if let snippets = scanned.page { done.snippets.append(snippets) }
                        } catch {
                            guard barrier != nil else {
                                done.pages.append(.failure(BuildFailure([error])))
                                continue
                            }
                            parsed.append(.failure(BuildFailure([error])))
                            programsByPage.append([])
                        }
                    }
                    done.programs = programsByPage.flatMap { $0 }
                    var runsByPage: [[SnippetRunner.Run?]?] = Array(repeating: nil, count: batch.count)
                    if let barrier {
                        let hasErrors = parsed.contains { if case .failure = $0 { true } else { false } }
                        switch await barrier.submit(task: index, programs: done.programs, hasErrors: hasErrors) {
                        case .ran(let runs):
                            var start = 0
                            for (page, programs) in programsByPage.enumerated() {
                                runsByPage[page] = Array(runs[start..<start + programs.count])
                                start += programs.count
                            }
                        case .pageErrors:
                            done.pages = parsed.compactMap { if case .failure(let failure) = $0 { .failure(failure) } else { nil } }
                            return (index, done)
                        case .failed(let failure):
                            done.pages = [.failure(failure)]
                            return (index, done)
                        }
                    }
                    for (page, result) in parsed.enumerated() {
                        switch result {
                        case .failure(let failure): done.pages.append(.failure(failure))
                        case .success(let parsedPage):
                            // The page's own programs, joined to the blocks of the parse they came from.
                            let results = runsByPage[page].map {
                                SnippetResults(programs: programsByPage[page], knownRuns: $0).byPage[parsedPage.sourcePath] ?? [:]
                            }
                            done.pages.append(.success(renderer.render(parsedPage, results: results ?? [:])))
                        }
                    }
                    return (index, done)
                }
            }
            var next = barrier == nil ? min(max(1, jobs), batches.count) : batches.count
            for index in 0..<next { render(batch: index) }
            var rendered = [RenderedBatch](repeating: RenderedBatch(), count: batches.count)
            for await (index, batch) in group {
                rendered[index] = batch
                if next < batches.count {
                    render(batch: next)
                    next += 1
                }
            }
            return rendered
        }
    }
}
