/// One Swift program to compile and run: a lone snippet, or the blocks of a session in page order.
public struct SnippetProgram: Sendable, Hashable {
    /// The snippets that make up the program, in page order.
    public var snippets: [Snippet]
    /// How the compiler names the page in diagnostics and traps: its path in the content folder.
    public var sourceFile: String

    /// The program only checks that its last block fails to compile after the blocks before
    /// it (a session's `compile-fail` block); its result belongs to that block alone.
    public var checksLastBlockOnly = false

    /// Creates a program of `snippets`, from the page the compiler calls `sourceFile`.
    public init(snippets: [Snippet], sourceFile: String, checksLastBlockOnly: Bool = false) {
        self.snippets = snippets
        self.sourceFile = sourceFile
        self.checksLastBlockOnly = checksLastBlockOnly
    }

    /// The snippets whose results this program gives.
    public var reportedSnippets: ArraySlice<Snippet> {
        checksLastBlockOnly ? snippets.suffix(1) : snippets[...]
    }

    /// Whether the program is a session: blocks that share state and print apart.
    public var isSession: Bool { snippets[0].attributes.session != nil }

    /// The Swift source handed to the compiler when the program is compiled alone.
    public var source: String { source(firstLines: blockLines) }

    /// The page line of each block's first line of code.
    public var blockLines: [Int] { snippets.map(\.firstCodeLine) }

    /// The source as if every block started on line 1: what the program is, wherever its
    /// blocks sit on the page, so editing the prose above it does not make it new.
    var lineFreeSource: String { source(firstLines: snippets.map { _ in 1 }) }

    /// Whether the program's output can depend on the lines it is on (`#line`), so moving it
    /// is a change of the program.
    var usesLineNumbers: Bool { snippets.contains { $0.code.contains("#line") } }

    private func source(firstLines: [Int]) -> String {
        guard isSession else { return Self.lineDirective(sourceFile, firstLines[0]) + snippets[0].code }
        return Self.sessionSource(zip(snippets, firstLines).map { ($0.code, $1) }, sourceFile: sourceFile)
    }

    /// The page and line of the program's first snippet.
    public var location: SnippetLocation { snippets[0].location }

    /// How the program is treated: the first block's mode, except for the outcome a session's
    /// last block expects.
    public var mode: SnippetAttributes.Mode { snippets.last!.attributes.mode }

    /// The exit status the program must end with.
    public var expectedExitStatus: Int32 { snippets.last!.attributes.expectedExitStatus }

    /// The compiler flags its blocks ask for, after the site's (a session's blocks ask for the
    /// same ones, or only some of them ask).
    public var compilerFlags: [String] { snippets.first { !$0.attributes.compilerFlags.isEmpty }?.attributes.compilerFlags ?? [] }

    /// The longest timeout any of its blocks asks for, or `nil` for the site's default.
    public var timeout: Double? { snippets.compactMap(\.attributes.timeout).max() }

    /// The environment variable that hands a session its block marker's token when it runs.
    static let blockTokenVariable = "GALLEY_BLOCK_TOKEN"

    /// Printed on both streams between the blocks of a session, so each block gets its own
    /// output. The token is new for every run and reaches the program only through its
    /// environment (removed as the program starts), so no program prints it by chance and
    /// the program's source, and so its cache key, never holds it.
    static func blockMarker(token: String) -> String { "\u{1}galley-next-block-\(token)\n" }

