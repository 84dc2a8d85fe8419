public import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A headless Chromium that tests drive through the DevTools protocol.
///
/// The browser is started with `--remote-debugging-pipe`: it reads commands on its file
/// descriptor 3 and writes replies on 4, so no port is opened and no extra package is
/// needed. Both descriptors are one end of a socket pair whose other end ``ChromiumConnection``
/// holds. The browser runs in a process group of its own; ``close()`` (or, failing that,
/// `deinit`) kills the whole group, renderers included, so no process outlives the test.
public final class Chromium: Sendable {
    /// The first Chromium or Chrome found on `PATH` (or the usual macOS place), `nil` when
    /// there is none.
    public static let executable: URL? = {
        let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
            .split(separator: ":").map { URL(filePath: String($0)) }
        let candidates = names.flatMap { name in folders.map { $0.appending(path: name) } }
            + [URL(filePath: "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The browser's process id, also the id of its process group.
    public let processID: pid_t
    private let connection: ChromiumConnection
    private let log: URL
    /// Whether the process group was killed and the browser reaped.
    private let stopped = Mutex(false)

    /// Starts headless Chromium with a fresh profile in `profile` (created if needed).
    ///
    /// - Parameters:
    ///   - profile: The user-data folder; Chromium's own output goes to `chromium.log` in it.
    ///   - width: The window's width in CSS pixels.
    ///   - height: The window's height in CSS pixels.
    /// - Throws: ``ChromiumError`` when there is no Chromium or it cannot be started.
    public init(profile: URL, width: Int = 1280, height: Int = 900) throws {
        guard let executable = Self.executable else { throw ChromiumError("no chromium on PATH") }
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        log = profile.appending(path: "chromium.log")
        let arguments = [
            executable.path,
            "--headless=new",
            "--no-sandbox",  // CI runs as root, where the sandbox refuses to start.
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--disable-background-networking",
            "--no-first-run",
            "--no-default-browser-check",
            "--mute-audio",
            "--hide-scrollbars",
            "--window-size=\(width),\(height)",
            "--user-data-dir=\(profile.path)",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        let (ours, theirs) = try Self.socketPair()
        defer { closeDescriptor(theirs) }
        do {
            processID = try Self.spawn(arguments, pipe: theirs, log: log)
        } catch {
            closeDescriptor(ours)
            throw error
        }
        connection = ChromiumConnection(descriptor: ours)
    }

    deinit {
        killAndReap()
    }

    /// What Chromium printed on standard output and standard error.
    public var output: String {
        (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    }

    /// Opens a new tab on `about:blank`.
    public func openPage() async throws -> ChromiumPage {
        struct Create: Encodable, Sendable { var url = "about:blank" }
        struct Created: Decodable, Sendable { var targetId: String }
        struct Attach: Encodable, Sendable {
            var targetId: String
            var flatten = true
        }
        struct Attached: Decodable, Sendable { var sessionId: String }
        let target = try await connection.call("Target.createTarget", Create(), returning: Created.self)
        let session = try await connection.call("Target.attachToTarget", Attach(targetId: target.targetId), returning: Attached.self)
        return ChromiumPage(connection: connection, session: session.sessionId)
    }

    /// Asks the browser to close, gives it a moment, then kills whatever is left of its
    /// process group. Safe to call more than once.
    public func close() async {
        struct NoParameters: Encodable, Sendable {}
        struct NoResult: Decodable, Sendable {}
        guard !stopped.withLock({ $0 }) else { return }
        _ = try? await connection.call("Browser.close", NoParameters(), returning: NoResult.self, timeout: .seconds(2))
        let deadline = ContinuousClock.now + .seconds(3)
        while ContinuousClock.now < deadline, !Task.isCancelled {
            var status: Int32 = 0
            if waitpid(processID, &status, WNOHANG) != 0 { break }
            try? await Task.sleep(for: .milliseconds(50))
        }
        killAndReap()
    }

    /// Kills the process group (a no-op for members already gone) and reaps the browser.
    private func killAndReap() {
        stopped.withLock { stopped in
            guard !stopped else { return }
            stopped = true
            kill(-processID, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(processID, &status, 0)
        }
    }

    // MARK: - Starting the process

    /// A connected pair of stream sockets, both closed on exec.
    private static func socketPair() throws -> (Int32, Int32) {
        var descriptors: [Int32] = [-1, -1]
        #if os(Linux)
        let created = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &descriptors)
        #else
        let created = socketpair(AF_UNIX, SOCK_STREAM, 0, &descriptors)
        for descriptor in descriptors where created == 0 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        #endif
        guard created == 0 else { throw ChromiumError("socketpair failed: \(String(cString: strerror(errno)))") }
        return (descriptors[0], descriptors[1])
    }

    /// Starts `arguments` in a new process group with `pipe` as descriptors 3 and 4,
    /// standard input empty and standard output and error appended to `log`.
    ///
    /// Foundation's `Process` cannot hand a child descriptors other than 0, 1 and 2, hence
    /// `posix_spawn`.
    private static func spawn(_ arguments: [String], pipe: Int32, log: URL) throws -> pid_t {
        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_adddup2(&actions, pipe, 3)
        posix_spawn_file_actions_adddup2(&actions, pipe, 4)

        // A group of its own, so one kill reaches the renderers; default signal handling and
        // an empty mask whatever the test runner's thread had.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGCHLD] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var processID: pid_t = 0
        let result = posix_spawn(&processID, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw ChromiumError("cannot start \(arguments[0]): \(String(cString: strerror(result)))")
        }
        return processID
    }
}

/// `close(2)`, which inside ``Chromium`` would mean ``Chromium/close()``.
private func closeDescriptor(_ descriptor: Int32) {
    close(descriptor)
}

/// The browser could not be started or driven, or a page did not do what a test waited for.
public struct ChromiumError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// Creates an error saying `description`.
    public init(_ description: String) {
        self.description = description
    }
}

extension Chromium {
    /// Runs `body` with a browser on a fresh profile in `folder`, and closes the browser after
    /// it, whether `body` returns or throws. When it throws, `failed` first gets what Chromium
    /// printed, without the complaints about the missing D-Bus of a container, for the test to
    /// record beside its own failure.
    public static func run(
        profileIn folder: URL, failed: (_ chromiumOutput: String) -> Void, _ body: (Chromium) async throws -> Void
    ) async throws {
        let browser = try Chromium(profile: folder.appending(path: "chromium-profile-\(UUID().uuidString)"))
        do {
            try await body(browser)
        } catch {
            failed(browser.output.split(separator: "\n").filter { !$0.contains("dbus") }.joined(separator: "\n"))
            await browser.close()
            throw error
        }
        await browser.close()
    }
}

extension ChromiumPage {
    /// Takes a screenshot and keeps it as `.build/galley-screenshots/<name>`, for a person to
    /// look at after the run; returns the PNG.
    @discardableResult
    public func saveScreenshot(named name: String) async throws -> Data {
        let screenshots = Repository.root.appending(path: ".build/galley-screenshots")
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
        let png = try await screenshot()
        try png.write(to: screenshots.appending(path: name))
        return png
    }
}
