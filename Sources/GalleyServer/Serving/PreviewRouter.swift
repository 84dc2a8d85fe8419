internal import Foundation
public import Hummingbird
internal import HTTPTypes
internal import NIOCore

/// The routes of `galley serve`: the reload endpoint and its script, then every other path
/// from the site's snapshot through Hummingbird's `FileMiddleware`.
public enum PreviewRouter {
    /// Builds the router answering from `state`.
    public static func make(state: PreviewState) -> Router<BasicRequestContext> {
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
            let events = await state.events()
            var headers = HTTPFields()
            headers[.contentType] = "text/event-stream"
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                // A short retry lets a page find a restarted server quickly.
                try await writer.write(ByteBuffer(string: "retry: 300\n\n"))
                for await event in events {
                    try await writer.write(ByteBuffer(string: ServerSentEvent(event).text))
                }
                try await writer.finish(nil)
            })
        }
        return router
    }
}

/// Pins the current snapshot to the request, answers a missing path with the site's
/// `404.html` and a 404 status, and asks browsers to revalidate every file, since the site
/// changes under them.
struct SnapshotMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let state: PreviewState

    static let serverTiming = HTTPField.Name("Server-Timing")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let snapshot = await state.snapshot
        return try await SiteSnapshot.$current.withValue(snapshot) {
            var response: Response
            do {
                response = try await next(request, context)
            } catch let error as any HTTPResponseError where error.status == .notFound {
                response = notFound(snapshot, request: request)
            }
            if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-cache" }
            // Which build answered: the live-reload script compares it with each announced build.
            response.headers[Self.serverTiming] = "galley;desc=\"\(ServerSentEvent.milliseconds(snapshot.publishedAt))\""
            return response
        }
    }

    private func notFound(_ snapshot: SiteSnapshot, request: Request) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        let bytes = snapshot.files["404.html"]?.bytes ?? ByteBuffer(string: "<!doctype html><title>Not found</title><h1>Not found</h1>\n")
        headers[.contentLength] = String(bytes.readableBytes)
        return Response(status: .notFound, headers: headers, body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: bytes))
    }
}

/// One event in the `text/event-stream` format.
struct ServerSentEvent {
    var text: String

    /// Milliseconds since 1970, the unit of the page's clock (`performance.timeOrigin`).
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    init(_ event: PreviewState.Event) {
        switch event {
        case .build(let publishedAt):
            text = "event: build\ndata: {\"publishedAt\":\(Self.milliseconds(publishedAt))}\n\n"
        case .failure(let problems):
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let json = (try? encoder.encode(["problems": problems])).map { String(decoding: $0, as: UTF8.self) } ?? "{\"problems\":[]}"
            // JSON holds no raw newline, so the data fits on one line.
            text = "event: failure\ndata: \(json)\n\n"
        }
    }
}
