import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Measures `galley serve` on loopback against `python3 -m http.server` serving the same built
/// site in the same run, then times the live reload:
///
/// - requests per second, p99 latency and errors for one guide page under `wrk` (64
///   connections for 10 s), for each server in turn;
/// - the time from saving that page's Markdown (a new plain paragraph, no snippet change) to
///   the `build` event on the reload stream, over 20 edits.
///
/// Both servers are stopped and the temporary folder removed on every path, Ctrl-C included.
struct ServeBenchmark {
    /// The guide page under load and edited, relative to `content/` without `.md`.
    var page = "guide/callbacks"
    var connections = 64
    var duration = 10
    var edits = 20
    /// The pause between two edits, so each one is a save of its own rather than a burst.
    var editSpacing: Duration = .milliseconds(300)

    /// The repository's checkout, whose `content/`, `templates/` and `.galley/` are measured.
    static let repository = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func run() {
        let galley = galleyExecutable()
        let wrk = requiredCommand("wrk", install: "install it with `sudo apt-get install wrk` (Debian, Ubuntu) or `brew install wrk` (macOS)")
        let python = requiredCommand("python3", install: "it serves the baseline (`sudo apt-get install python3`)")

        let folder = FileManager.default.temporaryDirectory.appending(path: "galley-bench-serve-\(getpid())")
        let children = ChildProcesses()
        // The servers run until stopped: a benchmark interrupted halfway must not leave them behind.
        let signalSources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: DispatchQueue(label: "galley-bench.signals"))
            source.setEventHandler {
                children.interrupt()
                children.tearDown(removing: folder)
                FileHandle.standardOutput.write(Data("\ninterrupted; the servers are stopped\n".utf8))
                exit(128 + number)
            }
            source.resume()
            return source
        }
        defer { signalSources.forEach { $0.cancel() } }

        /// Runs a measurement; a failure stops every child, removes the folder and exits.
        func measured<Value>(_ measurement: () throws(Failure) -> Value) -> Value {
            do throws(Failure) {
                return try measurement()
            } catch {
                // A signal stops the children under the measurement, so the failure is only its
                // echo: the handler reports and exits.
                if children.isInterrupted { dispatchMain() }
                children.tearDown(removing: folder)
                say("error: \(error.message)")
                if !error.details.isEmpty { say(error.details.hasSuffix("\n") ? String(error.details.dropLast()) : error.details) }
                exit(1)
            }
        }

        let results = measured { () throws(Failure) in try measure(in: folder, galley: galley, wrk: wrk, python: python, children: children) }
        children.stopRunning()
        report(results)

        // A large site whose snippets are still running: edits must not wait for them.
        let busy = measured { () throws(Failure) in try measureWhileSnippetsRun(in: folder, galley: galley, children: children) }
        children.tearDown(removing: folder)
        let running = busy.running.reloads.sorted()
        let idle = busy.idle.reloads.sorted()
        say("")
        say("generated site: \(Self.busyPages) pages, \(busy.snippets) Swift blocks")
        say("edit to reload while its snippets run: median \(format(Self.median(running), 1)) ms, p90 \(format(Self.percentile(running, 0.9), 1)) ms, max \(format(running.last ?? 0, 1)) ms")
        say("edit to reload, same site, nothing running: median \(format(Self.median(idle), 1)) ms, p90 \(format(Self.percentile(idle, 0.9), 1)) ms")
        say("edit-to-reload while snippets run, median ≤ 150 ms [\(Self.median(running) <= 150 ? "met" : "MISSED")]")
    }

    /// Pages of the generated site for the case with snippets running.
    static let busyPages = 600

    private struct Edits {
        var reloads: [Double]
    }

    /// Times edits on a generated site of ``busyPages`` pages twice: while `galley serve` runs
    /// its thousands of snippets for the first time, and with the same blocks marked
    /// `ignore`, so nothing runs.
    private func measureWhileSnippetsRun(
        in folder: URL, galley: String, children: ChildProcesses
    ) throws(Failure) -> (running: Edits, idle: Edits, snippets: Int) {
        var results: [Edits] = []
        var snippets = 0
        for info in ["swift", "swift ignore"] {
            let site = folder.appending(path: info == "swift" ? "busy" : "idle")
            let logs = site.appending(path: "logs")
            let content = site.appending(path: "content")
            try attempt("cannot prepare \(site.path)") {
                try? FileManager.default.removeItem(at: site)
                try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
                _ = try CorpusGenerator(pages: Self.busyPages, swiftInfo: info).write(into: content)
                try FileManager.default.copyItem(at: Self.repository.appending(path: "templates"), to: site.appending(path: "templates"))
            }
            if info == "swift" {
                snippets = (try? FileManager.default.subpathsOfDirectory(atPath: content.path))?.reduce(0) { count, path in
                    count + ((try? String(contentsOf: content.appending(path: path), encoding: .utf8))?.components(separatedBy: "```swift\n").count ?? 1) - 1
                } ?? 0
            }
            let log = ChildLog(folder: logs, name: "serve")
            let serve = try children.start(galley, ["serve", "--port", "0"], in: site, log: log)
            let address = try waitForAddress(of: serve, log: log, timeout: .seconds(300))
            guard let port = address.port else { throw Failure("no port in `\(address)`") }
            let first = log.errorLines().first ?? ""
            say("galley serve on the generated site (\(info) blocks): \(first)")
            if info == "swift" {
                guard first.contains("snippet program") else {
                    throw Failure("galley serve reports no snippet to run on the generated site", details: log.errorText())
                }
                // Let the compilers get going before the first edit.
                Thread.sleep(forTimeInterval: 5)
            }
            let page = "part-0/page-0"
            let edited = try timeEdits(of: content.appending(path: page + ".md"), path: "/\(page)/", port: port, serve: serve, log: log)
            if info == "swift", log.errorLines().contains(where: { $0.hasPrefix("snippets ran") && !$0.contains("to run") }) {
                say("warning: every snippet had run before the edits ended; the figure is partly idle")
            }
            results.append(Edits(reloads: edited.reloads))
            children.stopRunning()
        }
        return (results[0], results[1], snippets)
    }

    private static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[max(0, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }

    // MARK: - Measuring

    /// Every figure of one run.
    private struct Results {
        var galley: LoadResult
        var python: LoadResult
        /// Milliseconds from each write to its `build` event, in edit order.
        var reloads: [Double]
        /// The server's own time for each of those rebuilds, from its `rendered … in N ms` lines.
        var rebuilds: [Double]
        /// Build events that came before the one showing an edit.
        var earlyBuilds: Int
    }

    private func measure(
        in folder: URL, galley: String, wrk: String, python: String, children: ChildProcesses
    ) throws(Failure) -> Results {
        let logs = folder.appending(path: "logs")
        let content = folder.appending(path: "content")
        let markdown = content.appending(path: page + ".md")
        let path = "/\(page)/"
        try attempt("cannot prepare \(folder.path)") {
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Self.repository.appending(path: "content"), to: content)
            try FileManager.default.copyItem(at: Self.repository.appending(path: "templates"), to: folder.appending(path: "templates"))
        }
        guard FileManager.default.fileExists(atPath: markdown.path) else {
            throw Failure("the guide page \(markdown.path) is missing from the repository's content/")
        }
        let cache = Self.repository.appending(path: ".galley")
        let cached = FileManager.default.fileExists(atPath: cache.path)
        if cached {
            try attempt("cannot copy \(cache.path)") { try FileManager.default.copyItem(at: cache, to: folder.appending(path: ".galley")) }
            say("Site: the repository's content/ and templates/ in \(folder.path), with its snippet cache (.galley/)")
        } else {
            say("Site: the repository's content/ and templates/ in \(folder.path); no .galley/ to copy, so every snippet runs first (several minutes)")
        }

        // The baseline serves files from disk, so the site is built once with the same binary.
        let buildLog = ChildLog(folder: logs, name: "build")
        let built = try children.runToEnd(
            galley, ["build", "--content", "content", "--templates", "templates", "--output", "_site"], in: folder, log: buildLog
        )
        guard built.succeeded else {
            throw Failure("galley build \(built.ending)", details: buildLog.outputText() + buildLog.errorText())
        }
        say("galley build: \(buildLog.outputText().split(separator: "\n").last ?? "done")")

        let serveLog = ChildLog(folder: logs, name: "serve")
        let serve = try children.start(galley, ["serve", "--port", "0"], in: folder, log: serveLog)
        let address = try waitForAddress(of: serve, log: serveLog, timeout: .seconds(120))
        guard let galleyPort = address.port else { throw Failure("no port in `\(address)`") }
        let firstBuild = serveLog.errorLines().first ?? ""
        say("galley serve: \(address.absoluteString) — \(firstBuild)")
        if firstBuild.contains("snippet program") {
            say("waiting for galley serve to run the snippets missing from the cache before measuring (up to 15 minutes)…")
            // Snippets run in rounds; the last round's line has nothing left to run.
            let ran = try waitFor(serve, log: serveLog, timeout: .seconds(900), what: "a line saying every snippet ran") {
                serveLog.errorLines().first { $0.hasPrefix("snippets ran") && !$0.contains("to run") }
            }
            say("galley serve: \(ran)")
        }

        let pythonPort = try freePort()
        let pythonLog = ChildLog(folder: logs, name: "python")
        let baseline = try children.start(
            python, ["-m", "http.server", String(pythonPort), "--bind", "127.0.0.1", "--directory", "_site"], in: folder, log: pythonLog
        )
        try waitUntilAccepting(port: pythonPort, of: baseline, log: pythonLog, timeout: .seconds(30))
        say("python3 -m http.server: http://127.0.0.1:\(pythonPort)/")

        // Both must answer the page before their speed means anything.
        for (name, port) in [("galley serve", galleyPort), ("python3 -m http.server", pythonPort)] {
            let response = try HTTPResponse.get(path, port: port)
            guard response.status == 200 else {
                throw Failure("\(name) answered \(path) with status \(response.status)", details: response.head)
            }
            say("GET \(path) on \(name): 200, \(response.body.count) bytes")
        }

        say("wrk -t2 -c\(connections) -d\(duration)s --latency on galley serve…")
        let galleyLoad = try load(wrk, port: galleyPort, path: path, in: folder, log: ChildLog(folder: logs, name: "wrk-galley"), children)
        say("wrk -t2 -c\(connections) -d\(duration)s --latency on python3 -m http.server…")
        let pythonLoad = try load(wrk, port: pythonPort, path: path, in: folder, log: ChildLog(folder: logs, name: "wrk-python"), children)
        guard serve.isRunning else { throw Failure("galley serve stopped under load", details: serveLog.errorText()) }

        say("\(edits) edits of content/\(page).md, \(format(seconds(editSpacing) * 1000, 0)) ms apart…")
        let edited = try timeEdits(of: markdown, path: path, port: galleyPort, serve: serve, log: serveLog)
        return Results(
            galley: galleyLoad, python: pythonLoad, reloads: edited.reloads, rebuilds: edited.rebuilds, earlyBuilds: edited.earlyBuilds
        )
    }

    /// Runs `wrk` against one page and reads its summary.
    private func load(
        _ wrk: String, port: Int, path: String, in folder: URL, log: ChildLog, _ children: ChildProcesses
    ) throws(Failure) -> LoadResult {
        let arguments = ["-t2", "-c\(connections)", "-d\(duration)s", "--latency", "http://127.0.0.1:\(port)\(path)"]
        let run = try children.runToEnd(wrk, arguments, in: folder, log: log)
        guard run.succeeded else { throw Failure("wrk \(run.ending)", details: log.outputText() + log.errorText()) }
        guard let result = LoadResult(wrkOutput: log.outputText()) else {
            throw Failure("cannot read wrk's summary", details: log.outputText())
        }
        return result
    }

    /// Appends a new paragraph to the page `edits` times and times each write to the `build`
    /// event it causes; checks that the page served afterwards holds the paragraph.
    private func timeEdits(
        of markdown: URL, path: String, port: Int, serve: Process, log: ChildLog
    ) throws(Failure) -> (reloads: [Double], rebuilds: [Double], earlyBuilds: Int) {
        let original = try attempt("cannot read \(markdown.path)") { try Data(contentsOf: markdown) }
        let stream = try EventStream(port: port)
        // The stream opens with the build being served; only the ones after a write count.
        _ = try stream.next(named: "build", within: .seconds(5))
        let linesBefore = log.errorLines().count
        var reloads: [Double] = []
        var earlyBuilds = 0
        let clock = ContinuousClock()
        for edit in 1...edits {
            let marker = "Benchmark edit \(edit) of \(getpid())"
            let text = original + Data("\n\(marker): a plain paragraph, with no snippet in it.\n".utf8)
            let start = clock.now
            // Written in place, as most editors save: truncate, write, close.
            try attempt("cannot write \(markdown.path)") { try text.write(to: markdown) }
            let deadline = start + .seconds(10)
            // A save seen halfway (truncated, not yet written) may publish a build of its own
            // first; the reload that counts is the one whose page shows the edit.
            while true {
                let event = try stream.next(within: deadline - clock.now)
                let elapsed = clock.now - start
                guard event.name == "build" else {
                    throw Failure("edit \(edit) led to a `\(event.name)` event instead of `build`", details: event.data + "\n" + log.errorText())
                }
                let page = try HTTPResponse.get(path, port: port)
                guard page.status == 200 else { throw Failure("after edit \(edit), \(path) answered status \(page.status)") }
                if page.body.contains(marker) {
                    reloads.append(seconds(elapsed) * 1000)
                    break
                }
                earlyBuilds += 1
            }
            guard serve.isRunning else { throw Failure("galley serve stopped during the edits", details: log.errorText()) }
            Thread.sleep(forTimeInterval: seconds(editSpacing))
        }
        let rebuilds = log.errorLines().dropFirst(linesBefore).compactMap(Self.rebuildMilliseconds)
        return (reloads, rebuilds, earlyBuilds)
    }

    /// `12` from `rendered 1 page in 12 ms`, the server's note after a rebuild.
    private static func rebuildMilliseconds(_ line: String) -> Double? {
        guard line.hasPrefix("rendered "), let range = line.range(of: " in "), let end = line.range(of: " ms", range: range.upperBound..<line.endIndex) else {
            return nil
        }
        return Double(line[range.upperBound..<end.lowerBound])
    }

    // MARK: - Reporting

    private func report(_ results: Results) {
        let ratio = results.galley.requestsPerSecond / max(results.python.requestsPerSecond, 0.001)
        let reloads = results.reloads.sorted()
        let median = Self.median(reloads)
        let p90 = reloads[Int((Double(reloads.count) * 0.9).rounded(.up)) - 1]
        say("")
        say("page: /\(page)/, wrk -t2 -c\(connections) -d\(duration)s on 127.0.0.1")
        say("galley serve:           \(results.galley.summary)")
        say("python3 -m http.server: \(results.python.summary)")
        say("ratio galley/python: \(format(ratio))x requests per second")
        say("edit to build event (\(reloads.count) edits): median \(format(median, 1)) ms, p90 \(format(p90, 1)) ms, max \(format(reloads.last ?? 0, 1)) ms")
        if !results.rebuilds.isEmpty {
            say("  galley's own rebuild time (its stderr): median \(format(Self.median(results.rebuilds.sorted()), 0)) ms over \(results.rebuilds.count) rebuilds")
        }
        if results.earlyBuilds > 0 {
            say("  \(results.earlyBuilds) build event(s) came before the one showing their edit: a save rebuilt while half written")
        }
        say("requests/s ≥ 5x python3 -m http.server [\(ratio >= 5 ? "met" : "MISSED")]")
        say("p99 under 20 ms [\(results.galley.p99Milliseconds < 20 ? "met" : "MISSED")]")
        say("zero errors [\(results.galley.errors == 0 ? "met" : "MISSED")]")
        say("edit-to-reload median under 150 ms [\(median < 150 ? "met" : "MISSED")]")
    }

    private static func median(_ sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }

    // MARK: - Waiting for the servers

    /// The address galley serve prints once it listens.
    private func waitForAddress(of process: Process, log: ChildLog, timeout: Duration) throws(Failure) -> URL {
        let line = try waitFor(process, log: log, timeout: timeout, what: "its `Serving http://…` line") {
            log.outputText().split(separator: "\n").first { $0.hasPrefix("Serving ") }.map(String.init)
        }
        guard let address = line.split(separator: " ").dropFirst().first.flatMap({ URL(string: String($0)) }) else {
            throw Failure("cannot read the address in `\(line)`")
        }
        return address
    }

    private func waitUntilAccepting(port: Int, of process: Process, log: ChildLog, timeout: Duration) throws(Failure) {
        _ = try waitFor(process, log: log, timeout: timeout, what: "a connection on port \(port)") {
            (try? LoopbackConnection(port: port)) != nil ? true : nil
        }
    }

    /// Polls `found` until it gives a value, failing if the process ends or `timeout` passes.
    private func waitFor<Value>(
        _ process: Process, log: ChildLog, timeout: Duration, what: String, found: () -> Value?
    ) throws(Failure) -> Value {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = found() { return value }
            guard process.isRunning else {
                throw Failure("\(process.executableURL?.lastPathComponent ?? "a server") ended before \(what)", details: log.outputText() + log.errorText())
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Failure("no \(what) within \(timeout)", details: log.outputText() + log.errorText())
    }
}

