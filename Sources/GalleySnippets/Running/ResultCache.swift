internal import Crypto
public import Foundation

/// Program outcomes on disk, one JSON file per program, named by the SHA-256 of everything
/// that decides the outcome: compiler version, flags, source, mode and limits.
public struct ResultCache: Sendable {
    /// The folder that holds the entries.
    public var folder: URL

    /// A cache in `folder`, created on first write.
    public init(folder: URL) {
        self.folder = folder
    }

    /// The key of `program` compiled by `compilerVersion` under `settings`.
    public static func key(for program: SnippetProgram, compilerVersion: String, settings: RunnerSettings) -> String {
        var hasher = SHA256()
        func add(_ field: String) {
            // Length-prefixed so that no two different field lists hash the same text.
            hasher.update(data: Data("\(field.utf8.count):\(field)\n".utf8))
        }
        add("galley-snippet-v1")
        add(compilerVersion)
        add(settings.compilerFlags.joined(separator: "\u{0}"))
        add(program.source)
        add(program.mode.rawValue)
        add(String(program.timeout ?? settings.defaultTimeout))
        add(String(settings.outputLimit))
        add(String(settings.memoryLimitMiB))
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
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
