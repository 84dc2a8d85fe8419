public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain HTTP/1.1 client of a Server-Sent Events endpoint over a loopback socket, reading
/// events as they come, each within a deadline.
public final class EventStreamClient {
    /// One event: its name (`event:`) and its data (`data:`).
    public struct Event: Sendable, Equatable {
        public var name: String
        public var data: String
    }

    private let socket: Int32
    private var buffer: [UInt8] = []

    /// Connects to `url` (an `http://127.0.0.1:port/path` address) and reads past the headers.
    public init(url: URL, timeout: Double = 5) throws {
        guard let host = url.host, let port = url.port else { throw StreamError("no host or port in \(url)") }
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw StreamError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw StreamError("not an IPv4 address: \(host)") }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(socket)
            throw StreamError("cannot connect to \(url)")
        }
        let request = "GET \(url.path.isEmpty ? "/" : url.path) HTTP/1.1\r\nHost: \(host):\(port)\r\nAccept: text/event-stream\r\n\r\n"
        _ = request.withCString { send(socket, $0, strlen($0), 0) }
        let head = try readUntil("\r\n\r\n", timeout: timeout)
        guard head.hasPrefix("HTTP/1.1 200") else { throw StreamError("the endpoint answered \(head)") }
        // The body is chunked: the chunk sizes are lines of hex digits, which no event line is.
    }

    deinit {
        Glibc.close(socket)
    }

    /// The next event, or an error after `timeout` seconds without one.
    public func next(timeout: Double = 5) throws -> Event {
        let deadline = Date().addingTimeInterval(timeout)
        var name = "message"
        var data: [String] = []
        while true {
            let line = try readUntil("\n", timeout: deadline.timeIntervalSinceNow).trimmingCharacters(in: .init(charactersIn: "\r\n"))
            if line.isEmpty {
                if !data.isEmpty { return Event(name: name, data: data.joined(separator: "\n")) }
                name = "message"
                continue
            }
            if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
            else if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
        }
    }

    /// The next event called `name`, skipping others.
    public func next(named name: String, timeout: Double = 5) throws -> Event {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let event = try next(timeout: deadline.timeIntervalSinceNow)
            if event.name == name { return event }
        }
    }

    private func readUntil(_ terminator: String, timeout: Double) throws -> String {
        let end = Array(terminator.utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let range = firstRange(of: end) {
                let text = String(decoding: buffer[..<range.upperBound], as: UTF8.self)
                buffer.removeFirst(range.upperBound)
                return text
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw StreamError("no event within the deadline") }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(remaining * 1000)) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            let count = recv(socket, &chunk, chunk.count, 0)
            guard count > 0 else { throw StreamError("the server closed the stream") }
            buffer += chunk[0..<count]
        }
    }

    private func firstRange(of pattern: [UInt8]) -> Range<Int>? {
        guard buffer.count >= pattern.count else { return nil }
        for start in 0...(buffer.count - pattern.count) where buffer[start..<(start + pattern.count)].elementsEqual(pattern) {
            return start..<(start + pattern.count)
        }
        return nil
    }

    /// The stream could not be read.
    public struct StreamError: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