// MARK: - wrk

/// What `wrk` reports for one run.
private struct LoadResult {
    var requests: Int
    var requestsPerSecond: Double
    var p99Milliseconds: Double
    /// Connect, read, write and timeout errors, plus responses with a status of 400 or more.
    var errors: Int
    /// The error lines as wrk printed them, empty when there were none.
    var errorLines: [String]

    /// Reads wrk's summary; `nil` when a figure is missing.
    init?(wrkOutput: String) {
        let lines = wrkOutput.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        func figure(after prefix: String) -> Substring? {
            lines.first { $0.hasPrefix(prefix) }?.dropFirst(prefix.count).split(separator: " ").first
        }
        guard let rate = figure(after: "Requests/sec:").flatMap({ Double($0) }),
            let p99 = figure(after: "99%").flatMap(Self.milliseconds),
            let requests = lines.first(where: { $0.contains(" requests in ") }).flatMap({ Int($0.prefix { $0 != " " }) })
        else { return nil }
        self.requests = requests
        requestsPerSecond = rate
        p99Milliseconds = p99
        errorLines = lines.filter { $0.hasPrefix("Socket errors:") || $0.hasPrefix("Non-2xx or 3xx responses:") }
        // `Socket errors: connect 0, read 0, write 0, timeout 0` and `Non-2xx or 3xx responses: 12`.
        errors = errorLines.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "," }) }.compactMap { Int($0) }.reduce(0, +)
    }

    /// `1.23ms`, `850.00us` or `2.01s` in milliseconds.
    static func milliseconds(_ text: Substring) -> Double? {
        for (unit, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)] where text.hasSuffix(unit) {
            return Double(text.dropLast(unit.count)).map { $0 * scale }
        }
        return nil
    }

    var summary: String {
        let errorText = errors == 0 ? "0 errors" : "\(errors) errors (\(errorLines.joined(separator: "; ")))"
        return "\(format(requestsPerSecond, 0)) requests/s, p99 \(format(p99Milliseconds, 2)) ms, \(errorText), \(requests) requests"
    }
}

