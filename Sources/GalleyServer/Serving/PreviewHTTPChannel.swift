internal import Hummingbird
internal import HummingbirdCore
internal import Logging
internal import NIOCore

/// Hummingbird's HTTP/1.1 connection with the preview's limits: a request head must arrive
/// within ``ConnectionLimits/requestHeadTimeout`` (Hummingbird's idle timeout, which also
/// closes idle keep-alive connections), the ``ConnectionLimiter`` counts each connection and
/// its requests, every response gets `Cache-Control: no-cache`, and the request's task learns
/// when its client hangs up (``ConnectionHangup``).
struct PreviewHTTPChannel: ServerChildChannel {
    /// A connection being served.
    struct Value: ServerChildChannelValue {
        let connection: HTTP1Channel.Value
        let hangup: EventLoopFuture<Void>
        /// When the connection was accepted: its handling may start a little later.
        let accepted: ContinuousClock.Instant

        var channel: any Channel { connection.channel }
    }

    private let http1: HTTP1Channel
    private let limiter: ConnectionLimiter

    init(responder: @escaping HTTPChannelHandler.Responder, limits: ConnectionLimits, limiter: ConnectionLimiter) {
        // Each request is counted for as long as it is answered, so the limiter never closes
        // a connection that is sending a page or holding an event stream.
        let counted: HTTPChannelHandler.Responder = { request, writer, channel in
            await limiter.requestStarted(on: channel)
            do {
                try await responder(request, writer, channel)
            } catch {
                await limiter.requestEnded(on: channel)
                throw error
            }
            await limiter.requestEnded(on: channel)
        }
        let configuration = HTTP1Channel.Configuration(
            additionalChannelHandlers: [CacheControlHandler(), ConnectionHangupHandler()],
            idleTimeout: TimeAmount(limits.requestHeadTimeout)
        )
        http1 = HTTP1Channel(responder: counted, configuration: configuration)
        self.limiter = limiter
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let accepted = ContinuousClock.now
        return http1.setup(channel: channel, logger: logger).flatMapThrowing { connection in
            // On the channel's event loop, where its pipeline may be read.
            guard let hangup = try channel.pipeline.syncOperations.handler(type: ConnectionHangupHandler.self).hangup else {
                throw ChannelError.inappropriateOperationForState
            }
            return Value(connection: connection, hangup: hangup, accepted: accepted)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await limiter.opened(value.channel, accepted: value.accepted)
        await ConnectionHangup.$current.withValue(value.hangup) {
            await http1.handle(value: value.connection, logger: logger)
        }
        await limiter.closed(value.channel)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with the preview's limits, counted by `limiter`.
    static func preview(limits: ConnectionLimits, limiter: ConnectionLimiter) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in PreviewHTTPChannel(responder: responder, limits: limits, limiter: limiter) }
    }
}
