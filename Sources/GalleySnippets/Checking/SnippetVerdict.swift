internal import Foundation
/// Whether a snippet does what its page says, as `galley check` judges it.
public struct SnippetVerdict: Sendable, Hashable {
    /// The judgement.
    public enum Kind: String, Sendable, Hashable {
        /// Compiled, ran and printed what the page says.
        case passed
        /// Did something its page does not say.
        case failed
        /// Ran as it should, but the page has no `output` block to compare with.
        case unverified
        /// Not compiled (`ignore`), or not selected.
        case skipped
        /// Galley itself could not compile or run it (see ``GalleyFailure``): nothing is
        /// known of the snippet, and it is tried again next time.
        case galleyError
    }

    /// The snippet judged.
    public var snippet: Snippet
    /// The judgement.
    public var kind: Kind
    /// Why it failed or is unverified; empty when it passed.
    public var message: String
    /// What backs the message: a diff, the compiler's diagnostics or the program's standard
    /// error, a crash's backtrace shortened to the snippet's own frames.
    public var details: String
    /// ``details`` with a crash's whole backtrace, for reports such as JUnit.
    public var fullDetails: String
    /// Seconds its program took in this run, compiling and running (a merged program's
    /// compile time is its module's); 0 when it came from the cache or did not run.
    public var seconds: Double

    /// Judges `snippet` by its result (`nil` when it was not run).
    ///
    /// - Parameter filters: The site's filters, applied with the fence's own normalisers to
    ///   the expected and the actual output before they are compared.
    public init(snippet: Snippet, result: SnippetResult?, filters: OutputFilters = OutputFilters()) {
        self.snippet = snippet
        seconds = result.map { $0.cached ? 0 : $0.compileSeconds + $0.runSeconds } ?? 0
        (kind, message, fullDetails) = Self.judge(snippet, result, filters.adding(fenceOf: snippet))
        details = CrashReport.summary(of: fullDetails)
    }

    private static func judge(_ snippet: Snippet, _ result: SnippetResult?, _ filters: OutputFilters) -> (Kind, String, String) {
        let attributes = snippet.attributes
        guard attributes.isCompiled, let result else { return (.skipped, "", "") }
        let diagnostics = result.compilerOutput
        if case .galleyFailed(let failure) = result.status {
            return (.galleyError, "could not be run by Galley: \(failure.message); this is not the snippet's fault, and it is tried again next time", failure.underlying ?? "")
        }
        switch (attributes.mode, result.status) {
        case (.compileFail, .compileFailed):
            return compare(snippet, diagnostics: diagnostics, filters)
        case (.compileFail, _):
            return (.failed, "compiles, but is marked `compile-fail`", diagnostics)
        case (_, .compileFailed):
            return (.failed, "does not compile", diagnostics)
        case (.compileOnly, _):
            return (.passed, "", "")
        case (_, .notReached):
            return (.failed, "never ran: an earlier block of session `\(attributes.session ?? "")` ended the program", "")
        case (_, .timedOut(let seconds)):
            return (.failed, "was still running after \(format(seconds)) s and was stopped; make it finish sooner or raise `timeout=`", result.standardError.text)
        case (.crash, .signalled):
            return compareOutput(snippet, result, filters)
        case (.crash, .exited(let code)):
            return (.failed, "was expected to crash, but exited with status \(code)", result.standardError.text)
        case (_, .signalled(let signal)):
            return (.failed, "crashed (\(signalName(signal))); mark it `crash` if that is the lesson", result.standardError.text)
        case (_, .exited(let code)) where code != attributes.expectedExitStatus:
            return (.failed, "exited with status \(code), expected \(attributes.expectedExitStatus)", result.standardError.text)
        default:
            return compareOutput(snippet, result, filters)
        }
    }

