public import Foundation
internal import GalleyMarkdown
internal import GalleySnippets

/// A site kept in memory and rebuilt in place as its sources change: the engine of
/// `galley serve`.
///
/// A changed page is parsed and rendered alone. When its title, order, draft flag or headings
/// change what the other pages show (the sidebar, previous/next links, breadcrumbs, anchors
/// that links point to), every page goes through the templates again, still without being
/// parsed again. A template, `site.yml`, or a page or file appearing or disappearing rebuilds
/// everything.
///
/// Snippets are shown from the runner's cache at once; ``runSnippets(progress:)`` then runs
/// the ones whose program is new and re-renders the pages whose output changed.
public struct PreviewSession: Sendable {
    /// Where the sources are and what to include.
    public struct Options: Sendable {
        /// The Markdown, `site.yml` and other files.
        public var contentFolder: URL
        /// The site's own Mustache templates and `assets/`, over the built-in theme; `nil`
        /// for the built-in theme alone.
        public var templatesFolder: URL?
        /// Include pages marked `draft: true`.
        public var includeDrafts = false
        /// Pages rendered, and snippets compiled or run, at once.
        public var jobs = ProcessInfo.processInfo.activeProcessorCount
        /// HTML placed into every page's `{{{dev.reloadScript}}}`.
        public var reloadScript = ""

        /// Creates options.
        public init(contentFolder: URL, templatesFolder: URL?) {
            self.contentFolder = contentFolder.standardizedFileURL
            self.templatesFolder = templatesFolder?.standardizedFileURL
        }

        /// The theme the site is rendered with.
        var theme: Theme {
            Theme(folder: templatesFolder, displayFolder: templatesFolder.map(SiteBuilder.displayPath))
        }
    }

    /// What changed on disk since the last rebuild.
    public struct Changes: Sendable, Hashable {
        /// Rebuild everything, whatever the paths say (a watcher that lost events, for instance).
        public var everything = false
        /// Paths relative to the content folder.
        public var content: Set<String> = []
        /// Paths relative to the templates folder.
        public var templates: Set<String> = []

        /// No change.
        public init() {}

        /// Everything changed.
        public static var all: Changes {
            var changes = Changes()
            changes.everything = true
            return changes
        }

        /// `true` when nothing changed.
        public var isEmpty: Bool { !everything && content.isEmpty && templates.isEmpty }

        /// Both sets of changes.
        public func merging(_ other: Changes) -> Changes {
            var merged = self
            merged.everything = everything || other.everything
            merged.content.formUnion(other.content)
            merged.templates.formUnion(other.templates)
            return merged
        }
    }

    /// What a rebuild did.
    public struct Update: Sendable, Hashable {
        /// How much was rebuilt.
        public enum Scope: Sendable, Hashable {
            /// Nothing had to be rendered.
            case nothing
            /// Only the pages that changed were rendered.
            case pages(Int)
            /// Every page went through the templates again, because navigation changed.
            case navigation(Int)
            /// The site was read and rendered anew.
            case everything(Int)
            /// Snippets ran, and the pages whose output changed were rendered.
            case snippets(Int)
        }

        /// How much was rebuilt.
        public var scope: Scope
        /// Output paths (`guide/callbacks/index.html`) whose bytes changed or are new.
        public var changedFiles: Set<String>
        /// Output paths that no longer exist.
        public var removedFiles: Set<String>
        /// Snippet programs not in the cache, shown with their expected output until they run.
        public var pendingPrograms: Int
        /// Problems that did not stop the build (broken links, for instance).
        public var warnings: [Diagnostic]

        /// `true` when some file of the site changed.
        public var changedSite: Bool { !changedFiles.isEmpty || !removedFiles.isEmpty }
    }

    /// The options of this session.
    public let options: Options
    /// Every file of the site, by its path below the site root (`guide/callbacks/index.html`).
    public private(set) var files: [String: Data] = [:]