    /// Groups a page's snippets into programs: each session is one program, placed at its first
    /// block; every other compiled snippet is a program of its own.
    ///
    /// - Parameter sourceFile: How the compiler names the page in diagnostics and traps.
    /// - Throws: ``SnippetSyntaxError`` for a session whose blocks ask for an outcome before its end.
    public static func programs(
        for snippets: [Snippet], sourceFile: String
    ) -> (programs: [SnippetProgram], errors: [SnippetSyntaxError]) {
        var programs: [SnippetProgram] = []
        var errors: [SnippetSyntaxError] = []
        var sessions: [String: [Snippet]] = [:]
        var order: [(session: String?, snippet: Snippet)] = []
        for snippet in snippets where snippet.attributes.isCompiled {
            if let session = snippet.attributes.session {
                if sessions[session] == nil { order.append((session, snippet)) }
                sessions[session, default: []].append(snippet)
            } else {
                order.append((nil, snippet))
            }
        }
        for (session, snippet) in order {
            guard let session, let blocks = sessions[session] else {
                programs.append(SnippetProgram(snippets: [snippet], sourceFile: sourceFile))
                continue
            }
            // One program is one compilation: its blocks cannot ask for different flags.
            let flagged = blocks.filter { !$0.attributes.compilerFlags.isEmpty }
            if let first = flagged.first, let other = flagged.first(where: { $0.attributes.compilerFlags != first.attributes.compilerFlags }) {
                errors.append(
                    SnippetSyntaxError(
                        other.location,
                        "the blocks of session `\(session)` are compiled together, but this block's `flags` differ from those at line \(first.location.line); give them the same flags, or set them on one block only",
                        column: other.attributeColumns["flags"]
                    )
                )
                continue
            }
            // A `compile-fail` block is compiled after the blocks before it, and must fail
            // there; the program the other blocks make goes on without it.
            for (position, block) in blocks.enumerated() where block.attributes.mode == .compileFail {
                let before = blocks[..<position].filter { $0.attributes.mode != .compileFail }
                programs.append(SnippetProgram(snippets: before + [block], sourceFile: sourceFile, checksLastBlockOnly: true))
            }
            let running = blocks.filter { $0.attributes.mode != .compileFail }
            guard !running.isEmpty else { continue }
            var valid = true
            for block in running.dropLast() {
                if block.attributes.mode == .crash || block.attributes.expectedExitStatus != 0 {
                    errors.append(
                        SnippetSyntaxError(
                            block.location,
                            "only the last block of session `\(session)` may expect a crash or an exit status; the blocks after it would never run",
                            column: block.attributeColumns[block.attributes.mode == .crash ? "crash" : "exit"]
                        )
                    )
                    valid = false
                }
            }
            if valid { programs.append(SnippetProgram(snippets: running, sourceFile: sourceFile)) }
        }
        return (programs, errors)
    }

    /// The blocks one after the other, each under a line directive so the compiler's
    /// diagnostics and traps name the page and its lines, with a marker printed between them.
    static func sessionSource(_ blocks: [(code: String, firstLine: Int)], sourceFile: String) -> String {
        var source = sessionPrologue + "_ = _GalleyBlocks.token\n"
        for (index, block) in blocks.enumerated() {
            if index > 0 { source += "#sourceLocation()\n_GalleyBlocks.next()\n" }
            source += lineDirective(sourceFile, block.firstLine) + block.code
            if !block.code.hasSuffix("\n") { source += "\n" }
        }
        return source
    }

    /// What a session needs to mark where one block's output ends: the token, read and
    /// removed from the environment before the program's own code runs, and a function that
    /// flushes both streams and writes the marker past the program's buffers.
    static let sessionPrologue = """
        #if canImport(Glibc)
        import Glibc
        #elseif canImport(Darwin)
        import Darwin
        #endif
        enum _GalleyBlocks {
            static let token: String = {
                let value = getenv("\(blockTokenVariable)").map { String(cString: $0) } ?? ""
                unsetenv("\(blockTokenVariable)")
                return value
            }()
            static func next() {
                fflush(nil)
                let marker = Array("\\u{1}galley-next-block-\\(token)\\n".utf8)
                _ = marker.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
                _ = marker.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            }
        }

        """

    static func lineDirective(_ file: String, _ line: Int) -> String {
        let escaped = file.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
        return "#sourceLocation(file: \"\(escaped)\", line: \(line))\n"
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
