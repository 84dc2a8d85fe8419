internal import GalleyMarkdown

/// Checks that every internal link of a site leads to a page, an anchor or a file that exists.
struct LinkChecker {
    let pages: [Page]

    /// One warning per broken link, in source order.
    func check() -> [Diagnostic] {
        var anchors: [String: Set<String>] = [:]
        for page in pages { anchors[page.sourcePath] = Set(page.headings.compactMap(\.id)) }
        var warnings: [Diagnostic] = []
        for page in pages {
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
                                "link to `\(resolved.link.destination)`: `\(target)` has no heading with the id `\(anchor)`"
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
        return warnings.sorted { ($0.location ?? SourceLocation(path: "", line: 0)) < ($1.location ?? SourceLocation(path: "", line: 0)) }
    }
}
