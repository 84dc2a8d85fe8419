internal import Foundation

/// Programs compiled together as one Swift module and linked into one executable, each still
/// run in a process of its own: the executable starts the program that its environment's
/// `GALLEY_PROGRAM` names.
struct MergedBatch: Sendable {
    /// The programs, with their analyses (each mergeable).
    var members: [(program: SnippetProgram, analysis: MergeAnalysis)]

    /// What selects member `index` when the executable runs.
    static func selector(_ index: Int) -> String { "p\(index)" }

    /// The file that holds member `index`'s code.
    static func fileName(_ index: Int) -> String { "p\(index).swift" }

    /// The module's files, by name.
    var files: [String: String] {
        var files = ["main.swift": entry, "galley_blocks.swift": SnippetProgram.sessionPrologue]
        for (index, member) in members.enumerated() {
            files[Self.fileName(index)] = Self.source(of: member.program, member.analysis, namespace: "_GalleyProgram_\(index)")
        }
        return files
    }

    /// main.swift: reads which program to start and removes it from the environment, as a
    /// program compiled alone never sees it, then starts that program's code.
    private var entry: String {
        var source = """
            #if canImport(Glibc)
            import Glibc
            #elseif canImport(Darwin)
            import Darwin
            #endif
            let _galleyProgram = getenv("\(ProgramRunner.programVariable)").map { String(cString: $0) } ?? ""
            unsetenv("\(ProgramRunner.programVariable)")
            _ = _GalleyBlocks.token
            switch _galleyProgram {

            """
        for index in members.indices {
            source += "case \"\(Self.selector(index))\": try await _GalleyProgram_\(index).main()\n"
        }
        source += "default: fatalError(\"galley: this executable has no program \\(_galleyProgram)\")\n}\n"
        return source
    }

    /// A program's file: its imports and file-scope declarations where they were, its
    /// statements in order in the entry of a namespace of its own, every line under a line
    /// directive that names its page and line.
    static func source(of program: SnippetProgram, _ analysis: MergeAnalysis, namespace: String) -> String {
        var source = ""
        var directed = false
        func append(_ chunk: MergeAnalysis.Chunk, of snippet: Snippet) {
            source += SnippetProgram.lineDirective(program.sourceFile, snippet.firstCodeLine + chunk.line - 1) + chunk.text
            if !chunk.text.hasSuffix("\n") { source += "\n" }
            directed = true
        }
        // A closing directive is an error unless one opened before it.
        func close() -> String {
            guard directed else { return "" }
            directed = false
            return "#sourceLocation()\n"
        }
        let blocks = zip(program.snippets, analysis.blocks)
        for (snippet, block) in blocks { block.imports.forEach { append($0, of: snippet) } }
        for (snippet, block) in blocks { block.declarations.forEach { append($0, of: snippet) } }
        source += close() + "enum \(namespace) {\n@MainActor static func main() async throws {\n"
        for (index, (snippet, block)) in blocks.enumerated() {
            if index > 0 { source += close() + "_GalleyBlocks.next()\n" }
            block.statements.forEach { append($0, of: snippet) }
        }
        source += close() + "}\n}\n"
        return source
    }

    /// The members named by an error in `diagnostics`: by their page and lines, or by their
    /// file when the error is in Galley's own lines of it. `nil` when some error names none.
    func membersNamed(inErrors diagnostics: String) -> Set<Int>? {
        var named: Set<Int> = []
        for line in diagnostics.split(separator: "\n") {
            guard let range = line.range(of: ": error: ") else { continue }
            let location = line[..<range.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
            guard location.count >= 3, let lineNumber = Int(location[location.count - 2]) else { return nil }
            let file = location.dropLast(2).joined(separator: ":")
            if let index = members.indices.first(where: { Self.fileName($0) == file }) {
                named.insert(index)
            } else if let index = members.indices.first(where: { members[$0].program.contains(line: lineNumber, of: file) }) {
                named.insert(index)
            } else {
                return nil
            }
        }
        return named.isEmpty ? nil : named
    }

    /// The diagnostics about member `index`: the lines that name its page and lines.
    func diagnostics(of index: Int, in diagnostics: String) -> String {
        let program = members[index].program
        var kept: [Substring] = []
        var keeping = false
        for line in diagnostics.split(separator: "\n", omittingEmptySubsequences: false) {
            let location = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            if location.count >= 3, let number = Int(location[1]) {
                keeping = program.contains(line: number, of: String(location[0]))
            }
            if keeping { kept.append(line) }
        }
        return kept.isEmpty ? "" : kept.joined(separator: "\n") + "\n"
    }
}

extension SnippetProgram {
    /// Whether `line` of `file` is one of the program's lines of code.
    func contains(line: Int, of file: String) -> Bool {
        guard file == sourceFile else { return false }
        return snippets.contains { snippet in
            let count = snippet.code.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            return (snippet.firstCodeLine..<(snippet.firstCodeLine + max(1, count))).contains(line)
        }
    }
}