// MARK: - Child processes

/// A child's standard output and error, written to files so it never blocks on a full pipe.
private struct ChildLog {
    var output: URL
    var error: URL

    init(folder: URL, name: String) {
        output = folder.appending(path: "\(name).out")
        error = folder.appending(path: "\(name).err")
    }

    func outputText() -> String { Self.text(output) }
    func errorText() -> String { Self.text(error) }
    func errorLines() -> [String] { errorText().split(separator: "\n").map(String.init) }

    private static func text(_ file: URL) -> String {
        String(decoding: FileManager.default.contents(atPath: file.path) ?? Data(), as: UTF8.self)
    }
}

/// The programs this run started, so every way out of it, a signal included, stops them.
private final class ChildProcesses: Sendable {
    /// How a program run to its end ended.
    struct Ending {
        var status: Int32
        var reason: Process.TerminationReason

        var succeeded: Bool { reason == .exit && status == 0 }

        /// `exited with status 1` or `was killed by signal 9`.
        var ending: String { reason == .exit ? "exited with status \(status)" : "was killed by signal \(status)" }
    }

    private let running = Mutex<[Int32]>([])
    private let interrupted = Mutex(false)
    private let tornDown = Mutex(false)

    /// Whether a signal ended the run.
    var isInterrupted: Bool { interrupted.withLock { $0 } }