    private var state: State?
    /// Results the cache does not keep (timeouts, Galley's own failures), by cache key, so a
    /// preview does not run the same program again on every edit.
    private var volatileRuns: [String: SnippetRunner.Run] = [:]

    /// What the last successful build knew.
    private struct State: Sendable {
        var templates: TemplateSet
        var config: SiteConfiguration
        /// How the snippets run: `site.yml`'s settings, made once per full rebuild.
        var pipeline: SnippetPipeline
        var inventory: ContentInventory
        var renderer: PageRenderer
        /// Every page read, drafts included, by source path.
        var pages: [String: Page]
        var site: Site
        /// The snippet programs of each page that has any.
        var programsByPage: [String: [SnippetProgram]]
        /// The text each page was rendered from, so a page re-rendered with new snippet
        /// results is the page whose snippets ran, not whatever the disk holds by then.
        var sources: [String: String] = [:]

        /// Every program, in page order.
        var programs: [SnippetProgram] { inventory.pages.flatMap { programsByPage[$0] ?? [] } }
    }

    /// Creates a session; nothing is read until the first ``rebuild(_:)``.
    public init(options: Options) {
        self.options = options
    }

    /// Brings the site up to date with `changes`; the first call builds everything.
    ///
    /// - Throws: ``BuildFailure`` with every error found. The session then keeps the last
    ///   good site, and the next rebuild starts from it.
    public mutating func rebuild(_ changes: Changes) async throws(BuildFailure) -> Update {
        guard var state, !changes.everything, !changes.content.contains(SiteLoader.configurationFileName),
            changes.templates.allSatisfy({ $0.hasPrefix("assets/") })
        else {
            return try await rebuildEverything()
        }
        let inventory = try scanContent()
        guard inventory.pages == state.inventory.pages, inventory.files == state.inventory.files else {
            return try await rebuildEverything()
        }

        let changedPages = changes.content.filter { $0.hasSuffix(".md") && state.pages[$0] != nil }.sorted()
        // A folder's `index.md` may change what the blocks of every page below it do.
        if changedPages.contains(where: { $0 == "index.md" || $0.hasSuffix("/index.md") }),
            snippetDefaults(state.config, inventory) != state.renderer.snippetDefaults
        {
            return try await rebuildEverything()
        }
        var navigationChanged = false
        var errors: [Diagnostic] = []
        for path in changedPages {
            do throws(BuildFailure) {
                let page = try await loadPage(path, into: &state)
                if let old = state.pages[path], !Self.showsTheSame(old, page) { navigationChanged = true }
                state.pages[path] = page
            } catch {
                errors += error.diagnostics
            }
        }
        guard errors.isEmpty else { throw BuildFailure(errors) }
        state.site = await makeSite(state)
        var update = Update(
            scope: .nothing, changedFiles: [], removedFiles: [], pendingPrograms: pendingCount(state), warnings: state.site.warnings
        )
        let rendered: [Int]
        if navigationChanged {
            rendered = Array(state.site.pages.indices)
            update.scope = .navigation(rendered.count)
        } else {
            rendered = changedPages.compactMap { state.site.pageIndex(forSourcePath: $0) }
            update.scope = rendered.isEmpty ? .nothing : .pages(rendered.count)
        }
        var next = files
        try await render(state, pages: rendered, into: &next)
        let changedCopies = Set(changes.content.filter { !$0.hasSuffix(".md") }).union(changes.templates)
        update.warnings += copyFiles(state, into: &next) { changedCopies.contains($0) }
        (update.changedFiles, update.removedFiles) = Self.difference(from: files, to: next)
        files = next
        self.state = state
        return update
    }

