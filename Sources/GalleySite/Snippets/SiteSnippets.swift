public import Foundation
public import GalleySnippets
internal import GalleyMarkdown

/// The snippets of every page of a site, and the programs they make.
public struct SiteSnippets: Sendable {
    /// One page's snippets.
    public struct PageSnippets: Sendable {
        /// The page's path relative to the content folder.
        public var sourcePath: String
        /// The page's path as diagnostics print it.
        public var displayPath: String
        /// The page's text as read, without a byte-order mark, for `galley bless`.
        public var source: String
        /// Whether the file starts with a byte-order mark, which `galley bless` keeps.
        public var hasByteOrderMark: Bool
        /// How many lines at the top of the page are front matter.
        public var frontMatterLines: Int
        /// The Swift blocks, in page order.
        public var snippets: [Snippet]
    }

    /// Pages that hold at least one snippet, sorted by path.
    public var pages: [PageSnippets]
    /// The programs to compile, in page order.
    public var programs: [SnippetProgram]
    /// Every page read, with or without snippets, by the path diagnostics print, sorted.
    public var pagePaths: [String] = []
    /// The site's `site.yml`, read once with the pages.
    public var configuration = SiteConfiguration()

    /// Reads every page of `contentFolder` and finds its snippets in cmark's AST.
    ///
    /// - Throws: ``BuildFailure`` with every malformed fence (unknown attribute, bad value) and
    ///   unreadable page, each at its location.
    public static func collect(contentFolder: URL, displayContentFolder: String? = nil) throws(BuildFailure) -> SiteSnippets {
        let displayFolder = (displayContentFolder ?? contentFolder.path).trimmingTrailingSlashes()
        let inventory: ContentInventory
        do {
            inventory = try ContentInventory.scan(contentFolder, excluding: [SiteLoader.configurationFileName])
        } catch {
            throw BuildFailure([error])
        }
        var loader = SiteLoader(contentFolder: contentFolder, displayContentFolder: displayFolder)
        loader.includeDrafts = true
        let configuration = try loader.loadConfiguration()
        let options = configuration.markdown
        let defaults = SnippetDefaults.read(site: configuration.snippets.defaultMode, pages: inventory.pages) { path in
            try? PageFile.read(contentFolder.appending(path: path), displayPath: path).text
        }
        var pages: [PageSnippets] = []
        var programs: [SnippetProgram] = []
        var errors: [Diagnostic] = []
        for path in inventory.pages {
            let displayPath = displayFolder + "/" + path
            let file: PageFile
            do {
                file = try PageFile.read(contentFolder.appending(path: path), displayPath: displayPath)
            } catch {
                errors.append(error)
                continue
            }
            var scanned = scan(sourcePath: path, displayPath: displayPath, source: file.text, options: options, defaults: defaults)
            scanned.page?.hasByteOrderMark = file.hasByteOrderMark
            errors += scanned.errors
            if let page = scanned.page { pages.append(page) }
            programs += scanned.programs
        }
        guard errors.isEmpty else { throw BuildFailure(errors.sorted { ($0.location ?? .init(path: "", line: 0)) < ($1.location ?? .init(path: "", line: 0)) }) }
        return SiteSnippets(
            pages: pages, programs: programs, pagePaths: inventory.pages.map { displayFolder + "/" + $0 },
            configuration: configuration
        )
    }

    /// One page's snippets and programs, found in cmark's AST, and the errors of its fences.
    static func scan(
        sourcePath path: String, displayPath: String, source: String, options: MarkdownOptions, defaults: SnippetDefaults
    ) -> (page: PageSnippets?, programs: [SnippetProgram], errors: [Diagnostic]) {
        let parsed: ParsedPage
        do {
            parsed = try ParsedPage(
                sourcePath: path, displayPath: displayPath, source: source, options: options, defaults: defaults, convertingTables: false
            )
        } catch {
            return (nil, [], [error])
        }
        return scan(parsed, source: source)
    }

