internal import GalleySnippets

/// What a ```swift block without attributes does on each page: the nearest setting of the
/// page's own front matter, the `index.md` of its folder or of a folder above it, and
/// `site.yml`, so a site can keep old folders shown-only while new ones run.
struct SnippetDefaults: Sendable, Hashable {
    /// `snippets.default` of `site.yml`.
    var site: SnippetDefault
    /// What each folder's `index.md` sets, by folder path (empty for the content folder).
    var folders: [String: SnippetDefault] = [:]

    /// The default for the page at `pagePath` (in the content folder) whose front matter is
    /// `frontMatter`.
    func mode(forPage pagePath: String, frontMatter: FrontMatter) -> SnippetDefault {
        if let own = frontMatter.snippetDefault { return own }
        var folder = pagePath.split(separator: "/").dropLast()
        while true {
            if let set = folders[folder.joined(separator: "/")] { return set }
            if folder.isEmpty { return site }
            folder.removeLast()
        }
    }

    /// Reads the setting of every folder's `index.md` among `pages`.
    ///
    /// An `index.md` that cannot be read or whose front matter is wrong sets nothing here:
    /// the page itself reports the problem when it is scanned or rendered.
    static func read(site: SnippetDefault, pages: [String], source: (String) -> String?) -> SnippetDefaults {
        var defaults = SnippetDefaults(site: site)
        for path in pages where path == "index.md" || path.hasSuffix("/index.md") {
            guard let text = source(path), let split = try? FrontMatter.split(text, path: path),
                let setting = split.frontMatter.snippetDefault
            else { continue }
            defaults.folders[String(path.dropLast("index.md".count).dropLast(path == "index.md" ? 0 : 1))] = setting
        }
        return defaults
    }
}
