import Foundation

/// The verdicts in a JUnit file written by `galley check --junit`: each test case's name
/// (`path:line` for a snippet) and how it ended.
struct JUnitVerdicts {
    enum Outcome: String {
        case passed, failed, error, skipped
    }

    /// Test case names and outcomes, in the file's order.
    var cases: [(name: String, outcome: Outcome)]

    /// Reads `file`. Galley writes one element per line and escapes `<`, `>` and quotes inside
    /// attributes and text, so a literal `<testcase `, `<failure` or `>` is always markup.
    init(contentsOf file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        cases = text.components(separatedBy: "<testcase ").dropFirst().map { element in
            let name = element.components(separatedBy: "name=\"").dropFirst().first?.prefix { $0 != "\"" } ?? ""
            let opening = element.prefix { $0 != ">" }
            let outcome: Outcome =
                if opening.hasSuffix("/") { .passed }
                else if element.contains("<failure") { .failed }
                else if element.contains("<error") { .error }
                else if element.contains("<skipped") { .skipped }
                else { .passed }
            return (Self.unescape(String(name)), outcome)
        }
    }

    /// One line for each test case whose outcome differs from `other`'s, or that only one of the
    /// two holds: `content/a.md:12: failed alone, passed merged`.
    func differences(from other: JUnitVerdicts, ownName: String, otherName: String) -> [String] {
        // A name given twice keeps every outcome, so a duplicate cannot hide a difference.
        func outcomes(_ verdicts: JUnitVerdicts) -> [String: [Outcome]] {
            Dictionary(verdicts.cases.map { ($0.name, [$0.outcome]) }, uniquingKeysWith: +)
        }
        let own = outcomes(self)
        let theirs = outcomes(other)
        var lines: [String] = []
        for name in Set(own.keys).union(theirs.keys).sorted() where own[name] != theirs[name] {
            func describe(_ outcomes: [Outcome]?) -> String {
                outcomes.map { $0.map(\.rawValue).joined(separator: " and ") } ?? "missing"
            }
            lines.append("\(name): \(describe(own[name])) \(ownName), \(describe(theirs[name])) \(otherName)")
        }
        return lines
    }

    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }
}
