public import GalleyMarkdown
internal import Yams
public import GalleySnippets

/// The site's settings, read from `content/site.yml`.
///
/// Every key has a default, so a folder of bare Markdown files builds without a config file.
public struct SiteConfiguration: Sendable, Hashable {
    /// The site's name, shown in titles and the sidebar.
    public var title = "Documentation"
    /// One line about the site, for search engines and the feed.
    public var description = ""
    /// Where the site is published (`https://example.com/docs/`), or a path (`/docs/`), or empty
    /// for the root of whatever serves it. Absolute URLs in the sitemap and feed need a host.
    public var baseURL = ""
    /// The default author of pages and of the feed.
    public var author = ""
    /// The language of the pages (`<html lang>`).
    public var language = "en"
    /// Parsing and rendering options.
    public var markdown = MarkdownOptions()
    /// Write a search index and give the theme its search box (`search: false` turns both off).
    public var search = true
    /// Settings of the snippet runner, kept as YAML nodes' text for the runner to read.
    public var snippets = SnippetSettings()

    /// Settings for running Swift snippets.
    public struct SnippetSettings: Sendable, Hashable {
        /// Seconds before a snippet is killed, unless it says otherwise.
        public var timeout: Double = 10
        /// Flags passed to `swiftc` for every snippet.
        public var swiftcFlags: [String] = ["-Onone", "-swift-version", "6"]
        /// Bytes of standard output and of standard error kept per snippet.
        public var outputLimit = 1 << 20
        /// Memory a snippet may use, in MiB, before its allocations fail.
        public var memoryLimitMiB = 2048
        /// Seconds the compiler may take on one program (or one batch of merged programs).
        public var compileTimeout: Double = 300
        /// Compile programs that can be merged several to one module.
        public var merge = true
        /// Applied to every snippet's expected and actual output before they are compared.
        public var filters = OutputFilters()
        /// What a ```swift block without attributes does: `norun` for a folder of Markdown not
        /// written for Galley, whose blocks then opt in with `run`.
        public var defaultMode = SnippetDefault.run
        /// Seconds a program may run before `galley check` warns of it (an error with
        /// `--strict`); `nil` for no budget.
        public var budget: Double?
        /// Run every program in the snippet sandbox (bubblewrap).
        public var sandbox = false

        /// Creates the default settings.
        public init() {}
    }

    /// Creates the default configuration.
    public init() {}

    /// The keys `site.yml` accepts, for error messages.
    static let knownKeys = ["title", "description", "base_url", "author", "language", "markdown", "search", "snippets"]
    /// The keys of `snippets:`, for error messages.
    static let snippetKeys = [
        "timeout", "compile_timeout", "swiftc_flags", "merge", "sandbox", "output_limit", "memory_limit_mib", "normalize", "filters", "default", "budget",
    ]

    /// Reads a configuration from the text of `site.yml`.
    ///
    /// A key whose value is YAML's null (`~`, `null`, or nothing after the colon) keeps its
    /// default, as if it were not there.
    ///
    /// - Throws: A ``Diagnostic`` at the line of the bad key or value, naming it.
    public init(yaml: String, path: String) throws(Diagnostic) {
        let reader = YAMLReader(path: path, lineOffset: 0)
        for entry in try reader.mapping(yaml, what: "the site configuration") {
            let value = entry.value
            // An unknown key is refused even without a value: it is most likely a typo.
            if reader.isNull(value), Self.knownKeys.contains(entry.key) { continue }
            switch entry.key {
            case "title": title = try reader.string(value, field: "title")
            case "description": description = try reader.string(value, field: "description")
            case "base_url":
                baseURL = try reader.string(value, field: "base_url")
                if let problem = SiteAddress.problem(withBaseURL: baseURL) {
                    throw .error(at: reader.location(of: value), "`base_url`: \(problem)")
                }
            case "author": author = try reader.string(value, field: "author")
            case "language": language = try reader.string(value, field: "language")
            case "search": search = try reader.bool(value, field: "search")
            case "markdown":
                for option in try submapping(value, field: "markdown", reader: reader) {
                    if reader.isNull(option.value), ["smart", "raw_html"].contains(option.key) { continue }
                    switch option.key {
                    case "smart": markdown.smartTypography = try reader.bool(option.value, field: "markdown.smart")
                    case "raw_html": markdown.rawHTML = try reader.bool(option.value, field: "markdown.raw_html")
                    default:
                        throw .error(at: option.keyLocation, "unknown key `markdown.\(option.key)`; use `smart` or `raw_html`")
                    }
                }
            case "snippets":
                for option in try submapping(value, field: "snippets", reader: reader) {
                    let field = "snippets.\(option.key)"
                    if reader.isNull(option.value), Self.snippetKeys.contains(option.key) { continue }
                    func number<T: Comparable>(_ read: T, in range: ClosedRange<T>, _ unit: String) throws(Diagnostic) -> T {
                        guard range.contains(read) else {
                            // 86400, not 86400.0: the bounds as a user would write them.
                            func written(_ bound: T) -> String {
                                (bound as? Double).map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? "\(bound)"
                            }
                            throw .error(
                                at: reader.location(of: option.value),
                                "`\(field)` must be from \(written(range.lowerBound)) to \(written(range.upperBound)) \(unit)"
                            )
                        }
                        return read
                    }
                    switch option.key {
                    case "timeout":
                        snippets.timeout = try number(
                            try reader.double(option.value, field: field), in: RunnerSettings.timeoutRange, "seconds"
                        )
                    case "compile_timeout":
                        snippets.compileTimeout = try number(
                            try reader.double(option.value, field: field), in: RunnerSettings.timeoutRange, "seconds"
                        )
                    case "swiftc_flags":
                        snippets.swiftcFlags = try reader.strings(option.value, field: field)
                    case "merge":
                        snippets.merge = try reader.bool(option.value, field: field)
                    case "budget":
                        snippets.budget = try number(
                            try reader.double(option.value, field: field), in: RunnerSettings.timeoutRange, "seconds"
                        )
                    case "default":
                        snippets.defaultMode = try reader.snippetDefault(option.value, field: field)
                    case "normalize":
                        snippets.filters.normalizers = try normalizers(option.value, field: field, reader: reader)
                    case "filters":
                        snippets.filters.replacements = try replacements(option.value, field: field, reader: reader)
                    case "sandbox":
                        snippets.sandbox = try reader.bool(option.value, field: field)
                    case "output_limit":
                        snippets.outputLimit = try number(
                            try reader.int(option.value, field: field), in: RunnerSettings.outputLimitRange, "bytes"
                        )
                    case "memory_limit_mib":
                        snippets.memoryLimitMiB = try number(
                            try reader.int(option.value, field: field), in: RunnerSettings.memoryLimitRange, "MiB"
                        )
                    default:
                        throw .error(
                            at: option.keyLocation,
                            "unknown key `snippets.\(option.key)`; use \(Self.snippetKeys.dropLast().map { "`\($0)`" }.joined(separator: ", ")) or `\(Self.snippetKeys.last!)`"
                        )
                    }
                }
            default:
                throw .error(
                    at: entry.keyLocation,
                    "unknown key `\(entry.key)`; site.yml accepts \(Self.knownKeys.map { "`\($0)`" }.joined(separator: ", "))"
                )
            }
        }
    }

