import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `galley serve` on a generated site while a crowd of slow clients each opens a
/// connection, sends half a request head and stays, and measures what a normal client gets
/// meanwhile:
///
/// - the latency of pages fetched one after another, each on a new connection, before the
///   crowd and with it;
/// - how many slow clients the server keeps, how many it closes at once to stay within its
///   connection limit, and when it closes the rest (its request-head timeout).
///
/// The server is stopped and the folder removed on every exit, Ctrl-C included.
struct SlowClientsBenchmark {
    var clients = 1000
    var requests = 200
    /// `galley serve`'s defaults, which the figures are compared with.
    var headTimeout = 10.0
    var connectionLimit = 512
    var latencyTarget = 50.0

    static let repository = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func run() {
        let galley = galleyExecutable()
        let folder = FileManager.default.temporaryDirectory.appending(path: "galley-bench-slow-clients-\(getpid())")
        let server = SlowClientsServer()
        let signalSources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: DispatchQueue(label: "galley-bench.signals"))
            source.setEventHandler {
                server.stop()
                try? FileManager.default.removeItem(at: folder)
                FileHandle.standardOutput.write(Data("\ninterrupted; galley serve is stopped\n".utf8))
                exit(128 + number)
            }
            source.resume()
            return source
        }
        defer { signalSources.forEach { $0.cancel() } }

        let passed: Bool
        do {
            passed = try measure(galley: galley, in: folder, server: server)
        } catch {
            server.stop()
            say("error: \(error)")
            if let log = server.errorLog { say(log) }
            try? FileManager.default.removeItem(at: folder)
            exit(1)
        }
        let status = server.stop()
        try? FileManager.default.removeItem(at: folder)
        say("galley serve stopped with status \(status) [\(status == 0 ? "met" : "MISSED")]")
        if !passed || status != 0 { exit(1) }
    }

    private func measure(galley: String, in folder: URL, server: SlowClientsServer) throws -> Bool {
        // Each slow client is a descriptor here, beside the normal client's.
        let openFiles = raiseOpenFilesLimit(to: clients + 256)
        guard openFiles >= clients + 64 else {
            throw BenchmarkFailure("this process may open only \(openFiles) files, too few for \(clients) clients; raise `ulimit -n`")
        }
        let pages = try writeSite(in: folder)
        let port = try server.start(galley, in: folder)
        say("Site: \(pages) pages of plain Markdown (no snippets) in \(folder.path)")
        say("galley serve: http://127.0.0.1:\(port)/ — \(server.firstBuild)")

        let path = "/guide/page-1/"
        for _ in 0..<20 { _ = try fetch(path, port: port) }  // warm-up
        let before = try latencies(of: path, port: port)
        say("normal client alone: \(before.summary)")

        let opening = ContinuousClock.now
        var crowd: [SlowClient] = []
        crowd.reserveCapacity(clients)
        for _ in 0..<clients { crowd.append(try SlowClient(port: port)) }
        say("opened \(clients) slow clients in \(format(seconds(ContinuousClock.now - opening), 2)) s, each with half a request head sent")

        // Past its limit, the server takes each new client in by closing an older one; the
        // clients still in the system's queue then are the crowd arriving, not staying.
        let settling = ContinuousClock.now
        var closed = 0
        var quietSince = ContinuousClock.now
        while ContinuousClock.now - quietSince < .milliseconds(300), ContinuousClock.now - settling < .seconds(5) {
            SlowClient.watchClosings(of: crowd, until: ContinuousClock.now + .milliseconds(50))
            let now = crowd.filter { $0.closedAfter != nil }.count
            if now != closed { quietSince = .now }
            closed = now
        }
        say("the server took the crowd in within \(format(seconds(quietSince - settling), 2)) s")
        let during = try latencies(of: path, port: port)
        say("normal client among them: \(during.summary)")
        guard server.isRunning else { throw BenchmarkFailure("galley serve stopped among the slow clients") }

        // Each slow client's time counts from its own connection: at the limit, the last ones
        // wait in the system's queue before the server takes them.
        let timeoutEnd = ContinuousClock.now + .milliseconds(Int64(headTimeout * 1000))
        let closedEarly = crowd.filter { $0.closedAfter != nil }.count
        say("the server kept \(clients - closedEarly) slow clients and closed \(closedEarly) at once, to stay within its limit of \(connectionLimit) connections")
        say("waiting for the request-head timeout (\(format(headTimeout, 0)) s)…")
        SlowClient.watchClosings(of: crowd, until: timeoutEnd + .seconds(5))
        let late = crowd.compactMap(\.closedAfter).filter { $0 >= headTimeout - 0.5 }.sorted()
        let stillOpen = crowd.filter { $0.closedAfter == nil }.count
        if let first = late.first, let last = late.last {
            say("closed by the head timeout: \(late.count), \(format(first, 2)) to \(format(last, 2)) s after each connected; still open: \(stillOpen)")
        } else {
            say("closed by the head timeout: none; still open: \(stillOpen)")
        }
        for line in server.notes { say("galley serve said: \(line)") }
        let after = try latencies(of: path, port: port)
        say("normal client after: \(after.summary)")

        let latencyMet = during.errors == 0 && during.p99 < latencyTarget
        let closedMet = stillOpen == 0 && (late.last ?? 0) < headTimeout + 2
        say("")
        say("p99 under \(format(latencyTarget, 0)) ms with \(clients) slow clients, no errors [\(latencyMet ? "met" : "MISSED")]")
        say("every slow client closed, none later than \(format(headTimeout + 2, 0)) s after it connected [\(closedMet ? "met" : "MISSED")]")
        return latencyMet && closedMet
    }

    /// A small site of plain pages: nothing to compile, so the server only serves.
    private func writeSite(in folder: URL) throws -> Int {
        try? FileManager.default.removeItem(at: folder)
        let content = folder.appending(path: "content")
        try FileManager.default.createDirectory(at: content.appending(path: "guide"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.repository.appending(path: "templates"), to: folder.appending(path: "templates"))
        try Data("title: Slow clients\n".utf8).write(to: content.appending(path: "site.yml"))
        try Data("# Home\n\nA site for the slow-clients benchmark.\n".utf8).write(to: content.appending(path: "index.md"))
        let paragraph = String(repeating: "Words of a guide page, with a [link](page-2.md) and `code`. ", count: 40)
        for page in 1...20 {
            let text = "---\ntitle: Page \(page)\norder: \(page)\n---\n# Page \(page)\n\n" + (1...5).map { "## Part \($0)\n\n\(paragraph)\n\n" }.joined()
            try Data(text.utf8).write(to: content.appending(path: "guide/page-\(page).md"))
        }
        return 21
    }

    /// `requests` fetches of `path`, one after another, each on a new connection.
    private func latencies(of path: String, port: Int) throws -> Latencies {
        var times: [Double] = []
        var errors = 0
        for _ in 0..<requests {
            let start = ContinuousClock.now
            let status = (try? fetch(path, port: port)) ?? 0
            times.append(seconds(ContinuousClock.now - start) * 1000)
            if status != 200 { errors += 1 }
        }
        return Latencies(milliseconds: times.sorted(), errors: errors)
    }

    /// The status of one `GET`, read to the end of its connection.
    private func fetch(_ path: String, port: Int) throws -> Int {
        let socket = try SlowClient(port: port, sending: "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
        let response = try socket.readToEnd(timeout: 10)
        return response.split(separator: UInt8(ascii: " "), maxSplits: 2).dropFirst().first.flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
    }
}

/// Latencies of one series of requests, sorted.
private struct Latencies {
    var milliseconds: [Double]
    var errors: Int

    var p99: Double { milliseconds.isEmpty ? 0 : milliseconds[min(milliseconds.count - 1, Int((Double(milliseconds.count) * 0.99).rounded(.up)) - 1)] }
    var median: Double { milliseconds.isEmpty ? 0 : milliseconds[milliseconds.count / 2] }

    var summary: String {
        "\(milliseconds.count) pages, median \(format(median, 2)) ms, p99 \(format(p99, 2)) ms, max \(format(milliseconds.last ?? 0, 2)) ms, \(errors) errors"
    }
}

/// A client connection on 127.0.0.1: a slow client that sent half a head and waits, or the
/// normal client's request.
private final class SlowClient {
    static let halfHead = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: galley-bench slow client\r\nAccept: text/"

    let descriptor: Int32
    /// When its connection was made (by the system: the server may take it later).
    let opened: ContinuousClock.Instant
    /// Seconds from its connection to the server's closing it, once seen.
    var closedAfter: Double?

    init(port: Int, sending text: String = SlowClient.halfHead) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        guard descriptor >= 0 else { throw BenchmarkFailure("socket() failed: \(String(cString: strerror(errno)))") }
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
            throw BenchmarkFailure("cannot connect to 127.0.0.1:\(port): \(reason)")
        }
        opened = .now
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let sent = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // Fully made by now, so deinit closes the socket.
            guard sent > 0 else { throw BenchmarkFailure("cannot send to 127.0.0.1:\(port): \(String(cString: strerror(errno)))") }
            bytes = bytes.dropFirst(sent)
        }
    }

    deinit {
        close(descriptor)
    }

    /// Everything the server sends until it closes the connection.
    func readToEnd(timeout: Double) throws -> [UInt8] {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw BenchmarkFailure("no complete answer within \(format(timeout, 0)) s") }
            var descriptor = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(max(1, seconds(remaining) * 1000))) > 0 else { continue }
            let count = recv(self.descriptor, &chunk, chunk.count, 0)
            if count <= 0 { return received }
            received += chunk[..<count]
        }
    }

    /// Watches the clients not yet closed until `deadline`, or until all are, and notes when the
    /// server closes each, in seconds after it connected.
    static func watchClosings(of clients: [SlowClient], until deadline: ContinuousClock.Instant) {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            let open = clients.filter { $0.closedAfter == nil }
            guard !open.isEmpty else { return }
            var descriptors = open.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
            let wait = min(100, max(1, Int32(seconds(deadline - ContinuousClock.now) * 1000)))
            guard poll(&descriptors, nfds_t(descriptors.count), wait) > 0 else { continue }
            let now = ContinuousClock.now
            for (client, descriptor) in zip(open, descriptors) where descriptor.revents != 0 {
                // A closed connection reads as the end (or a reset); anything else is dropped.
                if recv(client.descriptor, &chunk, chunk.count, Int32(MSG_DONTWAIT)) <= 0 {
                    client.closedAfter = seconds(now - client.opened)
                }
            }
        }
    }
}

