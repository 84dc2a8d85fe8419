internal import Foundation
internal import Hummingbird
internal import HTTPTypes
internal import NIOCore

/// The response of the reload endpoint: a `text/event-stream` of the state's events that
/// ends, releasing its connection and its listener, as soon as the page hangs up, not at the
/// next build.
enum EventStream {
    /// A comment line: ignored by `EventSource`, but it makes a write fail on a connection
    /// whose client is gone without closing it.
    static let heartbeat = ": keep-alive\n\n"

    /// The stream of `state`'s events, with a heartbeat every `heartbeat`.
    static func response(state: PreviewState, heartbeat interval: Duration) async -> Response {
        let hangup = ConnectionHangup.current
        let (listener, events) = await state.subscribe()
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            // A short retry lets a page find a restarted server quickly.
            try await writer.write(ByteBuffer(string: "retry: 300\n\n"))
            let (output, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(64))
            // The stream ends when the page hangs up, and the page leaves the state's listeners.
            hangup?.whenComplete { _ in continuation.finish() }
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await event in events { continuation.yield(ServerSentEvent(event).text) }
                        continuation.finish()
                    }
                    group.addTask {
                        while true {
                            try await Task.sleep(for: interval)
                            continuation.yield(heartbeat)
                        }
                    }
                    for await text in output { try await writer.write(ByteBuffer(string: text)) }
                    group.cancelAll()
                }
            } catch {
                // A write failed: the page is gone.
                await state.unsubscribe(listener)
                throw error
            }
            await state.unsubscribe(listener)
            try await writer.finish(nil)
        })
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