    /// `normalize: [addresses, durations]`, or `normalize: addresses,durations`.
    private func normalizers(_ node: Node, field: String, reader: YAMLReader) throws(Diagnostic) -> [OutputNormalizer] {
        var names: [OutputNormalizer] = []
        let items: [Node] = if case .sequence(let sequence) = node { Array(sequence) } else { [node] }
        for item in items {
            for name in try reader.string(item, field: "\(field)[]").split(separator: ",") {
                let word = String(name.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
                guard let normalizer = OutputNormalizer(rawValue: word) else {
                    throw .error(
                        at: reader.location(of: item), "`\(field)` names no normaliser `\(word)`; use \(OutputNormalizer.UnknownName.vocabulary)"
                    )
                }
                if !names.contains(normalizer) { names.append(normalizer) }
            }
        }
        return names
    }

    /// `filters: [{pattern: "id [0-9]+", replacement: "id N"}]`, each pattern checked here so a
    /// bad one is reported at its line, not when the first snippet is compared.
    private func replacements(_ node: Node, field: String, reader: YAMLReader) throws(Diagnostic) -> [OutputReplacement] {
        guard case .sequence(let sequence) = node else {
            throw .error(
                at: reader.location(of: node), "`\(field)` must be a list of `{pattern: …, replacement: …}` mappings"
            )
        }
        var replacements: [OutputReplacement] = []
        for item in sequence {
            var pattern: (text: String, node: Node)?
            var replacement: String?
            for entry in try submapping(item, field: "\(field)[]", reader: reader) {
                switch entry.key {
                case "pattern": pattern = (try reader.string(entry.value, field: "\(field)[].pattern"), entry.value)
                case "replacement": replacement = reader.isNull(entry.value) ? "" : try reader.string(entry.value, field: "\(field)[].replacement")
                default:
                    throw .error(at: entry.keyLocation, "unknown key `\(field)[].\(entry.key)`; a filter has `pattern` and `replacement`")
                }
            }
            guard let pattern, !pattern.text.isEmpty else {
                throw .error(at: reader.location(of: item), "a filter of `\(field)` needs a `pattern`, a regular expression")
            }
            guard let replacement else {
                throw .error(
                    at: reader.location(of: item), "a filter of `\(field)` needs a `replacement` (use `replacement: \"\"` to delete what matches)"
                )
            }
            do {
                replacements.append(try OutputReplacement(pattern: pattern.text, replacement: replacement))
            } catch {
                throw .error(
                    at: reader.location(of: pattern.node), "`\(field)[].pattern` `\(pattern.text)` is not a regular expression; check its parentheses, brackets and backslashes (YAML's double quotes take `\\\\` for one)"
                )
            }
        }
        return replacements
    }

    private func submapping(
        _ node: Node, field: String, reader: YAMLReader
    ) throws(Diagnostic) -> [(key: String, keyLocation: SourceLocation, value: Node)] {
        guard case .mapping(let mapping) = node else {
            throw .error(at: reader.location(of: node), "`\(field)` must be a mapping of `key: value` lines")
        }
        return mapping.map { (key: $0.key.string ?? "\($0.key)", keyLocation: reader.location(of: $0.key), value: $0.value) }
    }
}
