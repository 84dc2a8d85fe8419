/// The errors the compiler reported about a `compile-fail` snippet, and how they meet the
/// snippet's `output` block.
///
/// The block states the compiler's `page:line:col: error:` lines, in order and all of them,
/// each with or without its `page:line:col:` prefix, with the elisions of ``ElidedOutput``
/// (a line `...` for any number of errors, `[..]` for any text within one) and the output
/// filters applied to both sides. The diagnostic group the compiler names after an error
/// (` [#SendingRisksDataRace]`) is left out on both sides, since it changes between
/// compiler versions while the message does not.
struct CompilerErrors: Sendable, Hashable {
    /// One error line.
    struct ErrorLine: Sendable, Hashable {
        /// The whole line, `page:line:col: error: message`.
        var line: String
        /// The line from `error: ` on.
        var message: String
    }

    /// The errors in the order the compiler reported them, each once.
    var errors: [ErrorLine]

    /// The errors of `diagnostics` about `snippet`: for a block of a session, those in its own
    /// lines; all of them otherwise. Lines of the compiler's source excerpts and notes are not errors.
    init(of snippet: Snippet, in diagnostics: String) {
        errors = []
        for line in SnippetVerdict.ownDiagnostics(of: snippet, in: diagnostics).split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4, Int(parts[1]) != nil, Int(parts[2]) != nil, parts[3].hasPrefix(" error: ") else { continue }
            let error = ErrorLine(
                line: SnippetVerdict.withoutDiagnosticGroup(line), message: SnippetVerdict.withoutDiagnosticGroup(parts[3].dropFirst())
            )
            if !errors.contains(error) { errors.append(error) }
        }
    }

    /// Whether there is no error.
    var isEmpty: Bool { errors.isEmpty }

    /// The lines of an `output` block as they are compared: without trailing blanks, and
    /// without blank lines, which no list of errors has.
    static func expectedLines(_ text: String) -> [String] {
        SnippetVerdict.normalizedLines(text).filter { !$0.isEmpty }
    }

    /// Whether `expected` (from ``expectedLines(_:)``) states these errors.
    func areStated(by expected: [String], filters: OutputFilters) -> Bool {
        ElidedOutput.alignment(expected, actualCount: errors.count, lineMatches: lineMatcher(expected, filters)) != nil
    }

    /// The errors as lines in the form `expected` writes them: whole lines when one of its
    /// lines has a `page:line:col:` prefix, messages only otherwise. With `filters`, as they
    /// are compared.
    func lines(inFormOf expected: [String], filters: OutputFilters = OutputFilters()) -> [String] {
        let located = expected.contains { line in
            line != ElidedOutput.anyLines && !line.hasPrefix("error: ") && line.contains(": error: ")
        }
        return errors.map { filters.apply(located ? $0.line : $0.message) }
    }

    /// The `output` block bless writes: the lines of `expected` that still match an error
    /// (their elisions, placeholders and prefixes), and the errors they do not state.
    func merged(into expected: [String], filters: OutputFilters) -> [String] {
        ElidedOutput.merge(expected: expected, actual: lines(inFormOf: expected), lineMatches: lineMatcher(expected, filters))
    }

    /// Compares expected line `i` with error `j`: a line that starts with `error:` with the
    /// error's message, any other line (one with a prefix, or `[..]`) with the whole line.
    private func lineMatcher(_ expected: [String], _ filters: OutputFilters) -> (Int, Int) -> Bool {
        let wanted = expected.map { SnippetVerdict.withoutDiagnosticGroup(filters.apply($0)) }
        let lines = errors.map { filters.apply($0.line) }
        let messages = errors.map { filters.apply($0.message) }
        return { i, j in
            let line = wanted[i]
            return ElidedOutput.matches(line: line, line.hasPrefix("error: ") ? messages[j] : lines[j])
        }
    }
}
