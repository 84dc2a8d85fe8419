internal import GalleyMarkdown

/// Resolves relative links between content files to the built site's URLs.
///
/// `[next](callbacks.md#callback-hell)` on `guide/intro.md` becomes
/// `/guide/callbacks/#callback-hell` (under the site root), and a relative image becomes an
/// absolute path, since a page's URL is one folder deeper than its source file.
struct LinkResolver: Sendable {
    /// Routes of the pages, by source path.
    let routes: [String: String]
    /// Non-Markdown files of the content folder.
    let files: Set<String>
    /// The URL path prefix of the site (`/` or `/docs/`).
    let root: String

    /// The resolved link and its new destination, or `nil` for links Galley leaves alone
    /// (external URLs, site-absolute paths, anchors on the same page).
    func resolve(_ link: Link, from sourcePath: String) -> (resolved: ResolvedLink, destination: String)? {
        let destination = link.destination
        guard !destination.isEmpty, !isExternal(destination), !destination.hasPrefix("/") else { return nil }
        // `#` and `?` are ASCII, so a byte search finds them at character boundaries.
        var path = Substring(destination)
        var fragment: Substring?
        if let hash = path.utf8.firstIndex(of: UInt8(ascii: "#")) {
            fragment = path[path.index(after: hash)...]
            path = path[..<hash]
        }
        if let question = path.utf8.firstIndex(of: UInt8(ascii: "?")) { path = path[..<question] }
        if path.isEmpty {
            // `#anchor` on the same page: kept as written, checked against this page's headings.
            let target = ResolvedLink.Target.page(sourcePath, anchor: fragment.map(String.init))
            return (ResolvedLink(link: link, target: target), destination)
        }
        let decoded = String(path).removingPercentEncodingIfPossible()
        let resolvedPath = Self.normalize(folder(of: sourcePath), decoded)
        let suffix = fragment.map { "#\($0)" } ?? ""
        if resolvedPath.hasSuffix(".md") {
            guard let route = routes[resolvedPath] else {
                return (ResolvedLink(link: link, target: .missingPage(resolvedPath)), destination)
            }
            let target = ResolvedLink.Target.page(resolvedPath, anchor: fragment.map(String.init))
            return (ResolvedLink(link: link, target: target), root + SiteAddress.percentEncoded(route) + suffix)
        }
        let asFolderIndex = resolvedPath.isEmpty ? "index.md" : resolvedPath.trimmingSlashes() + "/index.md"
        if let route = routes[asFolderIndex], path.hasSuffix("/") || path == "." || path == ".." {
            let target = ResolvedLink.Target.page(asFolderIndex, anchor: fragment.map(String.init))
            return (ResolvedLink(link: link, target: target), root + SiteAddress.percentEncoded(route) + suffix)
        }
        guard files.contains(resolvedPath) else {
            return (ResolvedLink(link: link, target: .missingFile(resolvedPath)), destination)
        }
        // The path was decoded to find the file; a URL needs it encoded again.
        return (ResolvedLink(link: link, target: .file(resolvedPath)), root + SiteAddress.percentEncoded(resolvedPath) + suffix)
    }

    private func isExternal(_ destination: String) -> Bool {
        if destination.hasPrefix("//") { return true }
        // Most links are relative paths without a colon; a byte scan tells them apart without
        // walking the destination character by character.
        guard destination.utf8.contains(UInt8(ascii: ":")) else { return false }
        // A scheme is letters, digits, `+`, `-`, `.` before the first `:` and before any `/`.
        guard let colon = destination.firstIndex(of: ":") else { return false }
        let scheme = destination[..<colon]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) }
    }

    private func folder(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    /// Joins a relative path to a folder, resolving `.` and `..` (never above the root).
    static func normalize(_ folder: String, _ relative: String) -> String {
        if folder.utf8.allSatisfy({ $0 < 0x80 }) && relative.utf8.allSatisfy({ $0 < 0x80 }) {
            return normalizeASCII(folder, relative)
        }
        var components = Self.components(of: folder)
        for component in Self.components(of: relative) {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }

    /// ``normalize(_:_:)`` for ASCII paths, done on their bytes.
    ///
    /// Every link of every page comes through here. Cutting ASCII text at its `/` bytes gives
    /// what splitting its characters gives, at a fraction of the cost; other text is split by
    /// characters, where a `/` followed by a combining mark is no separator.
    private static func normalizeASCII(_ folder: String, _ relative: String) -> String {
        let slash = UInt8(ascii: "/")
        let dot = UInt8(ascii: ".")
        var joined: [UInt8] = []
        joined.reserveCapacity(folder.utf8.count + relative.utf8.count + 1)
        // Where each component kept so far starts in `joined`, so `..` can drop the last one.
        var starts: [Int] = []
        for path in [folder.utf8, relative.utf8] {
            var start = path.startIndex
            while start < path.endIndex {
                let end = path[start...].firstIndex(of: slash) ?? path.endIndex
                let component = path[start..<end]
                start = end < path.endIndex ? path.index(after: end) : end
                if component.isEmpty || component.elementsEqual([dot]) { continue }
                if component.elementsEqual([dot, dot]) {
                    if let last = starts.popLast() { joined.removeSubrange(max(0, last - 1)...) }
                    continue
                }
                if !joined.isEmpty { joined.append(slash) }
                starts.append(joined.count)
                joined.append(contentsOf: component)
            }
        }
        return String(decoding: joined, as: UTF8.self)
    }

    /// The non-empty parts of `path` between slashes, split by characters.
    private static func components(of path: String) -> [Substring] {
        path.split(separator: "/")
    }
}

extension String {
    func trimmingSlashes() -> String {
        var slice = Substring(self)
        while slice.first == "/" { slice.removeFirst() }
        while slice.last == "/" { slice.removeLast() }
        return String(slice)
    }

    func trimmingTrailingSlashes() -> String {
        var slice = Substring(self)
        while slice.count > 1, slice.last == "/" { slice.removeLast() }
        return String(slice)
    }

    /// Decodes `%20` and friends; text that is not valid percent-encoding is kept as it is.
    func removingPercentEncodingIfPossible() -> String {
        guard utf8.contains(UInt8(ascii: "%")) else { return self }
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else if byte == UInt8(ascii: "%") {
                return self
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