    /// Snippet programs to run next for the preview: at most `limit` of those whose result is
    /// not known, the programs of `viewed` pages (their routes, `guide/callbacks/`) first, then
    /// in page order; `nil` when every result is known.
    ///
    /// - Parameter editing: Whether the sources are being edited: the work then runs one job
    ///   fewer than ``Options/jobs`` (at least one), so a core stays free for the rebuilds.
    ///
    /// The work runs apart from the session (``SnippetWork/run()``), so edits are rebuilt while
    /// it runs; ``apply(_:)`` then shows its results on whatever the site has become.
    public func pendingWork(viewed: Set<String>, limit: Int, editing: Bool = false) -> SnippetWork? {
        guard let state else { return nil }
        let known = state.renderer.snippetResults ?? SnippetResults()
        let pending = state.programs.filter { program in
            program.snippets.contains { known.result(sourcePath: $0.sourcePath, blockIndex: $0.blockIndex) == nil }
        }
        guard !pending.isEmpty else { return nil }
        let viewedSources = Set(state.pages.values.filter { viewed.contains($0.route) }.map(\.sourcePath))
        let first = pending.filter { viewedSources.contains($0.snippets[0].sourcePath) }
        let rest = pending.filter { !viewedSources.contains($0.snippets[0].sourcePath) }
        var pipeline = state.pipeline
        pipeline.settings.jobs = editing ? max(1, options.jobs - 1) : options.jobs
        pipeline.settings.niceness = 10
        return SnippetWork(programs: Array((first + rest).prefix(max(1, limit))), pipeline: pipeline)
    }

    /// Snippet programs for the preview to run, with the settings to run them under.
    public struct SnippetWork: Sendable {
        /// The programs.
        var programs: [SnippetProgram]
        /// How many programs it runs.
        public var count: Int { programs.count }
        /// How many it compiles and runs at once.
        public var jobs: Int { pipeline.settings.jobs }
        /// How they are compiled and run: as `site.yml` says, at a low priority.
        var pipeline: SnippetPipeline

        /// Runs the programs; their results go to the cache, and to ``apply(_:)``.
        ///
        /// Cancelling the task stops every compiler and program it started.
        public func run() async -> Ran {
            do {
                return Ran(programs: programs, runs: try await pipeline.run(programs).runs, failure: nil)
            } catch {
                return Ran(programs: programs, runs: [], failure: error)
            }
        }
    }

    /// What a ``SnippetWork`` did.
    public struct Ran: Sendable {
        var programs: [SnippetProgram]
        var runs: [SnippetRunner.Run]
        /// The runner could not work at all (no compiler).
        public var failure: BuildFailure?
    }

