/// One program of the book: a lone snippet, the blocks of a session, or a snippet that must
/// not compile, with what each block prints.
struct BookProgram {
    struct Block {
        /// The prose before the block.
        var lead: String
        /// The code, ending with a newline.
        var code: String
        /// What the block prints, ending with a newline.
        var output: String
    }

    /// The heading above the program.
    var title: String
    var blocks: [Block]
    /// The compiler error a `compile-fail` program must report; `nil` for one that runs.
    var compileError: String?
    /// The top-level names it declares (types, protocols, functions, operators), which decide
    /// the programs Galley can merge it with.
    var declares: [String]
    /// Whether Galley may compile it with others: `false` for one that must not compile, or
    /// whose top-level functions read its top-level variables.
    var mergeable = true

    /// Whether its blocks are one session.
    var isSession: Bool { blocks.count > 1 }

    /// The program as the page shows it: a heading, then each block after its prose, with
    /// its `output` block; a session's blocks are named `session`.
    func markdown(session: String) -> String {
        let info = compileError != nil ? "swift compile-fail" : isSession ? "swift session=\(session)" : "swift"
        var text = "## \(title)\n\n"
        for block in blocks {
            let output = compileError.map { $0 + "\n" } ?? block.output
            text += "\(block.lead)\n\n```\(info)\n\(block.code)```\n\n```output\n\(output)```\n\n"
        }
        return text
    }

    /// The program as the baseline compiles it: a session's blocks one after the other, as
    /// Galley joins them (without the markers that split their output).
    var baseline: BaselineProgram {
        let source = blocks.map(\.code).joined()
        if let compileError { return BaselineProgram(source: source, expectation: .compileError(compileError)) }
        return BaselineProgram(source: source, expectation: .output(blocks.map(\.output).joined()))
    }
}
