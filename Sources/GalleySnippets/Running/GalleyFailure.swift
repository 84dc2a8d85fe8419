/// Something went wrong on Galley's side while it compiled or ran a program: never the
/// snippet's fault, never cached, and reported as Galley's error (exit status 2 for
/// `galley check`) so the program is tried again next time.
///
/// Modelled on swift-subprocess's `SubprocessError`: a code to match on, a message for the
/// user, and the underlying cause when there is one.
public struct GalleyFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure it is.
    public enum Code: String, Sendable, Hashable, Codable {
        /// A temporary folder or file could not be made or written.
        case temporaryFiles
        /// The disk (or the user's quota) is full.
        case diskFull
        /// The compiler could not be started.
        case compilerNotStarted
        /// The compiler was killed by a signal (often the system running out of memory).
        case compilerKilled
        /// The compiler ran past the compile timeout and was stopped.
        case compilerTimedOut
        /// The compiler failed without reporting an error in the snippet's code.
        case compilerFailed
        /// The program could not be started.
        case programNotStarted
        /// The run was cancelled before it finished (Ctrl-C, or a newer edit in `galley serve`).
        case cancelled
    }

    /// What kind of failure it is.
    public var code: Code
    /// What went wrong and what to do, for the user.
    public var message: String
    /// The system's or the library's own account of the cause, when there is one.
    public var underlying: String?

    /// Creates a failure.
    public init(_ code: Code, _ message: String, underlying: String? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        underlying.map { "\(message) (\($0))" } ?? message
    }
}
