public import Hummingbird
internal import HTTPTypes
internal import NIOCore

/// The routes of `galley serve`: the reload endpoint and its script, then every other path
/// from the site's snapshot through Hummingbird's `FileMiddleware`.
public enum PreviewRouter {
    /// Builds the router answering from `state`.
    ///
    /// - Parameter heartbeat: How often an open event stream gets a comment line.
    public static func make(state: PreviewState, heartbeat: Duration = ConnectionLimits().eventStreamHeartbeat) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SnapshotMiddleware(state: state))
        router.add(middleware: FileMiddleware<BasicRequestContext, SnapshotFileProvider>(
            fileProvider: SnapshotFileProvider(), searchForIndexHtml: true
        ))
        router.get(RouterPath(LiveReloadScript.scriptPath)) { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/javascript; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: LiveReloadScript.source)))
        }
        router.get(RouterPath(LiveReloadScript.eventsPath)) { _, _ in
            await EventStream.response(state: state, heartbeat: heartbeat)
        }
        return router
    }
}
