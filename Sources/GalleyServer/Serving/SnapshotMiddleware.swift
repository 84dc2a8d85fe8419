internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import NIOCore

/// Pins the current snapshot to the request and settles what `FileMiddleware` would get
/// wrong for a preview before it runs: methods other than `GET` and `HEAD`, paths that hold
/// `..`, folders without their slash, and `Range` headers. Every error becomes a response
/// here (a missing path gets the site's own `404.html`), so each one carries the preview's
/// headers.
struct SnapshotMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let state: PreviewState

    static let serverTiming = HTTPField.Name("Server-Timing")!

    /// The only methods the preview answers.
    static let allowedMethods = "GET, HEAD"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let snapshot = await state.snapshot
        var response = await SiteSnapshot.$current.withValue(snapshot) {
            do {
                return try await answer(request, context: context, snapshot: snapshot, next: next)
            } catch let error as any HTTPResponseError where error.status == .notFound {
                return notFound(snapshot, request: request)
            } catch let error as any HTTPResponseError {
                return (try? error.response(from: request, context: context)) ?? Response(status: error.status)
            } catch {
                return Response(status: .internalServerError)
            }
        }
        // Which build answered: the live-reload script compares it with each announced build.
        response.headers[Self.serverTiming] = "galley;desc=\"\(ServerSentEvent.milliseconds(snapshot.publishedAt))\""
        // A page someone has open: its snippets run before the others'.
        if request.method == .get, response.status == .ok, let route = Self.pageRoute(request.uri.path) {
            await state.viewed.saw(route)
        }
        return response
    }

    private func answer(
        _ request: Request, context: Context, snapshot: SiteSnapshot, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: Self.allowedMethods, .contentLength: "0"])
        }
        guard let path = request.uri.path.removingPercentEncoding else {
            throw HTTPError(.badRequest, message: "The path's percent-encoding is invalid.")
        }
        guard !Self.holdsParentReference(request.uri.path) else {
            throw HTTPError(.badRequest, message: "A path may not hold `..`.")
        }
        let key = SnapshotFileProvider.key(path)
        if !path.hasSuffix("/"), !key.isEmpty, snapshot.folders.contains(key) {
            return .redirect(to: Self.folderLocation(key, query: request.uri.query), type: .permanent)
        }
        guard request.method == .get, request.headers[.range] != nil, let file = SnapshotFileProvider.servedFile(path, in: snapshot) else {
            return try await next(Self.withoutRange(request), context)
        }
        var range = ByteRangeRequest(header: request.headers[.range], size: file.bytes.readableBytes)
        // With `If-Range` the middleware decides between the part and the whole file; it can
        // only do that with a range it reads right.
        if range == .unsatisfiable, request.headers[.ifRange] != nil { range = .whole }
        switch range {
        case .whole:
            return try await next(Self.withRange(nil, request), context)
        case .part(let bytes):
            return try await next(Self.withRange("bytes=\(bytes.lowerBound)-\(bytes.upperBound)", request), context)
        case .unsatisfiable:
            return Response(
                status: .rangeNotSatisfiable,
                headers: [.contentRange: "bytes */\(file.bytes.readableBytes)", .acceptRanges: "bytes", .contentLength: "0"]
            )
        }
    }

    /// The route of the page a request path asks for (`guide/callbacks/` for
    /// `/guide/callbacks/` or `/guide/callbacks/index.html`), or `nil` for another file.
    static func pageRoute(_ path: String) -> String? {
        let key = SnapshotFileProvider.key(path.removingPercentEncoding ?? path)
        if key.isEmpty || key == "index.html" { return "" }
        if key.hasSuffix("/index.html") { return String(key.dropLast("index.html".count)) }
        return key.hasSuffix("/") ? key : nil
    }

    /// Whether `path` holds `..` in any spelling: plain, percent-encoded once or twice, with
    /// encoded slashes or backslashes around it. The site's paths never do, so refusing them
    /// costs nothing, and a server that decodes once more than another can never be led out.
    static func holdsParentReference(_ path: String) -> Bool {
        var spelling = path
        for _ in 0..<3 {
            if spelling.contains("..") { return true }
            guard let decoded = spelling.removingPercentEncoding, decoded != spelling else { return false }
            spelling = decoded
        }
        return spelling.contains("..")
    }

    /// The address of folder `key` with its slash: always a path on this host, however many
    /// slashes the request began with (`//guide` would be another host's address), with each
    /// name percent-encoded and the query kept.
    static func folderLocation(_ key: String, query: String?) -> String {
        var location = "/" + key.split(separator: "/").map { percentEncoded(String($0), keeping: pathBytes) }.joined(separator: "/") + "/"
        if let query, !query.isEmpty { location += "?" + percentEncoded(query, keeping: queryBytes) }
        return location
    }

    /// Bytes a path segment keeps as they are (RFC 3986 `pchar` without `%`); a backslash is
    /// encoded, since browsers read `/\host` as `//host`.
    private static let pathBytes = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@".utf8)
    /// A query arrives encoded: only bytes no header may hold are encoded again.
    private static let queryBytes = Set((0x21...0x7E).map(UInt8.init))

    private static func percentEncoded(_ text: String, keeping allowed: Set<UInt8>) -> String {
        var encoded = ""
        for byte in text.utf8 {
            if allowed.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }

    /// `request` for the middleware: it reads ranges only of `GET`, and here only in the form
    /// this middleware wrote.
    private static func withoutRange(_ request: Request) -> Request {
        request.headers[.range] == nil ? request : withRange(nil, request)
    }

    private static func withRange(_ range: String?, _ request: Request) -> Request {
        var head = request.head
        head.headerFields[.range] = range
        return Request(head: head, body: request.body)
    }

    private func notFound(_ snapshot: SiteSnapshot, request: Request) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        let bytes = snapshot.files["404.html"]?.bytes ?? ByteBuffer(string: "<!doctype html><title>Not found</title><h1>Not found</h1>\n")
        headers[.contentLength] = String(bytes.readableBytes)
        return Response(status: .notFound, headers: headers, body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: bytes))
    }
}
