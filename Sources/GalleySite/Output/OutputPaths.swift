internal import GalleyMarkdown

/// The one source of every file of a site's output: a page, a file copied from the content
/// folder or the theme's assets, or a file Galley makes itself.
///
/// Two sources for one path would leave only the one written last, and two pages for one URL
/// would both be listed in the sitemap; a path that one source writes as a file and another
/// needs as a folder cannot be written at all. So each of these is an error naming both
/// sources, found before anything is written, by `galley build` and `galley serve` alike.
enum OutputPaths {
    /// What writes a file of the output.
    enum Source: Sendable, Hashable {
        /// A Markdown page, by the path diagnostics print.
        case page(displayPath: String)
        /// A file copied as it is, by the path diagnostics print.
        case copy(displayPath: String)
        /// A file Galley writes itself, by what it is (`the sitemap`).
        case generated(String)

        /// How a message names the source.
        var name: String {
            switch self {
            case .page(let path), .copy(let path): "`\(path)`"
            case .generated(let what): "Galley's \(what)"
            }
        }

        /// Line 1 of a page, where an editor can open it; a copied file has no line to point at.
        var location: SourceLocation? {
            if case .page(let path) = self { SourceLocation(path: path, line: 1) } else { nil }
        }
    }

    /// Refuses `files` (each output path with its source) when two sources share a path or
    /// one path would have to be both a file and a folder.
    ///
    /// - Throws: ``BuildFailure`` with one error per clash, ordered by output path, each
    ///   naming both sources and at the page's first line when a page is one of them.
    static func check(_ files: [(path: String, source: Source)]) throws(BuildFailure) {
        var owners: [String: Source] = [:]
        // The first file that needs each folder, so a file of the same path can name it.
        var folderOwners: [String: (path: String, source: Source)] = [:]
        var clashes: [(path: String, diagnostic: Diagnostic)] = []
        for file in files {
            if let owner = owners[file.path] {
                clashes.append((file.path, samePath(file.path, owner, file.source)))
                continue
            }
            owners[file.path] = file.source
            var folder = Substring(file.path)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if folderOwners[String(folder)] == nil { folderOwners[String(folder)] = file }
            }
        }
        for (path, source) in owners {
            if let inside = folderOwners[path] {
                clashes.append((path, fileAndFolder(path, file: source, inside: inside)))
            }
        }
        guard clashes.isEmpty else { throw BuildFailure(clashes.sorted { ($0.path, $0.diagnostic.message) < ($1.path, $1.diagnostic.message) }.map(\.diagnostic)) }
    }

    private static func samePath(_ path: String, _ first: Source, _ second: Source) -> Diagnostic {
        let location = second.location ?? first.location
        if case .generated(let what) = first {
            return .error(at: location, "\(second.name) would be written to `\(path)`, where Galley writes \(what); rename or move it")
        }
        return .error(at: location, "\(first.name) and \(second.name) would both be written to `\(path)`; rename or move one of them")
    }

    private static func fileAndFolder(_ path: String, file: Source, inside: (path: String, source: Source)) -> Diagnostic {
        let location = inside.source.location ?? file.location
        if case .generated(let what) = file {
            return .error(
                at: location,
                "\(inside.source.name) would be written to `\(inside.path)`, inside `\(path)`, where Galley writes \(what); rename or move it"
            )
        }
        return .error(
            at: location,
            "\(inside.source.name) would be written to `\(inside.path)`, but \(file.name) is written to `\(path)`, which cannot be both a file and a folder; rename or move one of them"
        )
    }
}
