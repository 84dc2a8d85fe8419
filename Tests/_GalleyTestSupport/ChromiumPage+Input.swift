public import Foundation

/// Keyboard, mouse and emulation for a ``ChromiumPage``: what a reader does, sent through the
/// DevTools protocol's `Input` and `Emulation` domains, so the page sees trusted events as from
/// a real keyboard and mouse.
extension ChromiumPage {
    /// A key that is not a character.
    public enum Key: String, Sendable {
        case enter = "Enter", escape = "Escape", tab = "Tab", arrowDown = "ArrowDown", arrowUp = "ArrowUp", backspace = "Backspace"

        var keyCode: Int {
            switch self {
            case .enter: 13
            case .escape: 27
            case .tab: 9
            case .arrowDown: 40
            case .arrowUp: 38
            case .backspace: 8
            }
        }

        /// What the key types, for the keys that type something.
        var text: String? {
            switch self {
            case .enter: "\r"
            case .tab: "\t"
            default: nil
            }
        }
    }

    /// Presses and releases `key` in the focused element.
    public func press(_ key: Key) async throws {
        try await dispatchKey(key: key.rawValue, code: key.rawValue, keyCode: key.keyCode, text: key.text)
    }

    /// Types `text` one character at a time, each a key press with its own `keydown`, `input`
    /// and `keyup`, as a reader typing would.
    public func type(_ text: String) async throws {
        for character in text {
            let key = String(character)
            let upper = key.uppercased()
            let isLetter = character.isLetter && character.isASCII
            let isDigit = character.isNumber && character.isASCII
            let code = isLetter ? "Key\(upper)" : isDigit ? "Digit\(key)" : key == "/" ? "Slash" : key == " " ? "Space" : ""
            let keyCode = isLetter || isDigit ? Int(upper.unicodeScalars.first!.value) : key == "/" ? 191 : key == " " ? 32 : 0
            try await dispatchKey(key: key, code: code, keyCode: keyCode, text: key)
        }
    }

    /// Inserts `text` at once, as an input method or a paste would: one `input` event, no keys.
    public func insertText(_ text: String) async throws {
        struct Insert: Encodable, Sendable { var text: String }
        _ = try await connection.call("Input.insertText", Insert(text: text), session: session, returning: Empty.self)
    }

    /// Clicks the middle of the first element that `selector` matches, with the left button.
    ///
    /// - Throws: ``ChromiumError`` when nothing matches or the element has no size.
    public func click(_ selector: String) async throws {
        let box = """
            (element => { if (!element) return null; element.scrollIntoView({block: "center"}); \
            const box = element.getBoundingClientRect(); return box.width > 0 && box.height > 0 ? [box.x + box.width / 2, box.y + box.height / 2] : null; })\
            (document.querySelector(\(Self.javaScriptLiteral(selector))))
            """
        guard let point = try await evaluate(box, as: [Double].self), point.count == 2 else {
            throw ChromiumError("no visible element matches `\(selector)`")
        }
        struct Mouse: Encodable, Sendable {
            var type: String
            var x: Double
            var y: Double
            var button = "left"
            var buttons: Int
            var clickCount = 1
        }
        for (type, buttons) in [("mouseMoved", 0), ("mousePressed", 1), ("mouseReleased", 0)] {
            var event = Mouse(type: type, x: point[0], y: point[1], buttons: buttons)
            if type == "mouseMoved" { event.button = "none" }
            _ = try await connection.call("Input.dispatchMouseEvent", event, session: session, returning: Empty.self)
        }
    }

    /// Lets pages of `origin` write and read the clipboard without asking, as a reader who
    /// allowed it would, so a test can read back what a copy button copied.
    public func grantClipboardAccess(origin: URL) async throws {
        struct Grant: Encodable, Sendable {
            var origin: String
            var permissions = ["clipboardReadWrite", "clipboardSanitizedWrite"]
        }
        var components = URLComponents(url: origin, resolvingAgainstBaseURL: false)
        components?.path = ""
        _ = try await connection.call("Browser.grantPermissions", Grant(origin: components?.string ?? origin.absoluteString), returning: Empty.self)
    }

    /// Makes the page behave as the focused window whatever else runs beside it: the
    /// clipboard refuses a document that is not focused, and with several headless browsers
    /// at once (the test suite's) none of them may be.
    public func emulateFocus() async throws {
        struct Enable: Encodable, Sendable { var enabled = true }
        _ = try await connection.call("Emulation.setFocusEmulationEnabled", Enable(), session: session, returning: Empty.self)
    }

    /// Turns JavaScript off (or on again) for the documents the page loads from now on.
    public func setScriptsDisabled(_ disabled: Bool) async throws {
        struct Disable: Encodable, Sendable { var value: Bool }
        _ = try await connection.call("Emulation.setScriptExecutionDisabled", Disable(value: disabled), session: session, returning: Empty.self)
    }

    /// Makes the page's viewport `width` by `height` CSS pixels, as a phone (`mobile`) or a
    /// desktop window.
    public func setViewport(width: Int, height: Int, mobile: Bool = false) async throws {
        struct Metrics: Encodable, Sendable {
            var width: Int
            var height: Int
            var deviceScaleFactor = 1
            var mobile: Bool
        }
        _ = try await connection.call(
            "Emulation.setDeviceMetricsOverride", Metrics(width: width, height: height, mobile: mobile), session: session, returning: Empty.self
        )
    }

    /// Emulates `prefers-color-scheme: dark` (or light).
    public func setColorScheme(dark: Bool) async throws {
        struct Feature: Encodable, Sendable {
            var name = "prefers-color-scheme"
            var value: String
        }
        struct Media: Encodable, Sendable { var features: [Feature] }
        _ = try await connection.call(
            "Emulation.setEmulatedMedia", Media(features: [Feature(value: dark ? "dark" : "light")]), session: session, returning: Empty.self
        )
    }

    private func dispatchKey(key: String, code: String, keyCode: Int, text: String?) async throws {
        struct KeyEvent: Encodable, Sendable {
            var type: String
            var key: String
            var code: String
            var windowsVirtualKeyCode: Int
            var nativeVirtualKeyCode: Int
            var text: String?
            var unmodifiedText: String?
        }
        let down = KeyEvent(
            type: text == nil ? "rawKeyDown" : "keyDown", key: key, code: code, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode,
            text: text, unmodifiedText: text
        )
        _ = try await connection.call("Input.dispatchKeyEvent", down, session: session, returning: Empty.self)
        let up = KeyEvent(type: "keyUp", key: key, code: code, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode)
        _ = try await connection.call("Input.dispatchKeyEvent", up, session: session, returning: Empty.self)
    }
}

/// A reply with nothing in it that the caller needs.
private struct Empty: Decodable, Sendable {}
