public import Foundation
internal import GalleySite

/// What the preview serves and tells the open pages: the last good snapshot, the errors of
/// the last build if it failed, and a stream of events for every page listening.
public actor PreviewState {
    /// An event sent to the pages on the reload endpoint.
    public enum Event: Sendable, Equatable {
        /// A new build is completely published; pages loaded before `publishedAt` reload.
        case build(publishedAt: Date)
        /// The last build failed; the pages show these problems over the last good site.
        case failure([Problem])
    }

    /// One diagnostic as the error overlay shows it.
    public struct Problem: Sendable, Equatable, Codable {
        /// `path:line:col`, or `nil` when the problem has no place.
        public var location: String?
        /// What is wrong and what to do.
        public var message: String

        /// Creates a problem.
        public init(location: String?, message: String) {
            self.location = location
            self.message = message
        }
    }

    /// The snapshot every request is answered from.
    public private(set) var snapshot: SiteSnapshot
    /// The problems of the last build, empty when it succeeded.
    public private(set) var problems: [Problem] = []
    private var listeners: [UUID: AsyncStream<Event>.Continuation] = [:]
    private var closed = false
    /// The pages asked for lately, whose snippets run first.
    nonisolated let viewed = ViewedPages()

    /// Creates a state serving `snapshot`.
    public init(snapshot: SiteSnapshot = SiteSnapshot()) {
        self.snapshot = snapshot
    }

    /// Serves `files` from now on and tells every page; the failure, if any, is over.
    ///
    /// - Parameter changed: The paths whose bytes changed since the last publication, when known.
    public func publish(_ files: [String: Data], changed: Set<String>? = nil) {
        snapshot = SiteSnapshot(files: files, changed: changed, previous: snapshot, publishedAt: Date())
        problems = []
        broadcast(.build(publishedAt: snapshot.publishedAt))
    }

    /// Keeps serving the last good site and shows `problems` on every page.
    public func fail(_ problems: [Problem]) {
        self.problems = problems
        broadcast(.failure(problems))
    }

    /// The events from now on, starting with the current state: the last build, and its
    /// failure if it failed.
    public func events() -> AsyncStream<Event> {
        subscribe().events
    }

    /// The events from now on, as ``events()``, and the listener's id for ``unsubscribe(_:)``.
    public func subscribe() -> (id: UUID, events: AsyncStream<Event>) {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(16))
        let id = UUID()
        guard !closed else {
            continuation.finish()
            return (id, stream)
        }
        listeners[id] = continuation
        // A stream dropped without unsubscribing is forgotten too, a moment later.
        continuation.onTermination = { _ in Task { await self.removeListener(id) } }
        continuation.yield(.build(publishedAt: snapshot.publishedAt))
        if !problems.isEmpty { continuation.yield(.failure(problems)) }
        return (id, stream)
    }

    /// Ends the listener's stream and forgets it at once.
    public func unsubscribe(_ id: UUID) {
        listeners.removeValue(forKey: id)?.finish()
    }

    /// Ends every event stream, so open connections let the server shut down.
    public func close() {
        closed = true
        for continuation in listeners.values { continuation.finish() }
        listeners = [:]
    }

    /// How many pages are listening.
    public var listenerCount: Int { listeners.count }

    private func removeListener(_ id: UUID) {
        listeners[id] = nil
    }

    private func broadcast(_ event: Event) {
        for continuation in listeners.values { continuation.yield(event) }
    }
}

extension PreviewState.Problem {
    /// The overlay's form of a diagnostic.
    init(_ diagnostic: Diagnostic) {
        self.init(location: diagnostic.location.map { "\($0)" }, message: diagnostic.message)
    }
}
