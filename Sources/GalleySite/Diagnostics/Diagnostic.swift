public import GalleyMarkdown

/// A problem found in the user's input, printed in the compiler's format
/// (`path:line:col: error: message`) so editors and CI can jump to it.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable {
        /// The build goes on; `galley check` may treat it as a failure.
        case warning
        /// The build stops and writes nothing.
        case error
    }

    /// Whether the build can go on.
    public var severity: Severity
    /// Where the problem is, when it is in a file.
    public var location: SourceLocation?
    /// What is wrong and what to do about it.
    public var message: String

    /// Creates a diagnostic.
    ///
    /// The message's control characters are made visible (`\u{1B}`, see
    /// ``ControlCharacters/visibleInTerminal(_:)``): it quotes pages and YAML, and is shown in
    /// terminals and in `galley serve`'s overlay.
    public init(_ severity: Severity, at location: SourceLocation?, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = ControlCharacters.visibleInTerminal(message)
    }

    /// An error at `location`.
    public static func error(at location: SourceLocation?, _ message: String) -> Diagnostic {
        Diagnostic(.error, at: location, message)
    }

    /// A warning at `location`.
    public static func warning(at location: SourceLocation?, _ message: String) -> Diagnostic {
        Diagnostic(.warning, at: location, message)
    }

    /// `path:line:col: error: message`, or `error: message` without a location; control
    /// characters in a file's name are made visible too.
    public var description: String {
        let text = if let location { "\(location): \(severity.rawValue): \(message)" } else { "\(severity.rawValue): \(message)" }
        return ControlCharacters.visibleInTerminal(text)
    }
}

/// One or more errors that stopped a build, in source order.
public struct BuildFailure: Error, Sendable, CustomStringConvertible {
    /// Whose the failure is, which decides the exit status: the site's (fix the pages) or
    /// Galley's (fix the machine, or try again).
    public enum Cause: Sendable, Hashable {
        /// Something in the content folder or the templates is wrong: `site.yml`, front
        /// matter, a malformed fence, a template, an unreadable file.
        case input
        /// The command asks for something that is not there (`galley bless page.md:99`).
        case usage
        /// Galley could not do its work: no compiler, a snippet it could not compile or run
        /// for reasons of its own (see `GalleyFailure`).
        case galley
    }

    /// The errors, each with its location.
    public var diagnostics: [Diagnostic]
    /// Whose the failure is.
    public var cause: Cause

    /// Creates a failure from its errors.
    public init(_ diagnostics: [Diagnostic], cause: Cause = .input) {
        self.diagnostics = diagnostics
        self.cause = cause
    }

    /// The exit status of `build`, `check` and `bless` for this failure: 1 for the site's
    /// errors, 2 for bad usage and Galley's own failures.
    public var exitStatus: Int32 { cause == .input ? 1 : 2 }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
