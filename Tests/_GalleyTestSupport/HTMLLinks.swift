/// The values of `href` and `src` attributes in HTML that Galley produced.
///
/// Tests only: it reads the double-quoted attributes Galley and cmark write, which is
/// enough to follow every link of a built site.
public func linkTargets(inHTML html: String) -> [String] {
    var targets: [String] = []
    for attribute in [" href=\"", " src=\""] {
        var rest = Substring(html)
        while let start = rest.firstRange(of: attribute) {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            targets.append(String(rest[..<end]).replacing("&amp;", with: "&"))
            rest = rest[end...]
        }
    }
    return targets
}

/// The `id` attributes of HTML that Galley produced.
public func elementIDs(inHTML html: String) -> Set<String> {
    var ids = Set<String>()
    var rest = Substring(html)
    while let start = rest.firstRange(of: " id=\"") {
        rest = rest[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { break }
        ids.insert(String(rest[..<end]))
        rest = rest[end...]
    }
    return ids
}
