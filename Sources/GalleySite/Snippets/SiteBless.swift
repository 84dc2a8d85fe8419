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
    /// Overrides `snippets.sandbox` of `site.yml` when set.
    public var sandbox: Bool?
    /// Only snippets whose check fails: no output block is added to one that has none.
    public var failingOnly = false
    /// Only the snippet at this place: its page as diagnostics print it and a line of its block.
    public var only: SnippetLocation?
    /// Run each program about to be written twice, side by side, and refuse output that
    /// differs between the runs.
    public var checksStability = true
    /// Change nothing: the report's ``Report/diffs`` say what would be written.
    public var dryRun = false
    /// Told how many programs are done, out of how many.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

    /// What blessing did.
    public struct Report: Sendable {
        /// Output blocks written, by snippet.
        public var updated: [SnippetLocation]
        /// Snippets left alone because their run went wrong, and why.
        public var refused: [Diagnostic]
        /// Pages rewritten (or, in a dry run, that would be).
        public var pagesWritten: [String]
        /// What each page rewritten (or to be) changes, as a unified diff.
        public var diffs: [String] = []
        /// How the programs were run: `3 programs (2 merged in 1 module, 1 alone)`.
        public var runSummary = ""
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
        let configuration = snippets.configuration
        let pipeline = SnippetPipeline(
            configuration: configuration.snippets, contentFolder: contentFolder,
            overrides: .init(jobs: jobs, readsCache: readsCache, merge: merge, sandbox: sandbox)
        )
        if let only, !snippets.pages.contains(where: { page in page.snippets.contains { Self.place(of: $0, is: only) } }) {
            throw BuildFailure([.error(at: nil, "there is no snippet at `\(only)`; give a page and a line of a ```swift block, as in content/guide/a.md:12")], cause: .usage)
        }
        let programs = snippets.programs.filter { program in
            guard filter.map(program.location.path.contains) ?? true else { return false }
            return only.map { only in program.snippets.contains { Self.place(of: $0, is: only) } } ?? true
        }
        let run = try await pipeline.run(programs, progress: progress)
        let runs = run.runs
        var results = SnippetResults(programs: programs, runs: runs)
        // Galley's own failures are not the snippets' doing: they fail the command (status 2).
        let failures = Diagnostic.galleyFailures(of: programs, runs)
        let filters = configuration.snippets.filters

        var report = Report(updated: [], refused: [], pagesWritten: [], runSummary: run.summary)
        var chosen: [(page: SiteSnippets.PageSnippets, pairs: [(Snippet, SnippetResult)])] = []
        for page in snippets.pages {
            let pairs = page.snippets.compactMap { snippet -> (Snippet, SnippetResult)? in
                guard only.map({ Self.place(of: snippet, is: $0) }) ?? true else { return nil }
                guard let result = results.result(sourcePath: snippet.sourcePath, blockIndex: snippet.blockIndex) else { return nil }
                if failingOnly, SnippetVerdict(snippet: snippet, result: result, filters: filters).kind != .failed { return nil }
                return (snippet, result)
            }
            if !pairs.isEmpty { chosen.append((page, pairs)) }
        }

        if checksStability {
            // What bless would write, run twice more, side by side: output that differs between
            // runs would make the page wrong on the next check.
            let toWrite = Set(chosen.flatMap { page, pairs in
                Blesser.bless(source: Array(page.source.utf8), frontMatterLines: page.frontMatterLines, results: pairs, filters: filters).updated
            })
            let unstable = try await unstableSnippets(
                programs.filter { $0.reportedSnippets.contains { toWrite.contains($0.location) } }, pipeline: pipeline,
                filters: filters, results: &results
            )
            report.refused += unstable
            let refusedPlaces = Set(unstable.compactMap(\.location).map { SnippetLocation(path: $0.path, line: $0.line) })
            chosen = chosen.map { page, pairs in
                (page, pairs.compactMap { snippet, _ in
                    guard !refusedPlaces.contains(snippet.location) else { return nil }
                    return results.result(sourcePath: snippet.sourcePath, blockIndex: snippet.blockIndex).map { (snippet, $0) }
                })
            }
        }

        var errors: [Diagnostic] = []
        for (page, pairs) in chosen where !pairs.isEmpty {
            let source = Array(page.source.utf8)
            let update = Blesser.bless(source: source, frontMatterLines: page.frontMatterLines, results: pairs, filters: filters)
            report.refused += update.refused.map(Diagnostic.init)
            guard update.bytes != source else { continue }
            report.diffs.append(
                LineDiff.unified(
                    expected: page.source, actual: update.text, expectedName: page.displayPath, actualName: page.displayPath + " (blessed)"
                )
            )
            report.updated += update.updated
            report.pagesWritten.append(page.displayPath)
            guard !dryRun else { continue }
            let bom = page.hasByteOrderMark ? PageFile.byteOrderMark : []
            do throws(SourceFileWriter.Failure) {
                try SourceFileWriter.replace(
                    fileAt: contentFolder.appending(path: page.sourcePath).path, expected: bom + source, with: bom + update.bytes
                )
            } catch {
                report.updated.removeAll { update.updated.contains($0) }
                report.pagesWritten.removeLast()
                errors.append(.error(at: .init(path: page.displayPath, line: 1), error.message))
            }
        }
        guard errors.isEmpty, failures.isEmpty else { throw BuildFailure(failures + errors, cause: failures.isEmpty ? .input : .galley) }
        return report
    }

    /// Whether `snippet` is the one `place` names: its page, and a line of its block.
    static func place(of snippet: Snippet, is place: SnippetLocation) -> Bool {
        guard snippet.location.path == place.path || snippet.location.path.hasSuffix("/" + place.path) else { return false }
        return (snippet.location.line...snippet.endLine).contains(place.line)
    }

    /// Runs `programs` twice at once, without the cache, and returns a refusal for each
    /// snippet whose output differs between the runs (after the filters; as a multiset of lines
    /// when it is `unordered`). The first run's results replace those in `results`.
    private func unstableSnippets(
        _ programs: [SnippetProgram], pipeline: SnippetPipeline, filters: OutputFilters, results: inout SnippetResults
    ) async throws(BuildFailure) -> [Diagnostic] {
        guard !programs.isEmpty else { return [] }
        // Both runs are one job list, so they run side by side as far as --jobs allows; each
        // is compiled alone, so the two runs of a program never share a module.
        var alone = pipeline
        alone.settings.readsCache = false
        alone.settings.merge = false
        let twice = try await alone.run(programs + programs, progress: progress).runs
        let first = SnippetResults(programs: programs, runs: Array(twice[..<programs.count]))
        let second = SnippetResults(programs: programs, runs: Array(twice[programs.count...]))
        var refusals: [Diagnostic] = []
        for program in programs {
            for snippet in program.reportedSnippets {
                guard let one = first.result(sourcePath: snippet.sourcePath, blockIndex: snippet.blockIndex),
                    let other = second.result(sourcePath: snippet.sourcePath, blockIndex: snippet.blockIndex)
                else { continue }
                results.byPage[snippet.sourcePath, default: [:]][snippet.blockIndex] = one
                func lines(_ result: SnippetResult, _ filters: OutputFilters) -> [String] {
                    let lines = SnippetVerdict.normalizedLines(filters.apply(result.standardOutput.text))
                    return snippet.attributes.unordered ? lines.sorted() : lines
                }
                let own = filters.adding(fenceOf: snippet)
                guard lines(one, own) != lines(other, own) else { continue }
                let fix = OutputNormalizer.allCases.first { normalizer in
                    let more = own.merging(OutputFilters(normalizers: [normalizer]))
                    return lines(one, more) == lines(other, more)
                }
                let advice =
                    fix.map { "`normalize=\($0.rawValue)` on its fence would make them equal" }
                    ?? (snippet.attributes.unordered
                        ? "make it print the same thing every time"
                        : "make it print the same thing every time, or mark it `unordered` if only the order changes")
                refusals.append(
                    .error(
                        at: SourceLocation(path: snippet.location.path, line: snippet.location.line),
                        "not blessed: its output differs between two runs; \(advice)\n"
                            + LineDiff.unified(
                                expected: one.standardOutput.text, actual: other.standardOutput.text, expectedName: "first run",
                                actualName: "second run"
                            )
                    )
                )
            }
        }
        return refusals
    }
}