    /// Shows what a snippet run found on the pages as they are now, and re-renders the pages
    /// whose snippets' results changed; `nil` when nothing changed.
    ///
    /// Results are matched by what each program is (its cache key), not where it was, so an
    /// edit made while the programs ran never shows a result on the wrong block.
    public mutating func apply(_ ran: Ran) async throws(BuildFailure) -> Update? {
        if let failure = ran.failure { throw failure }
        guard var state else { return nil }
        guard let compiler = try? await CompilerIdentities.shared.identity(of: state.pipeline.settings.compiler) else { return nil }
        for (program, run) in zip(ran.programs, ran.runs) {
            // Cached runs are found in the cache; these are the ones it does not keep.
            if case .success(let outcome) = run.result, SnippetRunner.isCacheable(outcome) { continue }
            if case .failure(let failure) = run.result, failure.code == .cancelled { continue }
            volatileRuns[state.pipeline.key(for: program, compiler: compiler)] = run
        }
        let before = state.renderer.snippetResults ?? SnippetResults()
        let results = knownResults(state.programs, pipeline: state.pipeline, compiler: compiler)
        let touched = Set(results.byPage.keys).union(before.byPage.keys).filter { results.byPage[$0] != before.byPage[$0] }
        guard !touched.isEmpty else { return nil }
        state.renderer.snippetResults = results
        var errors: [Diagnostic] = []
        for path in touched.sorted() where state.pages[path] != nil {
            do {
                state.pages[path] = try renderPage(path, source: try source(path, in: state), renderer: state.renderer)
            } catch {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw BuildFailure(errors) }
        state.site = await makeSite(state)
        let rendered = touched.sorted().compactMap { state.site.pageIndex(forSourcePath: $0) }
        var next = files
        try await render(state, pages: rendered, into: &next)
        var update = Update(
            scope: .snippets(rendered.count), changedFiles: [], removedFiles: [], pendingPrograms: pendingCount(state),
            warnings: state.site.warnings
        )
        (update.changedFiles, update.removedFiles) = Self.difference(from: files, to: next)
        files = next
        self.state = state
        return update
    }

    // MARK: Building

    private mutating func rebuildEverything() async throws(BuildFailure) -> Update {
        let templates = try TemplateSet(theme: options.theme)
        let loader = makeLoader()
        let config = try loader.loadConfiguration()
        let inventory = try scanContent()
        let address = SiteAddress(baseURL: loader.baseURL ?? config.baseURL)
        let routes = Dictionary(uniqueKeysWithValues: inventory.pages.map { ($0, Page.route(forSourcePath: $0)) })
        var renderer = PageRenderer(
            options: config.markdown, resolver: LinkResolver(routes: routes, files: Set(inventory.files), root: address.root)
        )
        renderer.snippetResults = SnippetResults()
        renderer.snippetsRunning = true
        renderer.snippetDefaults = snippetDefaults(config, inventory)
        renderer.indexesSearch = config.search
        var state = State(
            templates: templates, config: config,
            pipeline: SnippetPipeline(configuration: config.snippets, contentFolder: options.contentFolder, overrides: pipelineOverrides),
            inventory: inventory, renderer: renderer, pages: [:],
            site: Site(config: config, address: address, pages: [], files: [], warnings: []), programsByPage: [:]
        )
        var errors: [Diagnostic] = []
        for path in inventory.pages {
            do throws(BuildFailure) {
                state.pages[path] = try await loadPage(path, into: &state)
            } catch {
                errors += error.diagnostics
            }
        }
        guard errors.isEmpty else { throw BuildFailure(errors) }
        state.site = await makeSite(state)

        var next: [String: Data] = [:]
        try await render(state, pages: Array(state.site.pages.indices), into: &next)
        let skipped = copyFiles(state, into: &next) { _ in true }
        var update = Update(
            scope: .everything(state.site.pages.count), changedFiles: [], removedFiles: [], pendingPrograms: pendingCount(state),
            warnings: skipped + state.site.warnings
        )
        (update.changedFiles, update.removedFiles) = Self.difference(from: files, to: next)
        files = next
        self.state = state
        return update
    }

    /// Renders the pages at `indices` and the generated files into `files`.
    ///
    /// - Throws: ``BuildFailure`` first of all when two sources would share a path, as in
    ///   `galley build`; a theme asset can bring a clash without the content changing.
    private func render(_ state: State, pages indices: [Int], into files: inout [String: Data]) async throws(BuildFailure) {
        let writer = writer(state)
        let site = state.site
        let copies = writer.copiedFiles(site)
        let search = SiteWriter.searchFiles(site)
        try writer.checkOutputPaths(site, copies: copies, searchPaths: search.map(\.path))
        let fragments = NavigationFragments(site: site, templates: state.templates)
        do {
            let rendered = try await writer.renderPages(site, indices: indices, fragments: fragments) { index, html in
                (site.pages[index].outputPath, Data(html.utf8))
            }
            for (path, data) in rendered { files[path] = data }
            for (path, text) in try writer.generatedFiles(site, fragments: fragments) { files[path] = Data(text.utf8) }
            for file in search { files[file.path] = Data(file.contents) }
        } catch let diagnostic as Diagnostic {
            throw BuildFailure([diagnostic])
        } catch {
            throw BuildFailure([.error(at: nil, "\(error)")])
        }
        // Pages that left the site (a page that became a draft) leave the files too.
        let wanted = Set(site.pages.map(\.outputPath)).union(SiteWriter.generatedPaths.map(\.path)).union(copies.map(\.target))
            .union(search.map(\.path))
        for path in files.keys where !wanted.contains(path) { files[path] = nil }
    }

    /// Reads the files copied as they are into `files`: those `needsReading` names and those
    /// not read yet. Returns a warning for each file that cannot be served.
    private func copyFiles(_ state: State, into files: inout [String: Data], needsReading: (String) -> Bool) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        for copy in writer(state).copiedFiles(state.site) where files[copy.target] == nil || needsReading(copy.target) {
            do {
                switch copy.source {
                case .builtIn(let path):
                    files[copy.target] = Theme.builtInContents(path)
                case .file(let url):
                    // The folder the file must stay inside: no two copies share a target (see `render`).
                    let templates = options.templatesFolder.flatMap { url.path.hasPrefix($0.path + "/") ? $0 : nil }
                    files[copy.target] = try Self.read(url, within: templates ?? options.contentFolder)
                }
            } catch {
                files[copy.target] = nil
                warnings.append(error)
            }
        }
        return warnings
    }

