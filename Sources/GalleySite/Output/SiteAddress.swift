/// Where the site lives: the path prefix of every URL, and the absolute base when known.
public struct SiteAddress: Sendable, Hashable {
    /// The path every URL starts with, ending in `/`: `/` or `/docs/`.
    public var root: String
    /// `https://example.com/docs/`, when the base URL names a host; sitemaps and feeds need it.
    public var absoluteBase: String?

    /// Reads a base URL: empty, a path (`/docs`), or an absolute URL (`https://example.com/docs`).
    public init(baseURL: String) {
        let trimmed = baseURL.trimmingSpaces()
        if let schemeEnd = trimmed.range(of: "://") {
            let afterScheme = trimmed[schemeEnd.upperBound...]
            let pathStart = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
            let path = String(afterScheme[pathStart...]).trimmingSlashes()
            root = path.isEmpty ? "/" : "/\(path)/"
            absoluteBase = String(trimmed[..<pathStart]) + root
        } else {
            let path = trimmed.trimmingSlashes()
            root = path.isEmpty ? "/" : "/\(path)/"
            absoluteBase = nil
        }
    }

    /// The URL of a route, absolute when the host is known, else root-relative.
    public func absoluteURL(_ route: String) -> String {
        (absoluteBase ?? root) + route
    }
}

extension String {
    func range(of needle: String) -> Range<String.Index>? {
        guard !needle.isEmpty else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(needle) { return index..<self.index(index, offsetBy: needle.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
