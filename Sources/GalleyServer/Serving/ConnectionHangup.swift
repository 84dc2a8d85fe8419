internal import NIOCore
internal import NIOHTTPTypes

/// Completes when the client of a connection hangs up: it closed its side (a closed tab, a
/// stopped `curl`), or the connection is gone.
///
/// A response that waits for something other than the client, as an event stream waits for
/// the next build, learns this way that nobody listens any more. It has no other way: a
/// client's close is only an end of input, which Hummingbird reads once the response is over,
/// and writing to the socket succeeds until the client's system answers with a reset.
enum ConnectionHangup {
    /// The hang-up of the connection whose request is being answered; `nil` outside a
    /// connection of ``PreviewHTTPChannel``.
    @TaskLocal static var current: EventLoopFuture<Void>?
}

/// Watches a connection's pipeline for the end of its input or of the connection, and
/// completes ``hangup`` then.
final class ConnectionHangupHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private var promise: EventLoopPromise<Void>?

    /// Completes when the client hangs up; set once the handler is in a pipeline.
    private(set) var hangup: EventLoopFuture<Void>?

    func handlerAdded(context: ChannelHandlerContext) {
        let promise = context.eventLoop.makePromise(of: Void.self)
        self.promise = promise
        hangup = promise.futureResult
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        complete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        complete()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { complete() }
        context.fireUserInboundEventTriggered(event)
    }

    private func complete() {
        promise?.succeed()
        promise = nil
    }
}

@available(*, unavailable)
extension ConnectionHangupHandler: Sendable {}