    private func writer(_ state: State) -> SiteWriter {
        var writer = SiteWriter(templates: state.templates, theme: options.theme, contentFolder: options.contentFolder)
        writer.jobs = options.jobs
        writer.reloadScript = options.reloadScript
        return writer
    }

    /// The command line's part of the snippet settings: only `--jobs`.
    private var pipelineOverrides: SnippetPipeline.Overrides {
        var overrides = SnippetPipeline.Overrides()
        overrides.jobs = options.jobs
        return overrides
    }

    private func makeLoader() -> SiteLoader {
        var loader = SiteLoader(contentFolder: options.contentFolder, displayContentFolder: SiteBuilder.displayPath(options.contentFolder))
        loader.excludedFolders = foldersInsideContentToSkip
        // Served from the root of its own host, whatever `base_url` says.
        loader.baseURL = "/"
        loader.includeDrafts = options.includeDrafts
        loader.jobs = options.jobs
        return loader
    }

    private func makeSite(_ state: State) async -> Site {
        let pages = state.inventory.pages.compactMap { state.pages[$0] }.filter { options.includeDrafts || !$0.frontMatter.draft }
        return Site(
            config: state.config, address: state.site.address, pages: pages, files: state.inventory.files,
            warnings: state.inventory.warnings(displayFolder: SiteBuilder.displayPath(options.contentFolder))
                + (await LinkChecker(pages: pages).check(jobs: options.jobs))
        )
    }

    private func snippetDefaults(_ config: SiteConfiguration, _ inventory: ContentInventory) -> SnippetDefaults {
        SnippetDefaults.read(site: config.snippets.defaultMode, pages: inventory.pages) { path in try? readSource(path) }
    }

    /// The templates folder, left out of the content when it lies inside it.
    private var foldersInsideContentToSkip: [URL] { options.templatesFolder.map { [$0] } ?? [] }

    private func scanContent() throws(BuildFailure) -> ContentInventory {
        do {
            return try ContentInventory.scan(
                options.contentFolder, excluding: [SiteLoader.configurationFileName], excludingFolders: foldersInsideContentToSkip
            )
        } catch {
            throw BuildFailure([error])
        }
    }

    /// Reads a page, finds its snippets, shows what the cache already knows of them (the
    /// others show their expected output), and renders it from that one parse.
    private func loadPage(_ path: String, into state: inout State) async throws(BuildFailure) -> Page {
        let parsed: ParsedPage
        let source: String
        do {
            source = try readSource(path)
            parsed = try state.renderer.parse(sourcePath: path, displayPath: displayPath(path), source: source)
        } catch {
            throw BuildFailure([error])
        }
        let planned = parsed.programs()
        let errors = parsed.fenceErrors + planned.errors
        guard errors.isEmpty else { throw BuildFailure(errors) }
        state.programsByPage[path] = planned.programs.isEmpty ? nil : planned.programs
        state.sources[path] = source
        var known: [Int: SnippetResult]?
        if !planned.programs.isEmpty, let compiler = try? await CompilerIdentities.shared.identity(of: state.pipeline.settings.compiler) {
            known = knownResults(planned.programs, pipeline: state.pipeline, compiler: compiler).byPage[path]
        }
        state.renderer.snippetResults?.byPage[path] = known
        return state.renderer.render(parsed, results: known ?? [:])
    }