    /// Records that a signal ends the run, before its children are stopped.
    func interrupt() {
        interrupted.withLock { $0 = true }
    }

    /// Stops every program still running and removes `folder`, once: a signal handler and the
    /// main thread may both get here, and the second waits until the first is done.
    func tearDown(removing folder: URL) {
        tornDown.withLock { done in
            guard !done else { return }
            done = true
            stopAll()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// Starts `executable` with its output going to `log`.
    func start(_ executable: String, _ arguments: [String], in folder: URL, log: ChildLog) throws(Failure) -> Process {
        let process = Process()
        process.executableURL = URL(filePath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        try attempt("cannot start \(executable)") {
            for file in [log.output, log.error] {
                guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
                }
            }
            process.standardOutput = try FileHandle(forWritingTo: log.output)
            process.standardError = try FileHandle(forWritingTo: log.error)
            try process.run()
        }
        let id = process.processIdentifier
        running.withLock { $0.append(id) }
        return process
    }

    /// Runs `executable` to its end, with its output going to `log`.
    func runToEnd(_ executable: String, _ arguments: [String], in folder: URL, log: ChildLog) throws(Failure) -> Ending {
        let process = try start(executable, arguments, in: folder, log: log)
        process.waitUntilExit()
        let id = process.processIdentifier
        running.withLock { $0.removeAll { $0 == id } }
        return Ending(status: process.terminationStatus, reason: process.terminationReason)
    }

    /// Stops every program still running, so the next measurement has the cores to itself.
    func stopRunning() {
        stopAll()
    }

    /// Asks every program to stop (galley serve shuts down on SIGTERM), then kills the ones
    /// still running after two seconds.
    private func stopAll() {
        let ids = running.withLock { ids in
            defer { ids = [] }
            return ids
        }
        for id in ids { kill(id, SIGTERM) }
        let deadline = ContinuousClock.now + .seconds(2)
        var waiting = ids
        while !waiting.isEmpty, ContinuousClock.now < deadline {
            // Foundation reaps the children; a zero signal tells whether one is still there.
            waiting.removeAll { kill($0, 0) != 0 }
            if !waiting.isEmpty { Thread.sleep(forTimeInterval: 0.05) }
        }
        for id in waiting { kill(id, SIGKILL) }
    }
}

// MARK: - Loopback HTTP

/// A plain TCP connection to a port on 127.0.0.1, read with deadlines.
private final class LoopbackConnection {
    private let socket: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws(Failure) {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure("socket() failed: \(String(cString: strerror(errno)))") }
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(socket)
            throw Failure("cannot connect to 127.0.0.1:\(port): \(reason)")
        }
    }

