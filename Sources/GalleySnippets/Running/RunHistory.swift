internal import Crypto
internal import Foundation

/// What the last run knew of each program, kept beside the cache (`.galley/history.json`),
/// so that `galley check --explain` can say why a program was compiled again: it is new, its
/// source or its flags changed, the compiler changed, or its last run timed out.
///
/// A program is known by its page and its place among the page's programs; the history is
/// advisory, and a missing or unreadable one only makes every program "new".
struct RunHistory: Sendable {
    /// What one run of a program was made of.
    struct Entry: Sendable, Hashable, Codable {
        var key: String
        var source: String
        var flags: String
        var compiler: String
        var limits: String
        var timedOut: Bool
        var galleyFailed: Bool
    }

    private(set) var entries: [String: Entry] = [:]
    let file: URL?

    /// The history in `cacheFolder`, or an empty one.
    init(cacheFolder: URL?) {
        file = cacheFolder?.deletingLastPathComponent().appending(path: "history.json")
        if let file, let data = FileManager.default.contents(atPath: file.path),
            let entries = try? JSONDecoder().decode([String: Entry].self, from: data)
        {
            self.entries = entries
        }
    }

    /// The name of a program in the history: its page and the place of its first block, which
    /// filters and shards do not change.
    static func name(of program: SnippetProgram) -> String {
        "\(program.sourceFile)#\(program.snippets[0].blockIndex)"
    }

    /// What `program` is made of now.
    static func entry(for program: SnippetProgram, key: String, compiler: CompilerIdentity, settings: RunnerSettings) -> Entry {
        func digest(_ text: String) -> String { SHA256.hash(data: Data(text.utf8)).prefix(8).lowercaseHex }
        let limits = "\(program.mode.rawValue) \(program.timeout ?? settings.defaultTimeout) \(settings.compileTimeout) \(settings.outputLimit) \(settings.memoryLimitMiB)"
        return Entry(
            key: key, source: digest(program.lineFreeSource), flags: digest((settings.compilerFlags + ["--"] + program.compilerFlags).joined(separator: "\u{0}")),
            compiler: digest(compiler.path + "\n" + compiler.version), limits: limits, timedOut: false, galleyFailed: false
        )
    }

    /// Why a program that the cache could not answer had to run, from what its last run was.
    func reason(for name: String, now: Entry) -> String {
        guard let last = entries[name] else { return "new" }
        if last.compiler != now.compiler { return "the compiler changed" }
        if last.flags != now.flags { return "its compiler flags changed" }
        if last.source != now.source { return "its source changed" }
        if last.limits != now.limits { return "its mode, timeout or limits changed" }
        if last.timedOut { return "its last run timed out" }
        if last.galleyFailed { return "Galley could not run it last time" }
        return "its result is not in the cache"
    }

    /// Records what a program's run was made of and how it ended.
    mutating func record(_ name: String, _ entry: Entry) {
        entries[name] = entry
    }

    /// Writes the history atomically; failing to costs only explanations.
    func save() {
        guard let file else { return }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try? encoder.encode(entries).write(to: file, options: .atomic)
    }
}
