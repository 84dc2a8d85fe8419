internal import NIOCore

/// The preview's open connections and which of them are answering a request, so that at the
/// limit the one that has waited longest for a request is closed to make room.
///
/// Hummingbird stops accepting once the limit is reached (its `MaximumAvailableConnections`),
/// which keeps the server within its open-files limit: an accept that fails for want of a
/// descriptor ends NIO's sequence of connections, and with it the server. On its own that
/// would let a few hundred clients that never finish a request shut every other client out
/// until their head timeout; closing the longest-waiting one instead lets a page through at
/// once. Connections answering a request, event streams among them, are never closed here.
actor ConnectionLimiter {
    private struct Connection {
        let channel: any Channel
        var requests = 0
        /// When it last began waiting for a request: it was accepted, or its last response ended.
        var waitingSince: ContinuousClock.Instant
    }

    /// What the terminal is told, at most once every ``noteInterval`` each.
    private enum Note: Hashable {
        case closingWaiting
        case allBusy
    }

    /// The most connections open at once.
    let limit: Int
    private let report: @Sendable (String) -> Void
    private var connections: [ObjectIdentifier: Connection] = [:]
    private var lastNotes: [Note: ContinuousClock.Instant] = [:]
    private let noteInterval: Duration = .seconds(10)

    /// Creates a limiter of `limit` connections that tells `report` when it is reached.
    init(limit: Int, report: @escaping @Sendable (String) -> Void) {
        self.limit = limit
        self.report = report
    }

    /// How many connections are open.
    var openCount: Int { connections.count }

    /// Counts a connection accepted at `accepted`; at the limit, closes the one that has
    /// waited longest for a request, if any is waiting.
    func opened(_ channel: any Channel, accepted: ContinuousClock.Instant) {
        let id = ObjectIdentifier(channel)
        connections[id] = Connection(channel: channel, waitingSince: accepted)
        guard connections.count >= limit else { return }
        let waiting = connections.filter { $0.key != id && $0.value.requests == 0 }
        if let (oldestID, oldest) = waiting.min(by: { $0.value.waitingSince < $1.value.waitingSince }) {
            connections[oldestID] = nil
            oldest.channel.close(promise: nil)
            note(.closingWaiting, "\(limit) connections are open, the most galley serve holds: closing the ones that have waited longest without sending a request")
        } else {
            note(.allBusy, "all \(limit) connections are answering requests or holding event streams: new connections wait until one closes")
        }
    }

    /// A request arrived on `channel`.
    func requestStarted(on channel: any Channel) {
        connections[ObjectIdentifier(channel)]?.requests += 1
    }

    /// A response on `channel` is complete; it waits for its next request from now on.
    func requestEnded(on channel: any Channel) {
        let id = ObjectIdentifier(channel)
        guard var connection = connections[id] else { return }
        connection.requests -= 1
        if connection.requests == 0 { connection.waitingSince = .now }
        connections[id] = connection
    }

    /// `channel` is closed.
    func closed(_ channel: any Channel) {
        connections[ObjectIdentifier(channel)] = nil
    }

    private func note(_ kind: Note, _ text: String) {
        let now = ContinuousClock.now
        if let last = lastNotes[kind], now - last < noteInterval { return }
        lastNotes[kind] = now
        report(text)
    }
}
