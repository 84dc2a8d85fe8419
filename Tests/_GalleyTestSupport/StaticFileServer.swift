public import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server on 127.0.0.1 that serves a built site's folder under a path, as a
/// static host would (`http://127.0.0.1:port/docs/` for a site whose `base_url` is `/docs/`),
/// so that tests and benchmarks see the files `galley build` wrote, not a preview.
///
/// `GET` and `HEAD` only; a path that ends in `/` serves that folder's `index.html`; every
/// response closes its connection. No compression: the sizes a browser reports are the files'
/// own. Each connection is served on a thread of its own, so no task of the cooperative pool
/// ever blocks in `accept` or `read`. ``stop()`` (or `deinit`) closes the listening socket.
public final class StaticFileServer: Sendable {
    /// The URL the folder is served at, ending in `/`.
    public let baseURL: URL
    private let listener: Int32
    private let stopped = Mutex(false)
    private let log = RequestLog()

    /// Serves `folder` at `prefix` (a path that starts and ends with `/`) on a free port.
    ///
    /// - Throws: ``Failure`` when no socket can be opened.
    public init(folder: URL, at prefix: String = "/") throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw Failure("socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(listener)
            throw Failure("cannot listen on 127.0.0.1: \(reason)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = listener
        guard let url = URL(string: "http://127.0.0.1:\(port)\(prefix)") else { throw Failure("bad prefix \(prefix)") }
        baseURL = url

        let root = folder.standardizedFileURL
        let log = self.log
        let accepting = Thread {
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 {
                    if errno == EINTR { continue }
                    break
                }
                let serving = Thread {
                    Self.serve(connection, root: root, prefix: prefix, log: log)
                }
                serving.start()
            }
        }
        accepting.name = "StaticFileServer"
        accepting.start()
    }

    deinit {
        stop()
    }

    /// The paths asked for so far, in order, queries included.
    public var requestedPaths: [String] {
        log.paths.withLock { $0 }
    }

    /// Stops accepting connections. Safe to call more than once.
    public func stop() {
        stopped.withLock { stopped in
            guard !stopped else { return }
            stopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    /// The paths asked for, shared with the threads that serve them.
    private final class RequestLog: Sendable {
        let paths = Mutex<[String]>([])
    }

    /// The server could not start.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: - One connection

    private static func serve(_ connection: Int32, root: URL, prefix: String, log: RequestLog) {
        defer { close(connection) }
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while !head.containsHeadEnd, head.count < 65536 {
            let count = buffer.withUnsafeMutableBytes { read(connection, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            head += buffer[..<count]
        }
        let requestLine = String(decoding: head.prefix { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
        let parts = requestLine.split(separator: " ")
        guard parts.count == 3 else { return respond(connection, status: "400 Bad Request", body: Array("bad request\n".utf8)) }
        let method = String(parts[0])
        let target = String(parts[1])
        log.paths.withLock { $0.append(target) }
        guard method == "GET" || method == "HEAD" else {
            return respond(connection, status: "405 Method Not Allowed", body: Array("GET only\n".utf8))
        }
        let path = String(target.prefix { $0 != "?" && $0 != "#" }).removingPercentEncoding ?? ""
        guard path.hasPrefix(prefix), !path.split(separator: "/").contains("..") else {
            return respond(connection, status: "404 Not Found", body: Array("not found\n".utf8), isHead: method == "HEAD")
        }
        var relative = String(path.dropFirst(prefix.count))
        if relative.isEmpty || relative.hasSuffix("/") { relative += "index.html" }
        let file = root.appending(path: relative)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), !isFolder.boolValue,
            let data = try? Data(contentsOf: file)
        else {
            return respond(connection, status: "404 Not Found", body: Array("not found\n".utf8), isHead: method == "HEAD")
        }
        respond(connection, status: "200 OK", type: contentType(of: relative), body: Array(data), isHead: method == "HEAD")
    }

    private static func respond(_ connection: Int32, status: String, type: String = "text/plain; charset=utf-8", body: [UInt8], isHead: Bool = false) {
        let head = "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"
        var message = Array(head.utf8)
        if !isHead { message += body }
        message.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                #if os(Linux)
                let sent = send(connection, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                #else
                let sent = send(connection, bytes.baseAddress! + offset, bytes.count - offset, 0)
                #endif
                if sent < 0, errno == EINTR { continue }
                guard sent > 0 else { return }
                offset += sent
            }
        }
    }

    private static func contentType(of path: String) -> String {
        switch path.split(separator: ".").last.map(String.init) ?? "" {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "json": "application/json"
        case "xml": "application/xml"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }
}

extension [UInt8] {
    /// Whether the bytes hold the blank line that ends an HTTP request's head.
    fileprivate var containsHeadEnd: Bool {
        count >= 4 && indices.dropLast(3).contains { self[$0] == 13 && self[$0 + 1] == 10 && self[$0 + 2] == 13 && self[$0 + 3] == 10 }
    }
}
