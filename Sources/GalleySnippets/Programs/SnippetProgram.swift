/// One Swift program to compile and run: a lone snippet, or the blocks of a session in page order.
public struct SnippetProgram: Sendable, Hashable {
    /// The snippets that make up the program, in page order.
    public var snippets: [Snippet]
    /// The Swift source handed to the compiler.
    public var source: String

    /// The page and line of the program's first snippet.
    public var location: SnippetLocation { snippets[0].location }

    /// How the program is treated: the first block's mode, except for the outcome a session's
    /// last block expects.
    public var mode: SnippetAttributes.Mode { snippets.last!.attributes.mode }

    /// The exit status the program must end with.
    public var expectedExitStatus: Int32 { snippets.last!.attributes.expectedExitStatus }

    /// The longest timeout any of its blocks asks for, or `nil` for the site's default.
    public var timeout: Double? { snippets.compactMap(\.attributes.timeout).max() }

    /// Printed on both streams between the blocks of a session, so each block gets its own output.
    static let blockSeparator = "\u{1}galley-next-block\n"

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
                programs.append(SnippetProgram(snippets: [snippet], source: singleSource(snippet, sourceFile: sourceFile)))
                continue
            }
            var valid = true
            for block in blocks.dropLast() {
                if block.attributes.mode == .crash || block.attributes.expectedExitStatus != 0 {
                    errors.append(
                        SnippetSyntaxError(
                            block.location,
                            "only the last block of session `\(session)` may expect a crash or an exit status; the blocks after it would never run"
                        )
                    )
                    valid = false
                }
            }
            if valid { programs.append(SnippetProgram(snippets: blocks, source: sessionSource(blocks, sourceFile: sourceFile))) }
        }
        return (programs, errors)
    }

    /// The snippet's code under a line directive, so the compiler's diagnostics and traps
    /// name the page and its lines.
    static func singleSource(_ snippet: Snippet, sourceFile: String) -> String {
        lineDirective(sourceFile, snippet.firstCodeLine) + snippet.code
    }

    /// The blocks one after the other, with a separator printed between them.
    static func sessionSource(_ blocks: [Snippet], sourceFile: String) -> String {
        // Top-level functions are visible throughout main.swift, and raw write(2) keeps the
        // separator out of the program's own buffers once they are flushed.
        var source = """
            #if canImport(Glibc)
            import Glibc
            #elseif canImport(Darwin)
            import Darwin
            #endif
            func _galleyNextBlock() {
                fflush(nil)
                let separator: StaticString = "\(blockSeparator.unicodeScalars.map { "\\u{\(String($0.value, radix: 16))}" }.joined())"
                _ = write(1, separator.utf8Start, separator.utf8CodeUnitCount)
                _ = write(2, separator.utf8Start, separator.utf8CodeUnitCount)
            }

            """
        for (index, block) in blocks.enumerated() {
            if index > 0 { source += "#sourceLocation()\n_galleyNextBlock()\n" }
            source += lineDirective(sourceFile, block.firstCodeLine) + block.code
            if !block.code.hasSuffix("\n") { source += "\n" }
        }
        return source
    }

    private static func lineDirective(_ file: String, _ line: Int) -> String {
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
