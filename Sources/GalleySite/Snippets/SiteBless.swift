public import Foundation
public import GalleySnippets
internal import GalleyMarkdown

/// `galley bless`: writes what each snippet printed into its page's `output` block.
public struct SiteBless: Sendable {
    /// The Markdown and `site.yml`.
    public var contentFolder: URL
    /// Programs compiled or run at once.
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// Reuse cached results.
    public var readsCache = true
    /// Only pages whose path contains this text.
    public var filter: String?
    /// Overrides `snippets.merge` of `site.yml` when set.
    public var merge: Bool?
    /// Told how many programs are done, out of how many.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

    /// What blessing did.
    public struct Report: Sendable {
        /// Output blocks written, by snippet.
        public var updated: [SnippetLocation]
        /// Snippets left alone because their run went wrong, and why.
        public var refused: [Diagnostic]
        /// Pages rewritten.
        public var pagesWritten: [String]
    }

    /// Creates a bless of the site in `contentFolder`.
    public init(contentFolder: URL) {
        self.contentFolder = contentFolder
    }

    /// Runs the snippets and rewrites the pages whose output changed; each page is written
    /// atomically, and a page whose file changed while the snippets ran is left alone.
    public func run() async throws(BuildFailure) -> Report {
        let displayFolder = SiteBuilder.displayPath(contentFolder)
        let snippets = try SiteSnippets.collect(contentFolder: contentFolder, displayContentFolder: displayFolder)
        let configuration = try SiteLoader(contentFolder: contentFolder, displayContentFolder: displayFolder).loadConfiguration()
        let programs = snippets.programs.filter { filter.map($0.location.path.contains) ?? true }
        let runs = try await SnippetRunner.run(
            programs, configuration: configuration.snippets, contentFolder: contentFolder, jobs: jobs, readsCache: readsCache,
            merge: merge, progress: progress
        ).runs
        let results = SnippetResults(programs: programs, runs: runs)
        // Galley's own failures are not the snippets' doing: they fail the command (status 2).
        let failures = Diagnostic.galleyFailures(of: programs, runs)

        var report = Report(updated: [], refused: [], pagesWritten: [])
        var errors: [Diagnostic] = []
        for page in snippets.pages {
            let pairs = page.snippets.compactMap { snippet in
                results.result(sourcePath: snippet.sourcePath, blockIndex: snippet.blockIndex).map { (snippet, $0) }
            }
            guard !pairs.isEmpty else { continue }
            let source = Array(page.source.utf8)
            let update = Blesser.bless(source: source, frontMatterLines: page.frontMatterLines, results: pairs)
            report.refused += update.refused.map(Diagnostic.init)
            guard update.bytes != source else { continue }
            let bom = page.hasByteOrderMark ? PageFile.byteOrderMark : []
            do throws(SourceFileWriter.Failure) {
                try SourceFileWriter.replace(
                    fileAt: contentFolder.appending(path: page.sourcePath).path, expected: bom + source, with: bom + update.bytes
                )
                report.updated += update.updated
                report.pagesWritten.append(page.displayPath)
            } catch {
                errors.append(.error(at: .init(path: page.displayPath, line: 1), error.message))
            }
        }
        guard errors.isEmpty, failures.isEmpty else { throw BuildFailure(failures + errors) }
        return report
    }
}
