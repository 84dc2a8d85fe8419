internal import Foundation
internal import GalleyMarkdown
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

    func bool(_ node: Node, field: String) throws(Diagnostic) -> Bool {
        guard let value = node.bool else {
            throw Diagnostic.error(at: location(of: node), "`\(field)` must be true or false, not `\(describe(node))`")
        }
        return value
    }

    func int(_ node: Node, field: String) throws(Diagnostic) -> Int {
        // A plain decimal number, as `order` nearly always is, is read directly; every other
        // form (signs, `0x`, octal `0…`, `_`, sexagesimal `1:30`, quoted) is left to Yams.
        if case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any,
            let first = scalar.string.utf8.first, first != UInt8(ascii: "0"),
            scalar.string.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Int(scalar.string)
        {
            return value
        }
        guard let value = node.int else {
            throw Diagnostic.error(at: location(of: node), "`\(field)` must be a whole number, not `\(describe(node))`")
        }
        return value
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
                values.append(try string(item, field: "\(field)[]"))
            }
            return values
        default:
            throw Diagnostic.error(at: location(of: node), "`\(field)` must be a list of text values")
        }
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
