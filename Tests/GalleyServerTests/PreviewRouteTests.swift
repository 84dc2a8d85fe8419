import Foundation
@testable import GalleyServer
import GalleySite
import Synchronization
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The preview's routes on a real server on a loopback port, answering from an in-memory site.
@Suite("galley serve routes")
struct PreviewRouteTests {
    static let site: [String: Data] = [
        "index.html": Data("<!doctype html><title>Home</title><h1>Home</h1>".utf8),
        "guide/index.html": Data("<!doctype html><title>Guide</title>".utf8),
        "guide/callbacks/index.html": Data("<!doctype html><title>Callbacks</title><p>callbacks</p>".utf8),
        "404.html": Data("<!doctype html><title>Not found</title><h1>This page does not exist</h1>".utf8),
        "assets/galley.css": Data("body { color: black }".utf8),
        "assets/galley.js": Data("console.log(1)".utf8),
        "feed.xml": Data("<?xml version=\"1.0\"?><feed/>".utf8),
        "sitemap.xml": Data("<?xml version=\"1.0\"?><urlset/>".utf8),
        "images/diagram.svg": Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8),
        "images/photo.png": Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        "data/example.json": Data("{}".utf8),
        "notes.txt": Data("plain".utf8),
    ]

    /// Serves the site on a loopback port with the preview's real application: its routes,
    /// limits and connection handlers.
    private func withServer(
        limits: ConnectionLimits = ConnectionLimits(),
        _ test: @escaping @Sendable (any TestClientProtocol, PreviewState, Int) async throws -> Void
    ) async throws {
        let state = PreviewState()
        await state.publish(Self.site)
        // Away from the shared pool, which other suites block for seconds at a time.
        try await withTaskExecutorPreference(EventLoopTaskExecutor.shared) {
            try await PreviewServer.testing(limits: limits).application(state: state).test(.live) { client in
                try await test(client, state, try #require(client.port))
            }
        }
    }

    private func withServer(_ test: @escaping @Sendable (any TestClientProtocol, PreviewState) async throws -> Void) async throws {
        try await withServer { client, state, _ in try await test(client, state) }
    }

    @Test("Every file type of the site gets its Content-Type", arguments: [
        ("/", "text/html"), ("/guide/callbacks/", "text/html"), ("/assets/galley.css", "text/css"),
        ("/assets/galley.js", "javascript"), ("/feed.xml", "xml"), ("/sitemap.xml", "xml"),
        ("/images/diagram.svg", "image/svg+xml"), ("/images/photo.png", "image/png"), ("/data/example.json", "application/json"),
        ("/notes.txt", "text/plain"),
    ])
    func contentTypes(path: String, type: String) async throws {
        try await withServer { client, _ in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.contains(type) == true, "\(path): \(response.headers[.contentType] ?? "none")")
                let expected = Self.site[path == "/" ? "index.html" : String(path.dropFirst()) + (path.hasSuffix("/") ? "index.html" : "")]
                #expect(Data(response.body.readableBytesView) == expected)
            }
        }
    }

    @Test("Pages asked for are noted as viewed, so their snippets run first; other files are not")
    func viewedPages() async throws {
        try await withServer { client, state in
            for path in ["/guide/callbacks/", "/index.html", "/assets/galley.css", "/missing/"] {
                try await client.execute(uri: path, method: .get) { _ in }
            }
            #expect(await state.viewed.recent() == ["guide/callbacks/", ""])
        }
    }

    @Test("A folder serves its index.html, and a folder without its slash is redirected")
    func folders() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/guide/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<title>Guide</title>"))
            }
            try await client.execute(uri: "/guide", method: .get) { response in
                #expect(response.status == .movedPermanently)
                #expect(response.headers[.location] == "/guide/")
            }
        }
    }

    @Test("A folder's redirect is a path on this host, whatever slashes the request began with, and keeps the query", arguments: [
        ("//guide", "/guide/"), ("///guide", "/guide/"), ("//guide/callbacks", "/guide/callbacks/"), ("/%2Fguide", "/guide/"),
        ("/guide?x=1", "/guide/?x=1"), ("//guide?x=1&y=%20two", "/guide/?x=1&y=%20two"), ("/guide/callbacks?", "/guide/callbacks/"),
    ])
    func folderRedirects(path: String, location: String) async throws {
        try await withServer { _, _, port in
            // Sent as written: an HTTP client could tidy the path first.
            let response = try await blocking { try LoopbackSocket.get(path, port: port) }
            #expect(response.status == 301, "\(path) → \(response.status)")
            #expect(response.headers["location"] == location, "\(path) → \(response.headers["location"] ?? "no Location")")
            #expect(response.headers["cache-control"] == "no-cache")
        }
    }

    @Test("A missing path gets the site's 404.html with status 404, for GET and HEAD")
    func notFound() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/guide/missing/", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(String(buffer: response.body).contains("This page does not exist"))
            }
            try await client.execute(uri: "/missing.css", method: .head) { response in
                #expect(response.status == .notFound)
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test("HEAD gives the headers of GET without a body")
    func head() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/assets/galley.css", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentLength] == String(Self.site["assets/galley.css"]!.count))
                #expect(response.headers[.eTag] != nil)
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test("If-None-Match with the current ETag gets 304; a changed file gets a new ETag, an unchanged one keeps its own")
    func entityTags() async throws {
        try await withServer { client, state in
            let first = try await client.execute(uri: "/guide/callbacks/", method: .get) { $0.headers[.eTag] }
            let cssTag = try await client.execute(uri: "/assets/galley.css", method: .get) { $0.headers[.eTag] }
            let tag = try #require(first)
            try await client.execute(uri: "/guide/callbacks/", method: .get, headers: [.ifNoneMatch: tag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            var changed = Self.site
            changed["guide/callbacks/index.html"] = Data("<!doctype html><title>Callbacks</title><p>edited</p>".utf8)
            await state.publish(changed)
            try await client.execute(uri: "/guide/callbacks/", method: .get, headers: [.ifNoneMatch: tag]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] != tag)
                #expect(String(buffer: response.body).contains("edited"))
            }
            try await client.execute(uri: "/assets/galley.css", method: .get, headers: [.ifNoneMatch: cssTag ?? ""]) { response in
                #expect(response.status == .notModified)
            }
        }
    }

    @Test("A path that holds `..`, in any spelling, is refused with 400", arguments: [
        "/../etc/passwd", "/guide/../../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E/%2E%2E/etc/passwd",
        "/guide/%2e%2e%2f%2e%2e%2fetc/passwd", "/..%2f..%2fetc%2fpasswd", "/guide/..%5c..%5cetc/passwd",
        "/%252e%252e/etc/passwd", "/guide/%252e%252e%252f%252e%252e%252fetc/passwd", "/guide/.%2e/index.html",
    ])
    func traversal(path: String) async throws {
        try await withServer { _, _, port in
            let response = try await blocking { try LoopbackSocket.get(path, port: port) }
            #expect(response.status == 400, "\(path) → \(response.status)")
            #expect(!response.text.contains("root:"), "\(path) read a file outside the site")
        }
    }

    @Test("A path outside the site in another spelling is a page missing from the site: 404", arguments: [
        "//etc/passwd", "/%2fetc%2fpasswd", "/etc/passwd", "///etc//passwd",
    ])
    func absolutePaths(path: String) async throws {
        try await withServer { _, _, port in
            let response = try await blocking { try LoopbackSocket.get(path, port: port) }
            #expect(response.status == 404, "\(path) → \(response.status)")
            #expect(response.text.contains("This page does not exist"))
        }
    }

    @Test("Byte ranges: a part is 206, a range past the end or of no bytes is 416, a header that does not parse is ignored", arguments: [
        // notes.txt holds `plain`, 5 bytes.
        ("bytes=0-1", 206, "pl", "bytes 0-1/5"), ("bytes=1-", 206, "lain", "bytes 1-4/5"), ("bytes=-2", 206, "in", "bytes 3-4/5"),
        ("bytes=-9", 206, "plain", "bytes 0-4/5"), ("bytes=2-99999999999999999999999", 206, "ain", "bytes 2-4/5"),
        ("BYTES = 0-0", 206, "p", "bytes 0-0/5"),
        ("bytes=-0", 416, "", "bytes */5"), ("bytes=5-", 416, "", "bytes */5"), ("bytes=7-9", 416, "", "bytes */5"),
        ("bytes=abc", 200, "plain", nil), ("bytes=3-1", 200, "plain", nil), ("bytes=", 200, "plain", nil), ("bytes=--1", 200, "plain", nil),
        ("items=0-1", 200, "plain", nil), ("bytes=0-1,3-4", 200, "plain", nil), ("0-1", 200, "plain", nil),
    ] as [(String, Int, String, String?)])
    func ranges(range: String, status: Int, body: String, contentRange: String?) async throws {
        try await withServer { _, _, port in
            let response = try await blocking { try LoopbackSocket.get("/notes.txt", port: port, headers: ["Range: \(range)"]) }
            #expect(response.status == status, "\(range) → \(response.status)")
            #expect(response.text == body, "\(range) → \(response.text)")
            #expect(response.headers["content-range"] == contentRange, "\(range) → \(response.headers["content-range"] ?? "none")")
            #expect(response.headers["cache-control"] == "no-cache")
        }
    }

    @Test("Methods other than GET and HEAD get 405 with Allow: GET, HEAD", arguments: [
        ("POST", "/"), ("PUT", "/guide/"), ("DELETE", "/notes.txt"), ("PATCH", "/missing/"), ("OPTIONS", "/"),
        ("POST", "/__galley/events"), ("TRACE", "/guide"), ("PROPFIND", "/guide/"),
    ])
    func methods(method: String, path: String) async throws {
        try await withServer { _, _, port in
            let response = try await blocking { try LoopbackSocket.get(path, port: port, method: method) }
            #expect(response.status == 405, "\(method) \(path) → \(response.status)")
            #expect(response.headers["allow"] == "GET, HEAD")
            #expect(response.headers["cache-control"] == "no-cache")
        }
    }

    @Test("Every response carries Cache-Control: no-cache, errors and the server's own answers included", arguments: [
        "GET / HTTP/1.1", "GET /missing HTTP/1.1", "HEAD /missing HTTP/1.1", "GET /guide HTTP/1.1", "GET /../x HTTP/1.1",
        "GET /%zz HTTP/1.1", "POST / HTTP/1.1", "GET /__galley/live-reload.js HTTP/1.1", "GET /notes.txt HTTP/1.1\r\nRange: bytes=-0",
        "NOT HTTP AT ALL",
    ])
    func cacheControl(requestLine: String) async throws {
        try await withServer { _, _, port in
            let response = try await blocking {
                try LoopbackSocket.exchange("\(requestLine)\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", port: port)
            }
            #expect(response.status > 0)
            #expect(response.headers["cache-control"] == "no-cache", "\(requestLine) → \(response.status) without Cache-Control")
        }
    }

    @Test("The live-reload script is served, and every response asks the browser to revalidate and names its build")
    func script() async throws {
        try await withServer { client, state in
            try await client.execute(uri: "/__galley/live-reload.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.contains("javascript") == true)
                let source = String(buffer: response.body)
                #expect(source.contains("new EventSource(\"/__galley/events\")"))
                #expect(source.contains("location.reload()"))
            }
            let published = Int64((await state.snapshot.publishedAt.timeIntervalSince1970 * 1000).rounded())
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.headers[.cacheControl] == "no-cache")
                // The page learns which build served it, to compare with the builds announced later.
                #expect(response.headers[HTTPField.Name("Server-Timing")!] == "galley;desc=\"\(published)\"")
            }
        }
    }

    @Test("The reload endpoint over a socket: the current build first, then each build and failure; a page that hangs up is let go at once")
    func eventsEndpoint() async throws {
        try await withServer { _, state, port in
            let published = ServerSentEvent.milliseconds(await state.snapshot.publishedAt)
            let page = try await blocking { try LoopbackSocket.eventStream(port: port) }
            let first = try await blocking { try page.nextEvent() }
            #expect(first == LoopbackSocket.Event(name: "build", data: "{\"publishedAt\":\(published)}"))
            await state.fail([PreviewState.Problem(location: "content/a.md:2:1", message: "invalid YAML")])
            let failure = try await blocking { try page.nextEvent() }
            #expect(failure.name == "failure")
            #expect(failure.data.contains("content/a.md:2:1"))
            try await Task.sleep(for: .milliseconds(5))
            await state.publish(Self.site)
            let build = try await blocking { try page.nextEvent() }
            #expect(build.name == "build")
            #expect(build.data != first.data)
            #expect(await state.listenerCount == 1)
            let peer = page.localPort
            #expect(TCPTable.serverHolds(port: port, peer: peer))

            // The page goes; no build comes to reveal it, yet the server lets it go.
            page.hangUp()
            let deadline = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < deadline, await state.listenerCount > 0 || TCPTable.serverHolds(port: port, peer: peer) {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(await state.listenerCount == 0, "the state still holds the page that hung up")
            #expect(!TCPTable.serverHolds(port: port, peer: peer), "the server still holds the socket of the page that hung up")
        }
    }

    @Test("An open event stream gets a heartbeat comment line")
    func heartbeat() async throws {
        var limits = ConnectionLimits()
        limits.eventStreamHeartbeat = .milliseconds(200)
        try await withServer(limits: limits) { _, _, port in
            let head = try await blocking {
                let socket = try LoopbackSocket(port: port)
                try socket.send("GET /__galley/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let head = String(decoding: try socket.read(through: Array("\r\n\r\n".utf8), before: Date().addingTimeInterval(5)), as: UTF8.self)
                _ = try socket.read(through: Array(EventStream.heartbeat.utf8), before: Date().addingTimeInterval(5))
                return head
            }
            #expect(head.hasPrefix("HTTP/1.1 200"))
            #expect(head.lowercased().contains("cache-control: no-cache"))
        }
    }

    @Test("PreviewState: a stream starts with the current build, hears of a failure, and ends when the state closes")
    func stateEvents() async throws {
        let state = PreviewState()
        await state.publish(Self.site)
        let published = await state.snapshot.publishedAt
        // A page that connects during a failure hears of the last build, then of the failure.
        await state.fail([PreviewState.Problem(location: nil, message: "broken")])
        var late = await state.events().makeAsyncIterator()
        #expect(await late.next() == .build(publishedAt: published))
        #expect(await late.next() == .failure([PreviewState.Problem(location: nil, message: "broken")]))
        await state.close()
        #expect(await late.next() == nil)
    }
}

extension PreviewServer {
    /// A server of no real sources, for serving its application alone on a free loopback port.
    static func testing(
        limits: ConnectionLimits = ConnectionLimits(), notes: Notes? = nil, listening: (@Sendable (Int) -> Void)? = nil
    ) -> PreviewServer {
        let nowhere = URL(filePath: "/nonexistent")
        var options = PreviewServer.Options(session: PreviewSession.Options(contentFolder: nowhere, templatesFolder: nowhere))
        options.host = "127.0.0.1"
        options.port = 0
        options.limits = limits
        return PreviewServer(options: options) { message in
            switch message {
            case .note(let text): notes?.add(text)
            case .listening(let url): listening?(url.port ?? 0)
            case .diagnostics: break
            }
        }
    }
}

/// The notes a server told the terminal.
final class Notes: Sendable {
    private let lines = Mutex<[String]>([])

    func add(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    var all: [String] { lines.withLock { $0 } }
}