    private func renderPage(_ path: String, source: String, renderer: PageRenderer) throws(Diagnostic) -> Page {
        try renderer.render(sourcePath: path, displayPath: displayPath(path), source: source)
    }

    private func readSource(_ path: String) throws(Diagnostic) -> String {
        try PageFile.read(options.contentFolder.appending(path: path), displayPath: displayPath(path)).text
    }

    private func displayPath(_ path: String) -> String {
        SiteBuilder.displayPath(options.contentFolder).trimmingTrailingSlashes() + "/" + path
    }

    /// `true` when the other pages show `new` exactly as they showed `old`.
    private static func showsTheSame(_ old: Page, _ new: Page) -> Bool {
        old.title == new.title && old.frontMatter.order == new.frontMatter.order && old.frontMatter.draft == new.frontMatter.draft
            && old.headings == new.headings
    }

    // MARK: Snippets

    /// The results the cache, or an earlier run of this preview, already holds; the other
    /// blocks show their expected output.
    private func knownResults(_ programs: [SnippetProgram], pipeline: SnippetPipeline, compiler: CompilerIdentity) -> SnippetResults {
        guard !programs.isEmpty else { return SnippetResults() }
        let cached = pipeline.cachedRuns(programs, compiler: compiler)
        let runs = zip(programs, cached).map { program, run in
            run ?? volatileRuns[pipeline.key(for: program, compiler: compiler)]
        }
        return SnippetResults(programs: programs, knownRuns: runs)
    }

    /// The text page `path` was last rendered from, or the disk's when it has none yet.
    private func source(_ path: String, in state: State) throws(Diagnostic) -> String {
        if let source = state.sources[path] { return source }
        return try readSource(path)
    }

    private func pendingCount(_ state: State) -> Int {
        let known = state.renderer.snippetResults ?? SnippetResults()
        return state.programs.filter { program in
            program.snippets.contains { known.result(sourcePath: $0.sourcePath, blockIndex: $0.blockIndex) == nil }
        }.count
    }

    // MARK: Files

    /// Reads a file to copy, refusing one that resolves outside `root` (a symbolic link to
    /// elsewhere on the machine), which a preview server must never hand out.
    private static func read(_ source: URL, within root: URL) throws(Diagnostic) -> Data {
        let resolved = source.resolvingSymlinksInPath().standardizedFileURL.path
        let resolvedRoot = root.resolvingSymlinksInPath().standardizedFileURL.path
        guard resolved.hasPrefix(resolvedRoot + "/") else {
            throw .warning(at: nil, "`\(source.path)` points outside `\(root.path)`; it is not served")
        }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw .warning(at: nil, "cannot read `\(source.path)`; it is not served")
        }
        return data
    }

    private static func difference(from old: [String: Data], to new: [String: Data]) -> (changed: Set<String>, removed: Set<String>) {
        let changed = Set(new.compactMap { path, data in old[path] == data ? nil : path })
        let removed = Set(old.keys.filter { new[$0] == nil })
        return (changed, removed)
    }
}

/// `swiftc --version` asked once per compiler for the whole process: previews rebuild often,
/// and the answer only changes when the toolchain does.
actor CompilerIdentities {
    static let shared = CompilerIdentities()
    private var identities: [String: CompilerIdentity] = [:]

    func identity(of compiler: String) async throws(SnippetRunnerError) -> CompilerIdentity {
        if let known = identities[compiler] { return known }
        let identity = try await SnippetRunner.compilerIdentity(compiler)
        identities[compiler] = identity
        return identity
    }
}
