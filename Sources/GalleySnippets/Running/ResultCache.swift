internal import Crypto
public import Foundation

/// Program outcomes on disk, one JSON file per program, named by the SHA-256 of everything
/// that decides the outcome: the compiler's path and version, every flag, the program's code,
/// its mode, timeouts and limits. Not its lines on the page: a program that only moved (prose
/// edited above it) is answered from the cache, and the lines its diagnostics and traps name
/// are moved with it.
public struct ResultCache: Sendable {
    /// The folder that holds the entries.
    public var folder: URL

    /// A cache in `folder`, created on first write.
    public init(folder: URL) {
        self.folder = folder
    }

    /// The key of `program` compiled by the compiler `compiler` describes under `settings`.
    public static func key(for program: SnippetProgram, compiler: CompilerIdentity, settings: RunnerSettings) -> String {
        var hasher = SHA256()
        func add(_ field: String) {
            // Length-prefixed so that no two different field lists hash the same text.
            hasher.update(data: Data("\(field.utf8.count):\(field)\n".utf8))
        }
        // v4: diagnostics in the LLVM style.
        add("galley-snippet-v4")
        add(compiler.path)
        add(compiler.version)
        add(settings.compilerFlags.joined(separator: "\u{0}"))
        add(program.compilerFlags.joined(separator: "\u{0}"))
        add(program.lineFreeSource)
        // A program that prints `#line` prints where it is: then its lines are part of it.
        if program.usesLineNumbers { add(program.blockLines.map(String.init).joined(separator: ",")) }
        add(program.mode.rawValue)
        add(String(program.timeout ?? settings.defaultTimeout))
        add(String(settings.compileTimeout))
        add(String(settings.outputLimit))
        add(String(settings.memoryLimitMiB))
        // What a program can see differs in the sandbox, and so may what it prints.
        if let sandbox = settings.sandbox { add("sandbox \(sandbox.processLimit)") }
        return hasher.finalize().lowercaseHex
    }

    private func url(for key: String) -> URL {
        folder.appending(path: String(key.prefix(2)), directoryHint: .isDirectory).appending(path: key + ".json")
    }

    /// The stored outcome, or `nil` when there is none or it cannot be read (a corrupt entry is
    /// treated as missing and overwritten by the next ``store(_:for:)``).
    public func outcome(for key: String) -> ProgramOutcome? {
        guard let data = FileManager.default.contents(atPath: url(for: key).path) else { return nil }
        return try? JSONDecoder().decode(ProgramOutcome.self, from: data)
    }

    /// The stored outcome of `program`, its lines moved to where the program is now.
    func outcome(for key: String, of program: SnippetProgram) -> ProgramOutcome? {
        outcome(for: key)?.relocated(to: program)
    }

    /// Stores an outcome atomically; a failure to write only costs a future rerun.
    public func store(_ outcome: ProgramOutcome, for key: String) {
        let entry = url(for: key)
        do {
            try FileManager.default.createDirectory(at: entry.deletingLastPathComponent(), withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(outcome).write(to: entry, options: .atomic)
        } catch {
            // The cache is an optimisation: the result in hand is still right.
        }
    }
}

/// Which compiler compiles the programs: part of every cache key.
public struct CompilerIdentity: Sendable, Hashable {
    /// The compiler's absolute path, when it was found on `PATH` or given as one.
    public var path: String
    /// What `swiftc --version` prints.
    public var version: String

    /// Creates an identity.
    public init(path: String, version: String) {
        self.path = path
        self.version = version
    }
}

extension ProgramOutcome {
    /// This outcome for `program` where it is now: every `page:line` in the diagnostics and in
    /// standard error that fell in one of the blocks as they were when it ran is moved by as
    /// many lines as that block moved.
    func relocated(to program: SnippetProgram) -> ProgramOutcome {
        let lines = program.blockLines
        guard blockLines.count == lines.count, blockLines != lines else { return self }
        let moves = zip(program.snippets, zip(blockLines, lines)).map { snippet, pair in
            (range: pair.0..<(pair.0 + max(1, snippet.code.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }) + 1), by: pair.1 - pair.0)
        }
        // Diagnostics name the page by its path; traps by its file ID, `main/<file name>`.
        let fileID = "main/" + (program.sourceFile.split(separator: "/").last.map(String.init) ?? program.sourceFile)
        func move(_ text: String) -> String {
            [program.sourceFile, fileID].reduce(text) { text, file in
                LineReferences.rewrite(text, file: file) { line in
                    moves.first { $0.range.contains(line) }.map { line + $0.by } ?? line
                }
            }
        }
        var moved = self
        moved.compilerOutput = move(compilerOutput)
        moved.blocks = blocks.map { block in
            var block = block
            block.standardError.text = move(block.standardError.text)
            return block
        }
        moved.blockLines = lines
        return moved
    }
}

/// Finds `file:line` in text (a diagnostic's `guide/a.md:12:5`, a trap's `guide/a.md:12`).
enum LineReferences {
    /// `text` with the line number of every reference to `file` replaced by `transform`'s.
    static func rewrite(_ text: String, file: String, _ transform: (Int) -> Int) -> String {
        let needle = Array((file + ":").utf8)
        let bytes = Array(text.utf8)
        guard bytes.count > needle.count, text.contains(file) else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == needle[0], index + needle.count <= bytes.count, Array(bytes[index..<(index + needle.count)]) == needle,
                index == 0 || !isPathByte(bytes[index - 1])
            {
                var end = index + needle.count
                var number = 0
                while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]), end - index - needle.count < 9 {
                    number = number * 10 + Int(bytes[end] - UInt8(ascii: "0"))
                    end += 1
                }
                if end > index + needle.count {
                    result += needle
                    result += Array(String(transform(number)).utf8)
                    index = end
                    continue
                }
            }
            result.append(bytes[index])
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Whether `byte` can be part of a path, so a match after it is only the end of a longer one.
    private static func isPathByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

extension Sequence<UInt8> {
    /// The bytes as lowercase hexadecimal, two digits each; `String(format:)` per byte costs
    /// more than the hash itself.
    var lowercaseHex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
