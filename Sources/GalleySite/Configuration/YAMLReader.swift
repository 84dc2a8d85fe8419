internal import Foundation
internal import GalleyMarkdown
internal import GalleySnippets
internal import Yams

/// Reads YAML into nodes that remember their lines, so a bad value can be reported at the
/// exact `path:line:col` of the field that holds it.
struct YAMLReader {
    /// The file the YAML comes from.
    let path: String
    /// How many lines of the file come before the YAML text (front matter starts after `---`).
    let lineOffset: Int

    /// Parses `text` as one YAML mapping; an empty document gives an empty mapping.
    func mapping(_ text: String, what: String) throws(Diagnostic) -> [(key: String, keyLocation: SourceLocation, value: Node)] {
        let node: Node?
        do {
            // An explicit encoding spares Yams a look at the process environment on every parse.
            node = try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch let error as YamlError {
            throw yamlError(error)
        } catch {
            throw Diagnostic.error(at: SourceLocation(path: path, line: lineOffset + 1), "invalid YAML in \(what): \(error)")
        }
        guard let node else { return [] }
        guard case .mapping(let mapping) = node else {
            throw Diagnostic.error(at: location(of: node), "\(what) must be a mapping of `key: value` lines")
        }
        return mapping.map { pair in
            (key: pair.key.string ?? "\(pair.key)", keyLocation: location(of: pair.key), value: pair.value)
        }
    }

    /// Where a node starts in the file.
    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(path: path, line: lineOffset + 1) }
        return SourceLocation(path: path, line: lineOffset + mark.line, column: mark.column)
    }

    // MARK: - Typed values

    func string(_ node: Node, field: String) throws(Diagnostic) -> String {
        guard case .scalar(let scalar) = node else {
            throw Diagnostic.error(at: location(of: node), "`\(field)` must be text, not a \(kind(of: node))")
        }
        return scalar.string
    }

    /// Whether `node` is YAML's null (`~`, `null`, or nothing after the colon), which Galley
    /// reads as a key that is not there.
    func isNull(_ node: Node) -> Bool {
        node.null != nil
    }

    func bool(_ node: Node, field: String) throws(Diagnostic) -> Bool {
        guard let value = node.bool else {
            if case .scalar(let scalar) = node, scalar.style == .singleQuoted || scalar.style == .doubleQuoted,
                ["true", "false", "yes", "no", "on", "off"].contains(scalar.string.lowercased())
            {
                throw Diagnostic.error(
                    at: location(of: node),
                    "`\(field)` must be true or false, not the quoted text `\(scalar.string)`; remove the quotes"
                )
            }
            throw Diagnostic.error(at: location(of: node), "`\(field)` must be true or false, not `\(describe(node))`")
        }
        return value
    }

    /// A whole number in any of YAML 1.1's integer forms, or an error at the node; a number
    /// outside `range` (or beyond `Int`) is an error that names the range.
    func int(_ node: Node, field: String, in range: ClosedRange<Int> = Int.min...Int.max) throws(Diagnostic) -> Int {
        let text = describe(node)
        let number: YAMLInteger
        if case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any {
            number = YAMLInteger(scalar.string)
        } else {
            number = .notANumber
        }
        switch number {
        case .value(let value) where range.contains(value):
            return value
        case .value, .outOfRange:
            throw Diagnostic.error(
                at: location(of: node), "`\(field)` must be a whole number from \(range.lowerBound) to \(range.upperBound), not `\(text)`"
            )
        case .notANumber:
            throw Diagnostic.error(at: location(of: node), "`\(field)` must be a whole number, not `\(text)`")
        }
    }

    func double(_ node: Node, field: String) throws(Diagnostic) -> Double {
        guard let value = node.float else {
            throw Diagnostic.error(at: location(of: node), "`\(field)` must be a number, not `\(describe(node))`")
        }
        return value
    }

    /// A list of strings; a single string is taken as a list of one.
    func strings(_ node: Node, field: String) throws(Diagnostic) -> [String] {
        switch node {
        case .scalar(let scalar):
            return [scalar.string]
        case .sequence(let sequence):
            var values: [String] = []
            for item in sequence {
                if isNull(item) {
                    throw Diagnostic.error(at: location(of: item), "`\(field)` holds an empty item; remove it, or quote it (`\"~\"`) to mean the text")
                }
                values.append(try string(item, field: "\(field)[]"))
            }
            return values
        default:
            throw Diagnostic.error(at: location(of: node), "`\(field)` must be a list of text values")
        }
    }

    /// `run` or `norun`.
    func snippetDefault(_ node: Node, field: String) throws(Diagnostic) -> SnippetDefault {
        let text = try string(node, field: field)
        guard let value = SnippetDefault(rawValue: text) else {
            throw Diagnostic.error(at: location(of: node), "`\(field)` must be `run` or `norun`, not `\(text)`")
        }
        return value
    }

    private func kind(of node: Node) -> String {
        switch node {
        case .scalar: "value"
        case .sequence: "list"
        case .mapping: "mapping"
        case .alias: "alias"
        }
    }

    private func describe(_ node: Node) -> String {
        if case .scalar(let scalar) = node { return scalar.string }
        return kind(of: node)
    }

    private func yamlError(_ error: YamlError) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return .error(at: SourceLocation(path: path, line: lineOffset + mark.line, column: mark.column), "invalid YAML: \(detail)")
        case .reader(let problem, let offset, _, let yaml):
            // The reader (bad bytes, control characters) gives a byte offset, not a line.
            let prefix = yaml.utf8.prefix(offset ?? 0)
            let line = prefix.count(where: { $0 == UInt8(ascii: "\n") }) + 1
            let column = prefix.reversed().prefix(while: { $0 != UInt8(ascii: "\n") }).count(where: { $0 & 0xC0 != 0x80 }) + 1
            return .error(
                at: SourceLocation(path: path, line: lineOffset + line, column: column),
                "invalid YAML: \(problem); YAML cannot hold control characters even in quotes, so write them as escapes in double quotes (`\"\\e\"`)"
            )
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error(
                at: SourceLocation(path: path, line: lineOffset + context.mark.line, column: context.mark.column),
                "the key `\(duplicates.joined(separator: "`, `"))` appears twice; keep one"
            )
        default:
            return .error(at: SourceLocation(path: path, line: lineOffset + 1), "invalid YAML: \(error)")
        }
    }
}