    deinit {
        Glibc.close(socket)
    }

    func send(_ text: String) throws(Failure) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let sent = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure("cannot send a request: \(String(cString: strerror(errno)))") }
            bytes = bytes.dropFirst(sent)
        }
    }

    /// The bytes up to and including `terminator`.
    func read(through terminator: String, before deadline: ContinuousClock.Instant) throws(Failure) -> [UInt8] {
        let pattern = Array(terminator.utf8)
        while true {
            if let end = Self.end(of: pattern, in: buffer) {
                defer { buffer.removeFirst(end) }
                return Array(buffer[..<end])
            }
            guard try receive(before: deadline) else { throw Failure("the server closed the connection") }
        }
    }

    /// Everything until the server closes the connection.
    func readToEnd(before deadline: ContinuousClock.Instant) throws(Failure) -> [UInt8] {
        while try receive(before: deadline) {}
        defer { buffer = [] }
        return buffer
    }

    /// Waits for bytes and appends them; `false` when the server closed the connection.
    private func receive(before deadline: ContinuousClock.Instant) throws(Failure) -> Bool {
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw Failure("no answer from the server in time") }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(max(1, seconds(remaining) * 1000)))
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let count = recv(socket, &chunk, chunk.count, 0)
            guard count >= 0 else { throw Failure("cannot read from the server: \(String(cString: strerror(errno)))") }
            guard count > 0 else { return false }
            buffer += chunk[..<count]
            return true
        }
    }

    private static func end(of pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        for start in 0...(bytes.count - pattern.count) where bytes[start..<(start + pattern.count)].elementsEqual(pattern) {
            return start + pattern.count
        }
        return nil
    }
}

