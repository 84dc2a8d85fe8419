public import Foundation

/// A tab of a ``Chromium``: navigate, run JavaScript in the page, take a screenshot.
public struct ChromiumPage: Sendable {
    let connection: ChromiumConnection
    let session: String

    /// Loads `url` and returns once the document and its resources have loaded.
    ///
    /// - Throws: ``ChromiumError`` when the navigation fails or the page does not finish
    ///   loading within `timeout`.
    public func navigate(to url: URL, timeout: Duration = .seconds(10)) async throws {
        struct Navigate: Encodable, Sendable { var url: String }
        struct Navigated: Decodable, Sendable { var errorText: String? }
        let navigated = try await connection.call("Page.navigate", Navigate(url: url.absoluteString), session: session, returning: Navigated.self)
        if let error = navigated.errorText { throw ChromiumError("cannot load \(url.absoluteString): \(error)") }
        guard try await wait(until: "document.readyState === 'complete' && location.href === \(Self.javaScriptLiteral(url.absoluteString))", timeout: timeout)
        else { throw ChromiumError("\(url.absoluteString) did not finish loading within \(timeout)") }
    }

    /// Evaluates `expression` in the page (awaiting it if it is a promise) and returns its
    /// value, `nil` when it is `undefined` or `null`.
    ///
    /// - Throws: ``ChromiumError`` when the expression throws or the page is between two
    ///   documents.
    public func evaluate<Value: Decodable & Sendable>(_ expression: String, as type: Value.Type = Value.self) async throws -> Value? {
        let evaluated = try await connection.call("Runtime.evaluate", Evaluate(expression: expression), session: session, returning: Evaluated<Value>.self)
        if let exception = evaluated.exceptionDetails {
            throw ChromiumError("`\(expression)` threw: \(exception.exception?.description ?? exception.text)")
        }
        return evaluated.result.value
    }

    /// Polls the JavaScript `condition` until it is true; `false` when it is still not true
    /// after `timeout`.
    ///
    /// A reload in progress (no document to evaluate in) counts as not yet true.
    public func wait(until condition: String, timeout: Duration = .seconds(5)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if (try? await evaluate("Boolean(\(condition))", as: Bool.self)) == true { return true }
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// A PNG of what the window shows.
    public func screenshot() async throws -> Data {
        struct Capture: Encodable, Sendable { var format = "png" }
        struct Captured: Decodable, Sendable { var data: String }
        let captured = try await connection.call("Page.captureScreenshot", Capture(), session: session, returning: Captured.self)
        guard let png = Data(base64Encoded: captured.data) else { throw ChromiumError("the screenshot is not base64") }
        return png
    }

    /// `text` as a JavaScript string literal, for building expressions.
    public static func javaScriptLiteral(_ text: String) -> String {
        // JSON strings are JavaScript strings; encoding a one-element array sidesteps the
        // question of top-level fragments.
        let array = (try? JSONEncoder().encode([text])).map { String(decoding: $0, as: UTF8.self) } ?? "[\"\"]"
        return String(array.dropFirst().dropLast())
    }
}

// MARK: - Runtime.evaluate

private struct Evaluate: Encodable, Sendable {
    var expression: String
    var returnByValue = true
    var awaitPromise = true
}

private struct Evaluated<Value: Decodable & Sendable>: Decodable, Sendable {
    struct Remote: Decodable, Sendable { var value: Value? }
    struct Exception: Decodable, Sendable {
        struct Thrown: Decodable, Sendable { var description: String? }
        var text: String
        var exception: Thrown?
    }

    var result: Remote
    var exceptionDetails: Exception?
}
