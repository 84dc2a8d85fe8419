public import Foundation
public import GalleySnippets

/// The whole `galley build`: load the content, parse the templates, write the site.
public struct SiteBuilder: Sendable {
    /// Where things are and what to include.
    public struct Options: Sendable {
        /// The Markdown and `site.yml`.
        public var contentFolder: URL
        /// The site's own Mustache templates and `assets/`, over the built-in theme; `nil`
        /// for the built-in theme alone.
        public var templatesFolder: URL?
        /// Where the site is written.
        public var outputFolder: URL
        /// Overrides the configuration's `base_url`.
        public var baseURL: String?
        /// Include pages marked `draft: true`.
        public var includeDrafts = false
        /// Pages rendered, and snippets compiled or run, at once.
        public var jobs = ProcessInfo.processInfo.activeProcessorCount
        /// Compile and run the snippets; `false` shows each page's expected output instead.
        public var runSnippets = true
        /// Reuse cached snippet results.
        public var readsSnippetCache = true
        /// Overrides `snippets.merge` of `site.yml` when set.
        public var merge: Bool?
        /// Overrides `snippets.sandbox` of `site.yml` when set.
        public var sandbox: Bool?
        /// Told how many snippet programs are done, out of how many.
        public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

        /// Creates options; folders are resolved against the current directory.
        public init(contentFolder: URL, templatesFolder: URL?, outputFolder: URL) {
            self.contentFolder = contentFolder
            self.templatesFolder = templatesFolder
            self.outputFolder = outputFolder
        }
    }

    /// What a build did.
    public struct Report: Sendable {
        /// Pages and files written.
        public var summary: SiteWriter.Summary
        /// Problems that did not stop the build.
        public var warnings: [Diagnostic]
        /// Wall time of the build.
        public var duration: Duration
        /// How the snippet programs were run; `nil` with `--no-run`.
        public var snippetRun: SnippetRunner.Report?
    }

    /// The options of this builder.
    public var options: Options

    /// Creates a builder.
    public init(options: Options) {
        self.options = options
    }

    /// Builds the site.
    ///
    /// - Throws: ``BuildFailure`` with every error found; the output folder is then untouched.
    public func build() async throws(BuildFailure) -> Report {
        let clock = ContinuousClock()
        let start = clock.now
        try checkFolders()
        let theme = Theme(folder: options.templatesFolder, displayFolder: options.templatesFolder.map(displayPath))
        let templates = try TemplateSet(theme: theme)
        var loader = SiteLoader(contentFolder: options.contentFolder, displayContentFolder: displayPath(options.contentFolder))
        loader.excludedFolders = options.templatesFolder.map { [$0] } ?? []
        loader.baseURL = options.baseURL
        loader.includeDrafts = options.includeDrafts
        loader.jobs = options.jobs
        let site: Site
        var snippetRun: SnippetRunner.Report?
        if options.runSnippets {
            var pass = SiteLoader.SnippetPass()
            pass.overrides = .init(jobs: options.jobs, readsCache: options.readsSnippetCache, merge: options.merge, sandbox: options.sandbox)
            pass.progress = options.progress
            let loaded = try await loader.load(runningSnippets: pass)
            (site, snippetRun) = (loaded.site, loaded.run)
        } else {
            site = try await loader.load()
        }
        var writer = SiteWriter(templates: templates, theme: theme, contentFolder: options.contentFolder)
        writer.jobs = options.jobs
        let summary = try await writer.write(site, to: options.outputFolder)
        return Report(summary: summary, warnings: site.warnings, duration: clock.now - start, snippetRun: snippetRun)
    }

    /// Refuses, before any snippet runs, an output folder that a build may not replace: a
    /// link, a file, or a folder that overlaps the sources (the writer checks again).
    private func checkFolders() throws(BuildFailure) {
        do {
            try StagedOutput.check(
                destination: options.outputFolder,
                protecting: [("content", options.contentFolder)] + (options.templatesFolder.map { [("templates", $0)] } ?? [])
            )
        } catch {
            throw BuildFailure([error])
        }
    }

    /// A path relative to the current folder when it is inside it, for short diagnostics.
    func displayPath(_ url: URL) -> String {
        Self.displayPath(url)
    }

    /// A path relative to the current folder when it is inside it, for short diagnostics.
    static func displayPath(_ url: URL) -> String {
        let current = URL(filePath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let path = url.standardizedFileURL.path
        guard current != "/", path.hasPrefix(current + "/") else { return path }
        return String(path.dropFirst(current.count + 1))
    }
}
