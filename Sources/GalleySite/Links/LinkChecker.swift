internal import GalleyMarkdown

/// Checks that every internal link of a site leads to a page, an anchor or a file that exists.
struct LinkChecker: Sendable {
    let pages: [Page]

    /// One warning per broken link, with the pages' own ``Page/warnings``, in source order.
    ///
    /// Build and preview both take their pages' warnings from here, so a warning a page
    /// carries reaches `galley build`'s output and `galley serve`'s terminal alike.
    ///
    /// The pages are checked on up to `jobs` tasks: the build has nothing else to do meanwhile,
    /// and one core took tens of milliseconds for a 1,000-page site.
    func check(jobs: Int) async -> [Diagnostic] {
        var anchors: [String: Set<String>] = [:]
        for page in pages { anchors[page.sourcePath] = Set(page.headings.compactMap(\.id)).union(page.rawHTMLAnchors) }
        let workers = max(1, min(jobs, pages.count))
        let share = (pages.count + workers - 1) / workers
        let found = await withTaskGroup(of: (Int, [Diagnostic]).self) { group in
            for worker in 0..<workers {
                let range = min(pages.count, worker * share)..<min(pages.count, (worker + 1) * share)
                group.addTask { [anchors] in (worker, check(pages[range], anchors: anchors)) }
            }
            var found = [[Diagnostic]](repeating: [], count: workers)
            for await (worker, warnings) in group { found[worker] = warnings }
            return found
        }
        // Joined in page order before sorting, so the order never depends on which task ended first.
        return found.joined().sorted { ($0.location ?? SourceLocation(path: "", line: 0)) < ($1.location ?? SourceLocation(path: "", line: 0)) }
    }

    private func check(_ pages: ArraySlice<Page>, anchors: [String: Set<String>]) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        for page in pages {
            warnings += page.warnings
            for resolved in page.links {
                let location = resolved.link.location
                switch resolved.target {
                case .page(let target, let anchor):
                    guard let targetAnchors = anchors[target] else {
                        warnings.append(.warning(at: location, "link to `\(resolved.link.destination)`, a draft page that is left out of this build"))
                        continue
                    }
                    if let anchor, !anchor.isEmpty, !targetAnchors.contains(anchor) {
                        let known = targetAnchors.sorted().prefix(8).map { "#\($0)" }.joined(separator: ", ")
                        warnings.append(
                            .warning(
                                at: location,
                                "link to `\(resolved.link.destination)`: `\(target)` has no heading or element with the id `\(anchor)`"
                                    + (known.isEmpty ? "" : "; its anchors include \(known)")
                            )
                        )
                    }
                case .missingPage(let path):
                    warnings.append(.warning(at: location, "link to `\(resolved.link.destination)`: there is no page `\(path)` in the content folder"))
                case .missingFile(let path):
                    warnings.append(.warning(at: location, "link to `\(resolved.link.destination)`: there is no file `\(path)` in the content folder"))
                case .file:
                    break
                }
            }
        }
        return warnings
    }
}
