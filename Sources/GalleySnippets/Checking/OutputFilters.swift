internal import Foundation

/// Built-in rewrites of output that changes from run to run, applied to the expected and the
/// actual output alike before they are compared: `normalize=addresses,durations` on a fence,
/// `snippets.normalize` in `site.yml`.
public enum OutputNormalizer: String, CaseIterable, Sendable, Hashable, Codable {
    /// `0x600000c04000` → `[address]`.
    case addresses
    /// `took 12 ms`, `1.5s`, `250µs` → `took [duration]`.
    case durations
    /// Temporary and home paths (`/tmp/…`, `/var/folders/…`, `/home/…`, `/Users/…`) → `[path]`.
    case paths
    /// `E621E1F8-C36C-495A-93FC-0C247A3E6E5F` → `[uuid]`.
    case uuids
    /// `2026-11-25`, `2026-11-25T14:30:00Z`, `14:30:05` → `[date]`.
    case dates
    /// `pid 4242`, `pid=4242`, `PID: 4242` → `pid [pid]`.
    case pids

    /// The placeholder this normaliser writes; a line of an `output` block may hold it.
    public var placeholder: String {
        switch self {
        case .addresses: "[address]"
        case .durations: "[duration]"
        case .paths: "[path]"
        case .uuids: "[uuid]"
        case .dates: "[date]"
        case .pids: "[pid]"
        }
    }

    /// The pattern that finds what this normaliser replaces.
    var pattern: String {
        switch self {
        case .addresses: #"0x[0-9a-fA-F]{4,16}"#
        case .durations: #"\b\d+(\.\d+)?\s?(ns|µs|us|ms|s|sec|secs|seconds?|min|minutes?|h|hours?)\b"#
        case .paths: #"(/private)?(/tmp|/var/folders|/var/tmp|/home|/Users|/root)(/[^\s:'"`,)\]]*)?"#
        case .uuids: #"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"#
        case .dates:
            #"\b\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?\b|\b\d{2}:\d{2}:\d{2}(\.\d+)?\b"#
        case .pids: #"(?i)(?<=\bpid[ =:]{1,2})\d+"#
        }
    }

    private static let expressions: [OutputNormalizer: NSRegularExpression] = Dictionary(
        uniqueKeysWithValues: allCases.map { normalizer in
            // The patterns are constants of Galley's own; one that did not compile would be a bug here.
            (normalizer, try! NSRegularExpression(pattern: normalizer.pattern))
        }
    )

    /// `text` with every match replaced by ``placeholder``.
    public func apply(_ text: String) -> String {
        let expression = Self.expressions[self]!
        return expression.stringByReplacingMatches(
            in: text, range: NSRange(text.startIndex..., in: text), withTemplate: NSRegularExpression.escapedTemplate(for: placeholder)
        )
    }

    /// Reads `normalize=addresses,durations`'s value.
    ///
    /// - Returns: The normalisers, or the word that names none.
    public static func parse(_ list: some StringProtocol) -> Result<[OutputNormalizer], UnknownName> {
        var normalizers: [OutputNormalizer] = []
        for word in list.split(separator: ",") {
            guard let normalizer = OutputNormalizer(rawValue: String(word)) else { return .failure(UnknownName(word: String(word))) }
            normalizers.append(normalizer)
        }
        return .success(normalizers)
    }

    /// A word that names no normaliser.
    public struct UnknownName: Error, Sendable {
        /// The word.
        public var word: String
        /// The names there are, for messages.
        public static var vocabulary: String { OutputNormalizer.allCases.map(\.rawValue).joined(separator: ", ") }
    }
}

/// A site's replacement of output: `snippets.filters: [{pattern: …, replacement: …}]`.
public struct OutputReplacement: Sendable, Hashable {
    /// The regular expression (ICU syntax, as `NSRegularExpression` reads it).
    public var pattern: String
    /// What every match becomes; `$1` names a group.
    public var replacement: String

    /// A replacement, or the reason its pattern is not a regular expression.
    public init(pattern: String, replacement: String) throws(InvalidPattern) {
        do {
            _ = try NSRegularExpression(pattern: pattern)
        } catch {
            throw InvalidPattern(pattern: pattern, reason: (error as NSError).localizedDescription)
        }
        self.pattern = pattern
        self.replacement = replacement
    }

    /// `text` with every match replaced.
    public func apply(_ text: String) -> String {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return text }
        return expression.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: replacement)
    }

    /// A pattern that is not a regular expression.
    public struct InvalidPattern: Error, Sendable {
        /// The pattern.
        public var pattern: String
        /// What is wrong with it.
        public var reason: String
    }
}

/// What is done to a snippet's expected and actual output before they are compared.
public struct OutputFilters: Sendable, Hashable {
    /// Built-in normalisers.
    public var normalizers: [OutputNormalizer] = []
    /// The site's replacements, in order.
    public var replacements: [OutputReplacement] = []

    /// No filter.
    public init(normalizers: [OutputNormalizer] = [], replacements: [OutputReplacement] = []) {
        self.normalizers = normalizers
        self.replacements = replacements
    }

    /// Whether the filters change nothing.
    public var isEmpty: Bool { normalizers.isEmpty && replacements.isEmpty }

    /// `text` with the replacements, then the normalisers, applied.
    public func apply(_ text: String) -> String {
        let replaced = replacements.reduce(text) { $1.apply($0) }
        return normalizers.reduce(replaced) { $1.apply($0) }
    }