/// The `galley serve` under measurement, stopped on every way out: the main thread and a
/// signal handler may both stop it.
private final class SlowClientsServer: Sendable {
    private let process = Mutex<Process?>(nil)
    private let logs = Mutex<URL?>(nil)

    var isRunning: Bool { process.withLock { $0?.isRunning ?? false } }

    /// What the server printed on standard error, once it started.
    var errorLog: String? {
        logs.withLock { $0 }.map { String(decoding: FileManager.default.contents(atPath: $0.appending(path: "serve.err").path) ?? Data(), as: UTF8.self) }
    }

    /// The line of the first build (`built 21 pages in 80 ms`), once it is done.
    var firstBuild: String { errorLog?.split(separator: "\n").first { $0.hasPrefix("built ") }.map(String.init) ?? "" }

    /// The lines of standard error about its connection limit.
    var notes: [String] {
        (errorLog ?? "").split(separator: "\n").map(String.init).filter { $0.contains("connections") }
    }

    /// Starts `galley serve --port 0` in `folder` and returns its port once it serves the first build.
    func start(_ galley: String, in folder: URL) throws -> Int {
        let output = folder.appending(path: "serve.out")
        let error = folder.appending(path: "serve.err")
        for file in [output, error] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        logs.withLock { $0 = folder }
        try process.withLock { running in
            let process = Process()
            process.executableURL = URL(filePath: galley)
            process.arguments = ["serve", "--port", "0"]
            process.currentDirectoryURL = folder
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = try FileHandle(forWritingTo: error)
            try process.run()
            running = process
        }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, isRunning {
            let text = String(decoding: FileManager.default.contents(atPath: output.path) ?? Data(), as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Serving ") }), !firstBuild.isEmpty,
                let port = line.split(separator: " ").dropFirst().first.flatMap({ URL(string: String($0))?.port })
            {
                return port
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw BenchmarkFailure("galley serve did not start within 60 s")
    }

    /// Sends SIGTERM (galley serve shuts down on it), then SIGKILL after five seconds; the exit status.
    @discardableResult
    func stop() -> Int32 {
        process.withLock { process in
            guard let process else { return 0 }
            if process.isRunning {
                process.terminate()
                let deadline = Date().addingTimeInterval(5)
                while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }
}

/// Why the benchmark stopped.
private struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Raises the soft limit of open files to `count` where the hard limit allows; the limit now.
private func raiseOpenFilesLimit(to count: Int) -> Int {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
    if limit.rlim_cur < rlim_t(count) {
        limit.rlim_cur = min(rlim_t(count), limit.rlim_max)
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
    return Int(limit.rlim_cur)
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