    private static func compareOutput(_ snippet: Snippet, _ result: SnippetResult, _ filters: OutputFilters) -> (Kind, String, String) {
        if snippet.attributes.noCheck { return (.passed, "", "") }
        if result.standardOutput.isTruncated {
            let reason =
                result.standardOutput.lostToEarlierCut
                ? "an earlier block of session `\(snippet.attributes.session ?? "")` printed past the output limit, so what this block printed is unknown"
                : "printed more than the output limit (`snippets.output_limit`); its output was cut"
            return (.failed, reason, "")
        }
        guard let expected = snippet.expectedOutput else {
            // A crash that prints nothing is verified by the crash itself.
            if snippet.attributes.mode == .crash, result.standardOutput.text.isEmpty { return (.passed, "", "") }
            return (.unverified, "has no `output` block to compare with; run `galley bless` to add one", "")
        }
        let wanted = normalizedLines(filters.apply(expected.text))
        let got = normalizedLines(filters.apply(result.standardOutput.text))
        let filtered = filters.isEmpty ? "" : ", even after its filters"
        if snippet.attributes.unordered {
            if wanted.sorted() == got.sorted() { return (.passed, "", "") }
            let diff = LineDiff.unified(
                expected: wanted.sorted().joined(separator: "\n"), actual: got.sorted().joined(separator: "\n"),
                expectedName: "expected (line \(expected.line), sorted)", actualName: "actual (sorted)"
            )
            return (.failed, "output differs from its `output` block (compared as unordered lines)\(filtered)", diff)
        }
        if ElidedOutput.matches(wanted, got) { return (.passed, "", "") }
        let diff = LineDiff.unified(
            expected: wanted.joined(separator: "\n"), actual: got.joined(separator: "\n"),
            expectedName: "expected (line \(expected.line))", actualName: "actual"
        )
        return (.failed, "output differs from its `output` block\(filtered)", diff)
    }

    /// A `compile-fail` snippet passes when the compiler reported an error in its own lines
    /// (in a session, not only in the blocks before it) and, with an `output` block, when the
    /// block states the compiler's errors (see ``CompilerErrors``).
    private static func compare(_ snippet: Snippet, diagnostics: String, _ filters: OutputFilters) -> (Kind, String, String) {
        let errors = CompilerErrors(of: snippet, in: diagnostics)
        guard !errors.isEmpty else {
            return (.failed, "does not fail to compile in its own lines: the errors are in the blocks before it", diagnostics)
        }
        guard let expected = snippet.expectedOutput else { return (.passed, "", "") }
        let wanted = CompilerErrors.expectedLines(expected.text)
        if errors.areStated(by: wanted, filters: filters) { return (.passed, "", "") }
        let diff = LineDiff.unified(
            expected: wanted.map(filters.apply).joined(separator: "\n"),
            actual: errors.lines(inFormOf: wanted, filters: filters).joined(separator: "\n"),
            expectedName: "expected (line \(expected.line))", actualName: "compiler errors"
        )
        let filtered = filters.isEmpty ? "" : ", even after its filters"
        return (.failed, "the compiler's errors differ from its `output` block\(filtered)", diff + "\n" + diagnostics)
    }

    /// A diagnostic without the group the compiler names after it (` [#SendingRisksDataRace]`),
    /// which changes between compiler versions while the message does not.
    static func withoutDiagnosticGroup(_ line: some StringProtocol) -> String {
        var text = String(line)
        while text.last == " " { text.removeLast() }
        guard text.hasSuffix("]"), let open = text.range(of: " [#", options: .backwards) else { return text }
        let name = text[open.upperBound..<text.index(before: text.endIndex)]
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber }) else { return text }
        return String(text[..<open.lowerBound])
    }

    /// The diagnostics about `snippet`'s own lines: for a block of a session, those that name
    /// its page at one of its lines (with the notes that follow them); all of them otherwise.
    static func ownDiagnostics(of snippet: Snippet, in diagnostics: String) -> String {
        guard snippet.attributes.session != nil else { return diagnostics }
        let count = snippet.code.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        let lines = snippet.firstCodeLine..<(snippet.firstCodeLine + max(1, count))
        var kept: [Substring] = []
        var keeping = false
        for line in diagnostics.split(separator: "\n", omittingEmptySubsequences: false) {
            let parts = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            if parts.count >= 4, let number = Int(parts[1]), Int(parts[2]) != nil {
                keeping = parts[0] == snippet.sourcePath && lines.contains(number)
            }
            if keeping { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }

    /// Lines without trailing spaces, and without empty lines at the end: editors strip both.
    public static func normalizedLines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed())
        }
        while lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// `SIGILL (illegal instruction, a Swift trap)` for the signals a snippet is likely to die from.
public func signalName(_ signal: Int32) -> String {
    switch signal {
    case 4: "SIGILL, a Swift runtime trap"
    case 5: "SIGTRAP, a Swift runtime trap"
    case 6: "SIGABRT"
    case 7: "SIGBUS"
    case 8: "SIGFPE"
    case 9: "SIGKILL"
    case 11: "SIGSEGV"
    case 15: "SIGTERM"
    default: "signal \(signal)"
    }
}

func format(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
}
