import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to a port on 127.0.0.1, for requests no HTTP client would send:
/// half a head, raw paths such as `//guide`, bytes that do not parse, a hang-up mid-stream.
///
/// Its calls block: make them inside ``blocking(_:)``. A test uses each socket from one task
/// at a time, which is all the `Sendable` promise below stands for.
final class LoopbackSocket: @unchecked Sendable {
    /// One Server-Sent Event.
    struct Event: Equatable {
        var name: String
        var data: String
    }

    /// A response as it came over the wire.
    struct Response {
        var status: Int
        /// Header values by lowercased name.
        var headers: [String: String]
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let descriptor: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(INADDR_LOOPBACK).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw Failure(description: "cannot connect to 127.0.0.1:\(port): \(reason)")
        }
    }

    deinit {
        hangUp()
    }

    private var isOpen = true

    /// Closes the connection, as a browser does when its tab closes.
    func hangUp() {
        guard isOpen else { return }
        isOpen = false
        close(descriptor)
    }

    /// The connection's port on this side.
    var localPort: Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Sends and reads one complete exchange: `request` should say `Connection: close`.
    static func exchange(_ request: String, port: Int, timeout: Double = 10) throws -> Response {
        let socket = try LoopbackSocket(port: port)
        try socket.send(request)
        return try socket.readResponse(timeout: timeout, untilClose: true)
    }

    /// A `GET` of `path` that closes the connection after its answer.
    static func get(_ path: String, port: Int, headers: [String] = [], method: String = "GET") throws -> Response {
        let lines = ["\(method) \(path) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Connection: close"] + headers
        return try exchange(lines.joined(separator: "\r\n") + "\r\n\r\n", port: port)
    }

    func send(_ text: String) throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure(description: "send failed: \(String(cString: strerror(errno)))") }
            bytes = bytes.dropFirst(sent)
        }
    }

    /// Reads a response head, then its body: by `Content-Length`, or to the end of the
    /// connection when `untilClose` (a `HEAD`, a 304 and a 416 have no body to wait for).
    func readResponse(timeout: Double = 5, untilClose: Bool = false) throws -> Response {
        let deadline = Date().addingTimeInterval(timeout)
        let head = try read(through: Array("\r\n\r\n".utf8), before: deadline)
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        guard let statusLine = lines.first, let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw Failure(description: "not an HTTP response: \(String(decoding: head, as: UTF8.self))")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body: [UInt8]
        if untilClose {
            while try receive(before: deadline) {}
            body = buffer
            buffer = []
        } else {
            let length = headers["content-length"].flatMap { Int($0) } ?? 0
            while buffer.count < length {
                guard try receive(before: deadline) else { throw Failure(description: "the server closed the connection mid-body") }
            }
            body = Array(buffer[..<length])
            buffer.removeFirst(length)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// The bytes up to and including `pattern`.
    func read(through pattern: [UInt8], before deadline: Date) throws -> [UInt8] {
        while true {
            if let end = Self.end(of: pattern, in: buffer) {
                defer { buffer.removeFirst(end) }
                return Array(buffer[..<end])
            }
            guard try receive(before: deadline) else { throw Failure(description: "the server closed the connection") }
        }
    }

    /// Connects to the reload endpoint and reads past the response head.
    static func eventStream(port: Int) throws -> LoopbackSocket {
        let socket = try LoopbackSocket(port: port)
        try socket.send("GET /__galley/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n")
        let head = String(decoding: try socket.read(through: Array("\r\n\r\n".utf8), before: Date().addingTimeInterval(5)), as: UTF8.self)
        guard head.hasPrefix("HTTP/1.1 200") else { throw Failure(description: "the reload endpoint answered \(head)") }
        return socket
    }

    /// The next event of an event stream; comment lines and the body's chunk sizes (lines of
    /// hex digits, which no event line is) are skipped.
    func nextEvent(timeout: Double = 5) throws -> Event {
        let deadline = Date().addingTimeInterval(timeout)
        var name = "message"
        var data: [String] = []
        while true {
            let line = String(decoding: try read(through: [UInt8(ascii: "\n")], before: deadline), as: UTF8.self)
                .trimmingCharacters(in: .newlines)
            if line.isEmpty {
                if !data.isEmpty { return Event(name: name, data: data.joined(separator: "\n")) }
                name = "message"
            } else if line.hasPrefix("event: ") {
                name = String(line.dropFirst(7))
            } else if line.hasPrefix("data: ") {
                data.append(String(line.dropFirst(6)))
            }
        }
    }

    /// Whether the server closes the connection before `deadline`; whatever it sends first is
    /// dropped.
    func waitForClose(before deadline: Date) -> Bool {
        while Date() < deadline {
            do {
                guard try receive(before: deadline) else { return true }
                buffer = []
            } catch {
                return error is Failure ? false : true
            }
        }
        return false
    }

    /// Whether the server has closed the connection, without waiting.
    var isClosedByServer: Bool {
        var descriptor = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) > 0 else { return false }
        var byte: UInt8 = 0
        return recv(self.descriptor, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) <= 0
    }

    /// Waits for bytes and appends them; `false` when the server closed the connection.
    private func receive(before deadline: Date) throws -> Bool {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw Failure(description: "no answer from the server in time") }
            var descriptor = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(max(1, remaining * 1000))) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let count = recv(self.descriptor, &chunk, chunk.count, 0)
            // A reset is the server closing too.
            guard count > 0 else { return false }
            buffer += chunk[..<count]
            return true
        }
    }

    private static func end(of pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        for start in 0...(bytes.count - pattern.count) where bytes[start..<(start + pattern.count)].elementsEqual(pattern) {
            return start + pattern.count
        }
        return nil
    }
}

/// Sockets of this process's network namespace, from `/proc/net/tcp`: the server's side of
/// a connection stays there (as `CLOSE_WAIT` once the client hung up) until the server
/// closes it.
enum TCPTable {
    /// Whether the server on `port` still holds the connection from client port `peer` open
    /// (established, or hung up by the client and not yet closed by the server).
    static func serverHolds(port: Int, peer: Int) -> Bool {
        // Read to the end: /proc files say they are empty, which a read by size believes.
        guard let data = FileHandle(forReadingAtPath: "/proc/net/tcp")?.readDataToEndOfFile() else { return false }
        let local = ":" + String(format: "%04X", port)
        let remote = ":" + String(format: "%04X", peer)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst().contains { line in
            let fields = line.split(separator: " ")
            // 01 is ESTABLISHED, 08 CLOSE_WAIT.
            return fields.count > 3 && fields[1].hasSuffix(local) && fields[2].hasSuffix(remote) && (fields[3] == "01" || fields[3] == "08")
        }
    }
}

/// Raises this process's soft limit of open files to at least `count` (within the hard
/// limit), for tests that hold hundreds of sockets on both ends.
func raiseOpenFilesLimit(to count: Int) {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(count) else { return }
    limit.rlim_cur = min(rlim_t(count), limit.rlim_max)
    setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}

/// Runs blocking socket work on a thread of its own. The server under test answers on the
/// cooperative pool, one thread per core, which blocking reads would starve. Check what it
/// returns on the test's own task: an expectation on that thread is not the test's.
func blocking<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