/// One answer to a `GET`, read to the end of the connection.
private struct HTTPResponse {
    var status: Int
    var head: String
    var body: String

    static func get(_ path: String, port: Int) throws(Failure) -> HTTPResponse {
        let connection = try LoopbackConnection(port: port)
        try connection.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
        let deadline = ContinuousClock.now + .seconds(10)
        let head = String(decoding: try connection.read(through: "\r\n\r\n", before: deadline), as: UTF8.self)
        let body = String(decoding: try connection.readToEnd(before: deadline), as: UTF8.self)
        let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return HTTPResponse(status: status, head: head, body: body)
    }
}

/// The reload stream of `galley serve`, read one event at a time.
private struct EventStream {
    struct Event {
        var name: String
        var data: String
    }

    private let connection: LoopbackConnection

    init(port: Int) throws(Failure) {
        connection = try LoopbackConnection(port: port)
        try connection.send("GET /__galley/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n")
        let head = String(decoding: try connection.read(through: "\r\n\r\n", before: .now + .seconds(5)), as: UTF8.self)
        guard head.hasPrefix("HTTP/1.1 200") else { throw Failure("the reload endpoint answered: \(head)") }
    }

    /// The next event; the body's chunk sizes and the `retry:` field are skipped on the way.
    func next(within timeout: Duration) throws(Failure) -> Event {
        let deadline = ContinuousClock.now + timeout
        var name = "message"
        var data: [String] = []
        while true {
            let line = String(decoding: try connection.read(through: "\n", before: deadline), as: UTF8.self)
                .trimmingCharacters(in: .newlines)
            if line.isEmpty {
                if !data.isEmpty { return Event(name: name, data: data.joined(separator: "\n")) }
                name = "message"
            } else if line.hasPrefix("event: ") {
                name = String(line.dropFirst(7))
            } else if line.hasPrefix("data: ") {
                data.append(String(line.dropFirst(6)))
            }
        }
    }

