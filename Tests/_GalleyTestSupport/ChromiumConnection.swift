import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The DevTools protocol over Chromium's `--remote-debugging-pipe`: each message is JSON
/// followed by a NUL byte, commands carry an `id` that their reply repeats, and commands
/// for a tab carry the `sessionId` of ``Chromium/openPage()``.
///
/// Events (messages without an `id`) are dropped: the tests poll the DOM instead.
actor ChromiumConnection {
    /// The socket commands are written to; closed when the connection is released.
    private let descriptor: Int32
    private var lastID = 0
    private var waiting: [Int: CheckedContinuation<Data, any Error>] = [:]
    private var received = Data()
    private var ended = false

    /// Takes over `descriptor` and reads the replies on a thread of their own, so no task
    /// of the cooperative pool ever blocks in `read`.
    init(descriptor: Int32) {
        self.descriptor = descriptor
        let reading = dup(descriptor)
        let (chunks, continuation) = AsyncStream.makeStream(of: Data.self)
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(reading, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                continuation.yield(Data(buffer[..<count]))
            }
            close(reading)
            continuation.finish()
        }
        reader.name = "Chromium replies"
        reader.start()
        Task { [weak self] in
            for await chunk in chunks { await self?.receive(chunk) }
            await self?.end()
        }
    }

    deinit {
        close(descriptor)
    }

    /// Sends `method` with `parameters` (to the tab of `session`, if given) and decodes the
    /// reply's `result`.
    ///
    /// - Throws: ``ChromiumError`` when the browser answers with an error, has gone away, or
    ///   does not answer within `timeout`.
    func call<Parameters: Encodable & Sendable, Result: Decodable & Sendable>(
        _ method: String, _ parameters: Parameters, session: String? = nil,
        returning: Result.Type, timeout: Duration = .seconds(10)
    ) async throws -> Result {
        lastID += 1
        let id = lastID
        var message = try JSONEncoder().encode(Command(id: id, method: method, params: parameters, sessionId: session))
        message.append(0)
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            await self?.fail(id, ChromiumError("\(method): no reply from Chromium within \(timeout)"))
        }
        defer { timer.cancel() }
        let reply = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Data, any Error>) in
            guard !ended else {
                continuation.resume(throwing: ChromiumError("\(method): Chromium has exited"))
                return
            }
            waiting[id] = continuation
            if let failure = write(message) {
                fail(id, ChromiumError("\(method): cannot write to Chromium: \(failure)"))
            }
        }
        do {
            return try JSONDecoder().decode(Reply<Result>.self, from: reply).result
        } catch {
            throw ChromiumError("\(method): unexpected reply \(String(decoding: reply.prefix(2000), as: UTF8.self)): \(error)")
        }
    }

    /// Writes all of `message`; the reason when it cannot. Never raises SIGPIPE.
    private func write(_ message: Data) -> String? {
        message.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                #if os(Linux)
                let sent = send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                #else
                let sent = send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, 0)
                #endif
                if sent < 0, errno == EINTR { continue }
                guard sent > 0 else { return String(cString: strerror(errno)) }
                offset += sent
            }
            return nil
        }
    }

    private func receive(_ chunk: Data) {
        received.append(chunk)
        while let end = received.firstIndex(of: 0) {
            let message = received[received.startIndex..<end]
            received = received[(end + 1)...]
            guard let envelope = try? JSONDecoder().decode(Envelope.self, from: message), let id = envelope.id,
                let continuation = waiting.removeValue(forKey: id)
            else { continue }
            if let error = envelope.error {
                continuation.resume(throwing: ChromiumError("Chromium answered error \(error.code): \(error.message)\(error.data.map { " (\($0))" } ?? "")"))
            } else {
                continuation.resume(returning: Data(message))
            }
        }
    }

    private func end() {
        ended = true
        for id in Array(waiting.keys) { fail(id, ChromiumError("Chromium has exited")) }
    }

    private func fail(_ id: Int, _ error: ChromiumError) {
        waiting.removeValue(forKey: id)?.resume(throwing: error)
    }
}

// MARK: - Messages

private struct Command<Parameters: Encodable>: Encodable {
    var id: Int
    var method: String
    var params: Parameters
    var sessionId: String?
}

private struct Envelope: Decodable {
    struct Failure: Decodable {
        var code: Int
        var message: String
        var data: String?
    }

    var id: Int?
    var error: Failure?
}

private struct Reply<Result: Decodable>: Decodable {
    var result: Result
}