    /// The snippets and programs of a page already parsed, and the errors of its fences.
    static func scan(_ parsed: ParsedPage, source: String) -> (page: PageSnippets?, programs: [SnippetProgram], errors: [Diagnostic]) {
        let planned = parsed.programs()
        let errors = parsed.fenceErrors + planned.errors
        guard !parsed.snippets.isEmpty else { return (nil, [], errors) }
        let page = PageSnippets(
            sourcePath: parsed.sourcePath, displayPath: parsed.displayPath, source: source, hasByteOrderMark: false,
            frontMatterLines: parsed.frontMatterLines, snippets: parsed.snippets
        )
        return (page, planned.programs, errors)
    }
}

/// Every snippet's result, by page and code block.
public struct SnippetResults: Sendable {
    /// Results by the page's source path, then by the block's index among the page's code blocks.
    public var byPage: [String: [Int: SnippetResult]] = [:]

    /// No results.
    public init() {}

    /// The results of `programs`, split among their blocks.
    public init(programs: [SnippetProgram], runs: [SnippetRunner.Run]) {
        self.init(programs: programs, knownRuns: runs.map(Optional.some))
    }

    /// The results of the programs whose run is known; blocks of the others have none.
    public init(programs: [SnippetProgram], knownRuns runs: [SnippetRunner.Run?]) {
        for (program, run) in zip(programs, runs) {
            guard let run else { continue }
            let results =
                switch run.result {
                case .success(let outcome): program.results(from: outcome, cached: run.cached)
                case .failure(let failure): program.results(from: failure)
                }
            for (snippet, result) in zip(program.snippets, results) where program.reportedSnippets.contains(snippet) {
                byPage[snippet.sourcePath, default: [:]][snippet.blockIndex] = result
            }
        }
    }

    /// The result of the block at `blockIndex` of the page at `sourcePath`.
    public func result(sourcePath: String, blockIndex: Int) -> SnippetResult? {
        byPage[sourcePath]?[blockIndex]
    }
}

extension Diagnostic {
    /// The diagnostic of a snippet written wrongly.
    init(_ error: SnippetSyntaxError) {
        self.init(.error, at: SourceLocation(path: error.location.path, line: error.location.line, column: error.column), error.message)
    }
}

extension SnippetSandbox {
    /// A sandbox that hides the site: the content folder and the folder that holds it, where
    /// the templates, the output and `.galley/` usually are too.
    static func hiding(_ contentFolder: URL) -> SnippetSandbox {
        let content = contentFolder.standardizedFileURL
        return SnippetSandbox(hiddenFolders: [content, content.deletingLastPathComponent()])
    }
}

extension RunnerSettings {
    /// The runner's settings from `site.yml`, keeping caches in the site's `.galley/` (see
    /// ``stateFolder(forContent:)``).
    public init(configuration: SiteConfiguration.SnippetSettings, contentFolder: URL) {
        self.init(stateFolder: Self.stateFolder(forContent: contentFolder))
        compilerFlags = configuration.swiftcFlags
        defaultTimeout = configuration.timeout
        outputLimit = configuration.outputLimit
        memoryLimitMiB = configuration.memoryLimitMiB
        compileTimeout = configuration.compileTimeout
        merge = configuration.merge
        sandbox = configuration.sandbox ? SnippetSandbox.hiding(contentFolder) : nil
    }

    /// The `.galley/` folder of the site whose pages are in `contentFolder`: beside it, as
    /// `content/` and `.galley/` sit side by side in a site, or inside it when it is the folder
    /// Galley runs in (a bare folder of pages built in place, whose parent is no part of the
    /// site; the folder's listing skips hidden entries, so the caches are never read as pages).
    public static func stateFolder(forContent contentFolder: URL) -> URL {
        let current = FolderListing.resolvingLinks(URL(filePath: FileManager.default.currentDirectoryPath)).path
        let content = FolderListing.resolvingLinks(contentFolder)
        let site = content.path == current ? content : contentFolder.standardizedFileURL.deletingLastPathComponent()
        return site.appending(path: ".galley", directoryHint: .isDirectory)
    }
}