    /// These filters and the normalisers `snippet`'s fence names (`normalize=…`).
    public func adding(fenceOf snippet: Snippet) -> OutputFilters {
        snippet.attributes.normalizers.isEmpty ? self : merging(OutputFilters(normalizers: snippet.attributes.normalizers))
    }

    /// These filters and `other`'s.
    public func merging(_ other: OutputFilters) -> OutputFilters {
        var merged = self
        for normalizer in other.normalizers where !merged.normalizers.contains(normalizer) { merged.normalizers.append(normalizer) }
        merged.replacements += other.replacements
        return merged
    }
}

/// Expected output with elisions: a line `...` matches any number of lines, and `[..]` inside
/// a line matches any text, so a page can show the part of the output that matters.
public enum ElidedOutput {
    /// The line that stands for any number of lines.
    public static let anyLines = "..."
    /// The text that stands for any text within a line.
    public static let anyText = "[..]"

    /// Whether `expected` (lines, elisions allowed) matches `actual`.
    public static func matches(_ expected: [String], _ actual: [String]) -> Bool {
        alignment(expected, actualCount: actual.count) { matches(line: expected[$0], actual[$1]) } != nil
    }

    /// Whether one expected line, `[..]` allowed, matches one actual line.
    public static func matches(line expected: String, _ actual: String) -> Bool {
        guard expected.contains(anyText) else { return expected == actual }
        let parts = expected.components(separatedBy: anyText)
        guard actual.hasPrefix(parts[0]), actual.hasSuffix(parts[parts.count - 1]) else { return false }
        var rest = actual.dropFirst(parts[0].count)
        let lastCount = parts[parts.count - 1].count
        guard rest.count >= lastCount else { return false }
        rest = rest.dropLast(lastCount)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }

    /// For each expected line, the actual lines it covers, or `nil` when they do not match:
    /// an `...` line covers a run of lines (perhaps none), any other line one.
    ///
    /// - Parameter lineMatches: Whether expected line `i` (not an `...` line) matches actual
    ///   line `j`: how one line is compared is the caller's (with `[..]`, filters, a prefix
    ///   that may be left out).
    static func alignment(_ expected: [String], actualCount: Int, lineMatches: (_ i: Int, _ j: Int) -> Bool) -> [Range<Int>]? {
        // memo[i][j]: whether expected[i...] matches actual[j...]; filled from the end.
        var memo = [[Bool?]](repeating: [Bool?](repeating: nil, count: actualCount + 1), count: expected.count + 1)
        func match(_ i: Int, _ j: Int) -> Bool {
            if let known = memo[i][j] { return known }
            let result: Bool
            if i == expected.count {
                result = j == actualCount
            } else if expected[i] == anyLines {
                result = (j...actualCount).contains { match(i + 1, $0) }
            } else {
                result = j < actualCount && lineMatches(i, j) && match(i + 1, j + 1)
            }
            memo[i][j] = result
            return result
        }
        guard match(0, 0) else { return nil }
        var ranges: [Range<Int>] = []
        var j = 0
        for i in expected.indices {
            if expected[i] == anyLines {
                let end = (j...actualCount).first { match(i + 1, $0) }!
                ranges.append(j..<end)
                j = end
            } else {
                ranges.append(j..<(j + 1))
                j += 1
            }
        }
        return ranges
    }

    /// The output block to write for `actual`, keeping every line of `expected` that still
    /// matches (its elisions and placeholders), and `actual`'s lines where it does not.
    ///
    /// - Parameter normalize: Applied to both sides of a comparison, so a line that says
    ///   `took 12 ms` keeps matching a run that took 13.
    public static func merge(expected: [String], actual: [String], normalize: (String) -> String = { $0 }) -> [String] {
        let pattern = expected.map { $0 == anyLines ? $0 : normalize($0) }
        let normalized = actual.map(normalize)
        return merge(expected: expected, actual: actual) { matches(line: pattern[$0], normalized[$1]) }
    }

    /// The output block to write for `actual`, keeping every line of `expected` that still
    /// matches, as ``merge(expected:actual:normalize:)`` does, with lines compared by
    /// `lineMatches` (expected line `i`, never an `...` line, against actual line `j`).
    static func merge(expected: [String], actual: [String], lineMatches: (_ i: Int, _ j: Int) -> Bool) -> [String] {
        if alignment(expected, actualCount: actual.count, lineMatches: lineMatches) != nil { return expected }
        // Keep the expected lines that match, in order, and the actual lines between them.
        var merged: [String] = []
        var j = 0
        var i = 0
        while i < expected.count, j < actual.count {
            if expected[i] == anyLines {
                // An elision keeps its place when what follows it is found again further on.
                if let next = expected[(i + 1)...].firstIndex(where: { $0 != anyLines }),
                    let found = (j..<actual.count).first(where: { lineMatches(next, $0) })
                {
                    merged.append(expected[i])
                    j = found
                }
                i += 1
            } else if lineMatches(i, j) {
                merged.append(expected[i])
                i += 1
                j += 1
            } else if let found = (j..<actual.count).first(where: { lineMatches(i, $0) }) {
                merged += actual[j..<found]
                j = found
            } else {
                i += 1
            }
        }
        merged += actual[j...]
        return merged
    }
}
