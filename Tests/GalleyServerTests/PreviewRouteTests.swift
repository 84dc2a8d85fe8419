import Foundation
import GalleyServer
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

    private func withServer(_ test: @escaping @Sendable (any TestClientProtocol, PreviewState) async throws -> Void) async throws {
        let state = PreviewState()
        await state.publish(Self.site)
        let application = Application(
            router: PreviewRouter.make(state: state),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0))
        )
        try await application.test(.live) { client in try await test(client, state) }
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

    @Test("Paths that try to leave the site are refused", arguments: [
        "/../etc/passwd", "/guide/../../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E/%2E%2E/etc/passwd",
        "/guide/%2e%2e%2f%2e%2e%2fetc/passwd", "/..%2f..%2fetc%2fpasswd", "/guide/..%5c..%5cetc/passwd",
        "/%252e%252e/etc/passwd", "//etc/passwd", "/%2fetc%2fpasswd",
    ])
    func traversal(path: String) async throws {
        try await withServer { client, _ in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .badRequest || response.status == .notFound, "\(path) → \(response.status)")
                #expect(!String(buffer: response.body).contains("root:"), "\(path) read a file outside the site")
            }
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

    @Test("The reload endpoint's stream starts with the current build, then tells each build and failure")
    func events() async throws {
        let state = PreviewState()
        await state.publish(Self.site)
        let published = await state.snapshot.publishedAt
        var events = await state.events().makeAsyncIterator()
        #expect(await events.next() == .build(publishedAt: published))
        await state.fail([PreviewState.Problem(location: "content/a.md:2:1", message: "invalid YAML")])
        #expect(await events.next() == .failure([PreviewState.Problem(location: "content/a.md:2:1", message: "invalid YAML")]))
        await state.publish(Self.site)
        let next = await events.next()
        guard case .build(let date) = next else {
            Issue.record("expected a build event, got \(String(describing: next))")
            return
        }
        #expect(date > published)
        // A page that connects during a failure hears of the last build, then of the failure.
        await state.fail([PreviewState.Problem(location: nil, message: "broken")])
        var late = await state.events().makeAsyncIterator()
        #expect(await late.next() == .build(publishedAt: date))
        #expect(await late.next() == .failure([PreviewState.Problem(location: nil, message: "broken")]))
        await state.close()
        #expect(await late.next() == nil)
    }
}
