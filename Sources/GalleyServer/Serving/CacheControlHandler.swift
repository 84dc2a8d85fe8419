internal import HTTPTypes
internal import NIOCore
internal import NIOHTTPTypes

/// Gives every response head of a connection `Cache-Control: no-cache`, unless it says
/// otherwise, since the site changes under the browser: the routes' answers, and also the
/// ones Hummingbird writes itself (a 400 for a request it cannot parse, a 500).
final class CacheControlHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .head(var head) = unwrapOutboundIn(data), head.headerFields[.cacheControl] == nil else {
            context.write(data, promise: promise)
            return
        }
        head.headerFields[.cacheControl] = "no-cache"
        context.write(wrapOutboundOut(.head(head)), promise: promise)
    }
}

@available(*, unavailable)
extension CacheControlHandler: Sendable {}
