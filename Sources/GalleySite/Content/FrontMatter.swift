internal import GalleyMarkdown
public import GalleySnippets
internal import Yams

/// The YAML block at the top of a page, between `---` lines.
public struct FrontMatter: Sendable, Hashable {
    /// The page's title; without one, the page takes its first `#` heading.
    public var title: String?
    /// One line about the page, for search engines and the feed.
    public var description: String?
    /// The page's date (`2026-11-25`, optionally with a time), which puts it in the feed.
    public var date: PageDate?
    /// The page's author; without one, the site's.
    public var author: String?
    /// Where the page goes among its siblings: lower first, then by title.
    public var order: Int?
    /// A draft is left out of the site unless drafts are asked for.
    public var draft = false
    /// Free-form labels shown on the page.
    public var tags: [String] = []
    /// What a ```swift block without attributes does on this page (`snippets: {default: norun}`);
    /// in a folder's `index.md`, in the whole folder and the folders below it too. `nil`
    /// takes the folder's or the site's.
    public var snippetDefault: SnippetDefault?
    /// Any other keys, as text, for templates (`{{page.params.key}}`).
    public var params: [String: String] = [:]

    /// Creates empty front matter.
    public init() {}

    /// Splits a page's source into its front matter and its Markdown body.
    ///
    /// The body keeps the front matter's lines as blank lines, so line numbers that cmark
    /// reports are line numbers in the file.
    ///
    /// - Throws: A ``Diagnostic`` naming the line and field of the first problem.
    public static func split(_ source: String, path: String) throws(Diagnostic) -> (frontMatter: FrontMatter, body: String) {
        let split = try splitCountingLines(source, path: path)
        return (split.frontMatter, split.body)
    }

    /// ``split(_:path:)``, and how many lines at the top the front matter takes (0 without any).
    static func splitCountingLines(
        _ source: String, path: String
    ) throws(Diagnostic) -> (frontMatter: FrontMatter, body: String, lines: Int) {
        // Only the lines up to the closing fence are looked at; the rest is passed on as it is.
        var lineStarts: [String.Index] = []
        var lineStart = source.startIndex
        var closingEnd: String.Index?
        while lineStart < source.endIndex {
            let lineEnd = source.utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? source.endIndex
            let line = source[lineStart..<lineEnd].trimmingTrailingWhitespace()
            if lineStarts.isEmpty {
                guard line == "---" else { return (FrontMatter(), source, 0) }
            } else if line == "---" || line == "..." {
                closingEnd = lineEnd
                lineStarts.append(lineStart)
                break
            }
            lineStarts.append(lineStart)
            lineStart = lineEnd < source.endIndex ? source.index(after: lineEnd) : source.endIndex
        }
        guard let closingEnd, lineStarts.count >= 2 else {
            if lineStarts.isEmpty { return (FrontMatter(), source, 0) }
            throw .error(
                at: SourceLocation(path: path, line: 1, column: 1),
                "front matter starts with `---` but never ends; close it with a `---` line"
            )
        }
        let yamlStart = lineStarts[1]
        let yamlEnd = lineStarts[lineStarts.count - 1]
        let frontMatter = try FrontMatter(yaml: String(source[yamlStart..<yamlEnd]), path: path, lineOffset: 1)
        // Blank lines keep every later line at its number in the file.
        let body = String(repeating: "\n", count: lineStarts.count - 1) + source[closingEnd...]
        return (frontMatter, body, lineStarts.count)
    }

    /// The `order` values a page may have.
    ///
    /// Wide enough for any numbering scheme (dates as `20261125` included), and far from
    /// `Int`'s ends, which a hostile page could otherwise reach.
    public static let orderRange = -1_000_000_000...1_000_000_000

    /// Reads front matter from its YAML text.
    ///
    /// A key whose value is YAML's null (`title: ~`, `title: null` or `title:` alone) is
    /// read as absent: the page gets that key's default.
    init(yaml: String, path: String, lineOffset: Int) throws(Diagnostic) {
        let reader = YAMLReader(path: path, lineOffset: lineOffset)
        for entry in try reader.mapping(yaml, what: "front matter") {
            let value = entry.value
            if reader.isNull(value) { continue }
            switch entry.key {
            case "title": title = try reader.string(value, field: "title")
            case "description": description = try reader.string(value, field: "description")
            case "author": author = try reader.string(value, field: "author")
            case "order": order = try reader.int(value, field: "order", in: Self.orderRange)
            case "draft": draft = try reader.bool(value, field: "draft")
            case "tags": tags = try reader.strings(value, field: "tags")
            case "date":
                let text = try reader.string(value, field: "date")
                do throws(PageDate.Invalid) {
                    self.date = try PageDate(parsing: text)
                } catch {
                    throw .error(
                        at: reader.location(of: value),
                        "`date` must look like 2026-11-25 or 2026-11-25T14:30:00Z, not `\(text)`" + (error.reason.map { ": \($0)" } ?? "")
                    )
                }
            case "snippets":
                guard case .mapping(let mapping) = value else {
                    throw .error(at: reader.location(of: value), "`snippets` must be a mapping, as in `snippets: {default: norun}`")
                }
                for option in mapping {
                    guard option.key.string == "default" else {
                        throw .error(
                            at: reader.location(of: option.key),
                            "unknown key `snippets.\(option.key.string ?? "\(option.key)")` in front matter; a page may set `snippets.default` only"
                        )
                    }
                    if reader.isNull(option.value) { continue }
                    snippetDefault = try reader.snippetDefault(option.value, field: "snippets.default")
                }
            default:
                if case .scalar(let scalar) = value { params[entry.key] = scalar.string }
            }
        }
    }
}

extension Substring {
    func trimmingTrailingWhitespace() -> Substring {
        var end = utf8.endIndex
        while end > utf8.startIndex {
            let before = utf8.index(before: end)
            guard [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(utf8[before]) else { break }
            end = before
        }
        return self[..<end]
    }
}
