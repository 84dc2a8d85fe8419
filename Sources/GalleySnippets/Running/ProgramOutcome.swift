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

    /// What one block of the program printed.
    public struct BlockOutput: Sendable, Hashable, Codable {
        /// Its standard output.
        public var standardOutput: CapturedOutput
        /// Its standard error.
        public var standardError: CapturedOutput

        /// Creates a block's output.
        public init(standardOutput: CapturedOutput = CapturedOutput(), standardError: CapturedOutput = CapturedOutput()) {
            self.standardOutput = standardOutput
            self.standardError = standardError
        }
    }

    /// How the program ended.
    public var termination: Termination
    /// The compiler's diagnostics, if it printed any.
    public var compilerOutput: String
    /// What each block printed, in order, up to the block where the program ended: one entry
    /// for a lone snippet; for a session, one per block reached. A session's output is split
    /// among its blocks when the program runs, by markers only that run knows.
    public var blocks: [BlockOutput]
    /// Seconds the program ran (not counting the compiler).
    public var runSeconds: Double
    /// Seconds its compilation took (for a program compiled with others, its batch's).
    public var compileSeconds: Double
    /// The page line of each block's first line of code when it ran: diagnostics and traps
    /// name these lines, and are moved when a cached result serves a block that moved.
    public var blockLines: [Int]

    /// Creates an outcome.
    public init(
        termination: Termination, compilerOutput: String = "", blocks: [BlockOutput] = [], runSeconds: Double = 0,
        compileSeconds: Double = 0, blockLines: [Int] = []
    ) {
        self.termination = termination
        self.compilerOutput = compilerOutput
        self.blocks = blocks
        self.runSeconds = runSeconds
        self.compileSeconds = compileSeconds
        self.blockLines = blockLines
    }

    /// An outcome with one block's output, for a lone snippet.
    public init(
        termination: Termination, compilerOutput: String = "", standardOutput: CapturedOutput, standardError: CapturedOutput = CapturedOutput(),
        runSeconds: Double = 0
    ) {
        self.init(
            termination: termination, compilerOutput: compilerOutput,
            blocks: [BlockOutput(standardOutput: standardOutput, standardError: standardError)], runSeconds: runSeconds
        )
    }
}

/// The first bytes a program wrote to one stream, and how many more were dropped.
public struct CapturedOutput: Sendable, Hashable, Codable {
    /// The kept output as text (invalid UTF-8 is shown as U+FFFD).
    public var text: String
    /// Bytes written past the cap and dropped.
    public var droppedBytes: Int
    /// Whether the cap was reached in an earlier block of the session, so what this block
    /// printed is unknown.
    public var lostToEarlierCut: Bool

    /// Creates a captured stream.
    public init(text: String = "", droppedBytes: Int = 0, lostToEarlierCut: Bool = false) {
        self.text = text
        self.droppedBytes = droppedBytes
        self.lostToEarlierCut = lostToEarlierCut
    }

    /// Whether the stream was cut at the cap, here or in an earlier block.
    public var isTruncated: Bool { droppedBytes > 0 || lostToEarlierCut }
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
        /// Galley itself failed to compile or run the program; nothing is known of it.
        case galleyFailed(GalleyFailure)

        /// Whether the program ran (and so has a run time worth showing).
        public var ranProgram: Bool {
            switch self {
            case .exited, .signalled, .timedOut: true
            case .compiled, .compileFailed, .notReached, .galleyFailed: false
            }
        }
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
    /// Seconds the program's compilation took.
    public var compileSeconds: Double
    /// Whether the result came from the cache.
    public var cached: Bool

    /// Creates a result.
    public init(
        status: Status, compilerOutput: String = "", standardOutput: CapturedOutput = CapturedOutput(),
        standardError: CapturedOutput = CapturedOutput(), runSeconds: Double = 0, compileSeconds: Double = 0, cached: Bool = false
    ) {
        self.status = status
        self.compilerOutput = compilerOutput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.runSeconds = runSeconds
        self.compileSeconds = compileSeconds
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
        switch outcome.termination {
        case .compileFailed, .compiled:
            return snippets.map { _ in
                SnippetResult(status: status, compilerOutput: outcome.compilerOutput, compileSeconds: outcome.compileSeconds, cached: cached)
            }
        case .exited, .signalled, .timedOut:
            break
        }
        let reached = max(1, min(outcome.blocks.count, snippets.count))
        return snippets.indices.map { index in
            let blockStatus: SnippetResult.Status = index < reached - 1 ? .exited(0) : index == reached - 1 ? status : .notReached
            let block = index < outcome.blocks.count ? outcome.blocks[index] : ProgramOutcome.BlockOutput()
            return SnippetResult(
                status: blockStatus, compilerOutput: outcome.compilerOutput, standardOutput: block.standardOutput,
                standardError: block.standardError, runSeconds: outcome.runSeconds, compileSeconds: outcome.compileSeconds, cached: cached
            )
        }
    }

    /// The results of every block when Galley could not compile or run the program.
    public func results(from failure: GalleyFailure) -> [SnippetResult] {
        snippets.map { _ in SnippetResult(status: .galleyFailed(failure)) }
    }
}

extension ProgramOutcome {
    /// Splits what a session printed on both streams at the block markers its run printed,
    /// one part per block reached.
    ///
    /// A stream cut at the output cap loses the markers after the cut: the blocks from the
    /// cut on are then marked as cut too, never shown as having printed nothing.
    static func splitBlocks(output: CapturedOutput, error: CapturedOutput, marker: String, blocks count: Int) -> [BlockOutput] {
        let outputs = split(output, at: marker, count: count)
        let errors = split(error, at: marker, count: count)
        var reached = max(outputs.parts.count, errors.parts.count)
        // Past a cut, how far the program got is unknown: every block counts as reached.
        if outputs.isCut || errors.isCut { reached = count }
        func part(_ stream: (parts: [CapturedOutput], isCut: Bool), _ index: Int) -> CapturedOutput {
            if index < stream.parts.count { return stream.parts[index] }
            return CapturedOutput(lostToEarlierCut: stream.isCut)
        }
        return (0..<max(1, reached)).map { index in
            BlockOutput(standardOutput: part(outputs, index), standardError: part(errors, index))
        }
    }

    /// The text between markers, at most `count` parts; a stream cut at the cap has its last
    /// part marked as cut.
    private static func split(_ stream: CapturedOutput, at marker: String, count: Int) -> (parts: [CapturedOutput], isCut: Bool) {
        var parts = stream.text.split(separator: marker, omittingEmptySubsequences: false).map { CapturedOutput(text: String($0)) }
        if parts.count > count {
            // A marker is printed only between blocks, so there are at most count - 1; more
            // would mean a forged marker, which a per-run token makes impossible to write by chance.
            let tail = parts[(count - 1)...].map(\.text).joined(separator: marker)
            parts = Array(parts[..<(count - 1)]) + [CapturedOutput(text: tail)]
        }
        if stream.isTruncated, !parts.isEmpty { parts[parts.count - 1].droppedBytes = stream.droppedBytes }
        return (parts, stream.isTruncated)
    }
}
