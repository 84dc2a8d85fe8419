/// What happened when a program was compiled and, if asked, run. Stored in the cache.
public struct ProgramOutcome: Sendable, Hashable, Codable {
    /// How the program ended.
    public enum Termination: Sendable, Hashable, Codable {
        /// The compiler refused it.
        case compileFailed
        /// It compiled and was not meant to run.
        case compiled
        /// It ran and exited with a status.
        case exited(Int32)
        /// It was killed by a signal (a trap is `SIGILL` or `SIGTRAP`).
        case signalled(Int32)
        /// It ran past its timeout and was killed.
        case timedOut(seconds: Double)
    }

    /// How the program ended.
    public var termination: Termination
    /// The compiler's diagnostics, if it printed any.
    public var compilerOutput: String
    /// What the program wrote to standard output, up to the cap.
    public var standardOutput: CapturedOutput
    /// What the program wrote to standard error, up to the cap.
    public var standardError: CapturedOutput
    /// Seconds the program ran (not counting the compiler).
    public var runSeconds: Double

    /// Creates an outcome.
    public init(
        termination: Termination, compilerOutput: String = "", standardOutput: CapturedOutput = CapturedOutput(),
        standardError: CapturedOutput = CapturedOutput(), runSeconds: Double = 0
    ) {
        self.termination = termination
        self.compilerOutput = compilerOutput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.runSeconds = runSeconds
    }
}

/// The first bytes a program wrote to one stream, and how many more were dropped.
public struct CapturedOutput: Sendable, Hashable, Codable {
    /// The kept output as text (invalid UTF-8 is shown as U+FFFD).
    public var text: String
    /// Bytes written past the cap and dropped.
    public var droppedBytes: Int

    /// Creates a captured stream.
    public init(text: String = "", droppedBytes: Int = 0) {
        self.text = text
        self.droppedBytes = droppedBytes
    }

    /// Whether the stream was cut at the cap.
    public var isTruncated: Bool { droppedBytes > 0 }
}

/// One snippet's share of its program's outcome: its own output, and how it ended.
public struct SnippetResult: Sendable, Hashable {
    /// How the snippet ended.
    public enum Status: Sendable, Hashable {
        /// Compiled; not meant to run.
        case compiled
        /// The compiler refused the program.
        case compileFailed
        /// Ran to its end: the program's exit status, or 0 for a session block that handed
        /// over to the next one.
        case exited(Int32)
        /// The program died from a signal in this block.
        case signalled(Int32)
        /// The program ran past its timeout in this block.
        case timedOut(seconds: Double)
        /// An earlier block of the session ended the program.
        case notReached
    }

    /// How the snippet ended.
    public var status: Status
    /// The compiler's diagnostics for the whole program.
    public var compilerOutput: String
    /// The standard output this block produced.
    public var standardOutput: CapturedOutput
    /// The standard error this block produced.
    public var standardError: CapturedOutput
    /// Seconds the program ran (for a session, the whole program).
    public var runSeconds: Double
    /// Whether the result came from the cache.
    public var cached: Bool

    /// Creates a result.
    public init(
        status: Status, compilerOutput: String = "", standardOutput: CapturedOutput = CapturedOutput(),
        standardError: CapturedOutput = CapturedOutput(), runSeconds: Double = 0, cached: Bool = false
    ) {
        self.status = status
        self.compilerOutput = compilerOutput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.runSeconds = runSeconds
        self.cached = cached
    }
}

extension SnippetProgram {
    /// Splits the program's outcome among its blocks: each block gets the output it produced,
    /// the last block reached gets the program's ending, later blocks are not reached.
    public func results(from outcome: ProgramOutcome, cached: Bool) -> [SnippetResult] {
        let status: SnippetResult.Status =
            switch outcome.termination {
            case .compileFailed: .compileFailed
            case .compiled: .compiled
            case .exited(let code): .exited(code)
            case .signalled(let signal): .signalled(signal)
            case .timedOut(let seconds): .timedOut(seconds: seconds)
            }
        guard snippets.count > 1, isRunning(outcome) else {
            return snippets.map { _ in
                SnippetResult(
                    status: status, compilerOutput: outcome.compilerOutput, standardOutput: outcome.standardOutput,
                    standardError: outcome.standardError, runSeconds: outcome.runSeconds, cached: cached
                )
            }
        }
        let outputs = Self.split(outcome.standardOutput, count: snippets.count)
        let errors = Self.split(outcome.standardError, count: snippets.count)
        let reached = max(outputs.reached, errors.reached)
        return snippets.indices.map { index in
            let blockStatus: SnippetResult.Status =
                index < reached - 1 ? .exited(0) : index == reached - 1 ? status : .notReached
            return SnippetResult(
                status: blockStatus, standardOutput: outputs.parts[index], standardError: errors.parts[index],
                runSeconds: outcome.runSeconds, cached: cached
            )
        }
    }

    private func isRunning(_ outcome: ProgramOutcome) -> Bool {
        switch outcome.termination {
        case .compileFailed, .compiled: false
        case .exited, .signalled, .timedOut: true
        }
    }

    /// The text between separators, one part per block, and how many blocks the program reached.
    private static func split(_ output: CapturedOutput, count: Int) -> (parts: [CapturedOutput], reached: Int) {
        var parts = output.text.split(separator: blockSeparator, omittingEmptySubsequences: false).map {
            CapturedOutput(text: String($0))
        }
        let reached = min(parts.count, count)
        if parts.count > count {
            // More separators than blocks: the program printed the separator itself; keep the rest together.
            let tail = parts[(count - 1)...].map(\.text).joined(separator: blockSeparator)
            parts = Array(parts[..<(count - 1)]) + [CapturedOutput(text: tail)]
        }
        if !parts.isEmpty { parts[reached - 1].droppedBytes = output.droppedBytes }
        while parts.count < count { parts.append(CapturedOutput()) }
        return (parts, reached)
    }
}