    func next(named name: String, within timeout: Duration) throws(Failure) -> Event {
        let deadline = ContinuousClock.now + timeout
        while true {
            let event = try next(within: deadline - ContinuousClock.now)
            if event.name == name { return event }
        }
    }
}

/// A port on 127.0.0.1 that nothing listens on now, for the baseline server.
private func freePort() throws(Failure) -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw Failure("socket() failed: \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    var address = loopback(port: 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
        }
    }
    guard bound else { throw Failure("cannot find a free port: \(String(cString: strerror(errno)))") }
    return Int(UInt16(bigEndian: address.sin_port))
}

private func loopback(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = in_addr_t(INADDR_LOOPBACK).bigEndian
    return address
}

// MARK: - Failures

/// Why the benchmark stopped, with what the failing program printed.
private struct Failure: Error {
    var message: String
    var details: String

    init(_ message: String, details: String = "") {
        self.message = message
        self.details = details
    }
}

/// Runs `body`, turning whatever it throws into a ``Failure`` that starts with `what`.
private func attempt<Value>(_ what: String, _ body: () throws -> Value) throws(Failure) -> Value {
    do {
        return try body()
    } catch {
        // Foundation's message alone seldom names the file.
        let path = ((error as NSError).userInfo[NSFilePathErrorKey] as? String).map { " (\($0))" } ?? ""
        throw Failure("\(what): \(error.localizedDescription)\(path)")
    }
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

