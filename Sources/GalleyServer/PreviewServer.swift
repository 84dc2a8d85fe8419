public import Foundation
public import GalleySite
internal import Logging
internal import NIOCore
internal import ServiceLifecycle
internal import UnixSignals

/// `galley serve`: builds the site into memory, serves it on loopback, watches the sources,
/// rebuilds what changed and reloads the open pages.
public struct PreviewServer: Sendable {
    /// What to serve and how.
    public struct Options: Sendable {
        /// The address to listen on; loopback unless the user asks otherwise.
        public var host = "127.0.0.1"
        /// The port; `0` picks a free one.
        public var port = 8000
        /// The sources and build settings.
        public var session: PreviewSession.Options
        /// Poll the folders instead of asking inotify.
        public var poll = false
        /// How often to poll.
        public var pollInterval: Duration = .milliseconds(250)
        /// How long the sources must stay unchanged before a rebuild starts: an editor's save
        /// is several events.
        public var quietPeriod: Duration = .milliseconds(20)
        /// How long clients may take and how many are served at once.
        public var limits = ConnectionLimits()

        /// Creates options for the sources in `session`.
        public init(session: PreviewSession.Options) {
            self.session = session
        }
    }

    /// What the terminal is told.
    public enum Message: Sendable {
        /// The server listens at this address.
        case listening(URL)
        /// Something happened worth a line (a rebuild and its time, a fallback to polling).
        case note(String)
        /// Diagnostics of a build: errors that stopped it, or warnings.
        case diagnostics([Diagnostic])
    }

    /// The options.
    public var options: Options
    /// Told what happens; `galley serve` prints it.
    public var report: @Sendable (Message) -> Void

    /// Creates a server.
    public init(options: Options, report: @escaping @Sendable (Message) -> Void) {
        self.options = options
        var sessionOptions = options.session
        sessionOptions.reloadScript = LiveReloadScript.tag
        self.options.session = sessionOptions
        self.report = report
    }

    /// Serves until SIGINT or SIGTERM, then stops the watcher, any running snippet and the
    /// server, and returns.
    ///
    /// - Throws: ``PreviewServerError`` when the address cannot be used.
    public func run() async throws {
        let state = PreviewState()
        var session = PreviewSession(options: options.session)
        let first = await rebuild(session, .all)
        await publish(first, to: state)
        if case .built(let built, _, _) = first { session = built }

        let application = application(state: state)
        let rebuilder = RebuildService(server: self, state: state, session: session)
        // Services stop in reverse order: the rebuilder first, closing the reload streams the
        // pages hold open, then the HTTP server.
        let group = ServiceGroup(
            services: [application, rebuilder], gracefulShutdownSignals: [.sigint, .sigterm], logger: Self.quietLogger
        )
        do {
            try await group.run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw PreviewServerError(
                .addressInUse,
                "port \(options.port) on \(options.host) is already in use; stop the program using it or choose another port with --port",
                underlying: "\(error)"
            )
        } catch {
            throw PreviewServerError(.stopped, "the preview server stopped", underlying: "\(error)")
        }
    }

    /// What a rebuild produced, not yet published.
    enum Outcome: Sendable {
        /// The session after a good build, what changed, and how long it took.
        case built(PreviewSession, PreviewSession.Update, Duration)
        /// The errors that stopped the build; the session is as it was.
        case failed(BuildFailure)
    }

    /// Brings a copy of `session` up to date with `changes`, publishing nothing, so a build
    /// that a newer change makes stale can be dropped whole.
    func rebuild(_ session: PreviewSession, _ changes: PreviewSession.Changes) async -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        var next = session
        do {
            let update = try await next.rebuild(changes)
            return .built(next, update, clock.now - start)
        } catch {
            return .failed(error)
        }
    }

    /// Serves a good build, or shows a failure on every page, and tells the terminal.
    func publish(_ outcome: Outcome, to state: PreviewState) async {
        switch outcome {
        case .built(let session, let update, let duration):
            // A good build after a failed one is announced even when its files are those of the
            // last good build (the fix restored them), so the pages drop their error overlay.
            let failing = await !state.problems.isEmpty
            if update.changedSite || failing { await state.publish(session.files, changed: update.changedFiles) }
            if !update.warnings.isEmpty { report(.diagnostics(update.warnings)) }
            report(.note(Self.describe(update, took: duration)))
        case .failed(let failure):
            await state.fail(failure.diagnostics.map(PreviewState.Problem.init))
            report(.diagnostics(failure.diagnostics))
            report(.note("the site is not rebuilt; fix the errors above and save: the open pages show them until then"))
        }
    }

    static func describe(_ update: PreviewSession.Update, took duration: Duration) -> String {
        let what = switch update.scope {
        case .nothing: "nothing to render"
        case .pages(let count): count == 1 ? "rendered 1 page" : "rendered \(count) pages"
        case .navigation(let count): "navigation changed: rendered all \(count) pages"
        case .everything(let count): count == 1 ? "built 1 page" : "built \(count) pages"
        case .snippets(let count): "snippets ran; rendered \(count == 1 ? "1 page" : "\(count) pages")"
        }
        var line = "\(what) in \(milliseconds(duration)) ms"
        if update.pendingPrograms > 0 {
            line += "; \(update.pendingPrograms) snippet program\(update.pendingPrograms == 1 ? "" : "s") to run"
        }
        return line
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int((Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15).rounded())
    }

    static let quietLogger: Logger = {
        var logger = Logger(label: "galley.serve")
        logger.logLevel = .error
        return logger
    }()
}

/// The address cannot be served, or the server stopped for another reason.
public struct PreviewServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure it is.
    public enum Code: String, Sendable, Hashable {
        /// Another program listens on the address.
        case addressInUse
        /// The server stopped for another reason.
        case stopped
    }

    /// What kind of failure it is.
    public var code: Code
    /// What happened and what to do.
    public var message: String
    /// The system's or the library's own account of the cause, when there is one.
    public var underlying: String?

    init(_ code: Code, _ message: String, underlying: String? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        // The message already says all a user needs of a busy port.
        code == .addressInUse ? message : underlying.map { "\(message): \($0)" } ?? message
    }
}
