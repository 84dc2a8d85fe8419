/// How long the preview waits for clients and how many it holds at once, so slow, idle or
/// vanished clients cannot use up the server.
public struct ConnectionLimits: Sendable, Equatable {
    /// How long a connection may take to send a complete request head, from when it opens or
    /// its last response ends; past that it is closed. An idle keep-alive connection is closed
    /// after the same time.
    public var requestHeadTimeout: Duration = .seconds(10)
    /// How many connections are open at once. At the limit, the connection that has waited
    /// longest without sending a request is closed to make room; when every connection is busy,
    /// new ones wait in the system's queue until one closes.
    public var maxConnections = 512
    /// How often an open event stream gets a comment line, so a connection whose client is gone
    /// without a word fails its write and is let go.
    public var eventStreamHeartbeat: Duration = .seconds(15)

    /// The defaults: 10 s for a request head, 512 connections, a heartbeat every 15 s.
    public init() {}
}
