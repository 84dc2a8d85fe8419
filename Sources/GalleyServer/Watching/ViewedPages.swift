internal import Foundation

/// The pages people have the preview open on, most recent first: their snippets run before
/// the others'.
actor ViewedPages {
    /// How long a page counts as viewed after it was last asked for or reloaded.
    static let memory: Duration = .seconds(120)

    private var lastSeen: [String: ContinuousClock.Instant] = [:]

    /// Notes that the page built from `sourcePath` (`guide/callbacks.md`) was asked for.
    func saw(_ sourcePath: String) {
        lastSeen[sourcePath] = .now
    }

    /// The pages asked for in the last ``memory``.
    func recent() -> Set<String> {
        let cutoff = ContinuousClock.now - Self.memory
        lastSeen = lastSeen.filter { $0.value >= cutoff }
        return Set(lastSeen.keys)
    }
}
