import Foundation

/// Generates a site of Swift snippets, each followed by the exact output it prints, and times
/// four ways of verifying it in one run, on the same machine:
///
/// - (a) the baseline: every program compiled with `swiftc` and run, one after the other;
/// - (b) `galley check --no-merge` with nothing cached (its `.galley/` folder removed first),
///   which compiles every program alone;
/// - (c) `galley check` with nothing cached, which compiles the programs it can merge several
///   to one module;
/// - (d) `galley check` again with nothing changed, so every result comes from the cache.
///
/// (b) and (c) also write JUnit, so the benchmark can tell whether merging changed a verdict.
struct SnippetBenchmark {
    var corpus: any SnippetSiteGenerator

    /// The flags the baseline compiles with: the same as Galley's default `swiftc_flags`.
    static let compilerArguments = ["-module-name", "main", "-Onone", "-swift-version", "6"]

    /// The targets, on a 2-core machine: (a)/(c), (b)/(c), and (d) in seconds.
    static let baselineRatioTarget = 6.0
    static let aloneRatioTarget = 3.0
    static let warmTarget = 0.3

    func run() {
        let galley = galleyExecutable()
        let swiftc = requiredCommand("swiftc", install: "install a Swift toolchain")

        let folder = FileManager.default.temporaryDirectory.appending(path: "galley-bench-snippets-\(getpid())")
        do {
            try run(in: folder, galley: galley, swiftc: swiftc)
        } catch {
            fail("\(error)", details: "", folder: folder)
        }
        try? FileManager.default.removeItem(at: folder)
    }

    private func run(in folder: URL, galley: String, swiftc: String) throws {
        let content = folder.appending(path: "content")
        let state = folder.appending(path: ".galley")
        let logs = folder.appending(path: "logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let site = try corpus.write(into: content)
        say("Site: \(site.description) in \(content.path)")

        // (a) The baseline: write, compile and run each program by hand, strictly in turn.
        say("(a) compiling and running each program with swiftc, one after the other…")
        let baseline = try runBaseline(site.programs, swiftc: swiftc, in: folder.appending(path: "baseline"), logs: logs)

        // (b) and (c) start from nothing cached, not even the module cache, so each pays for
        // everything a first check on a fresh clone pays for.
        func coldCheck(_ options: [String], junit: String) throws -> Finished {
            try? FileManager.default.removeItem(at: state)
            return try runCapturing(galley, ["check", "--content", "content", "--junit", junit] + options, in: folder, logs: logs)
        }
        say("(b) galley check --no-merge with an empty cache…")
        let alone = try coldCheck(["--no-merge"], junit: "alone.xml")
        say("(c) galley check with an empty cache…")
        let merged = try coldCheck([], junit: "merged.xml")

        // Compared before either check is judged, so a verdict that merging changed is named
        // even when it is what fails the run.
        let differences = try verdictDifferences(
            alone: folder.appending(path: "alone.xml"), merged: folder.appending(path: "merged.xml")
        )
        if !differences.isEmpty {
            say("verdicts identical merged and alone: NO")
            for difference in differences { say("  \(difference)") }
        }
        try verify(alone, site: site, label: "cold galley check --no-merge", folder: folder)
        try verify(merged, site: site, label: "cold galley check", folder: folder)
        if !FileManager.default.fileExists(atPath: state.path) {
            say("warning: the cold check left no .galley/ beside content/; the warm runs may not be cached")
        }

        // (d) Warm checks: the same site again, unchanged.
        say("(d) galley check with a warm cache, 3 times…")
        var warm: [Finished] = []
        for _ in 0..<3 {
            let check = try runCapturing(galley, ["check", "--content", "content"], in: folder, logs: logs)
            try verify(check, site: site, label: "warm galley check", folder: folder)
            warm.append(check)
        }
        let warmMedian = median(warm.map(\.seconds))

        let baselineRatio = baseline / merged.seconds
        let aloneRatio = alone.seconds / merged.seconds
        let programs = site.programs.count
        say("")
        say("(a) swiftc + run, serial: \(format(baseline, 2)) s wall (\(format(baseline / Double(programs), 3)) s per program)")
        say("(b) galley check --no-merge, cold: \(format(alone.seconds, 2)) s wall\(summary(of: alone))")
        say("(c) galley check, cold: \(format(merged.seconds, 2)) s wall\(summary(of: merged))")
        say("(d) galley check, warm (median of 3): \(format(warmMedian, 3)) s wall\(summary(of: warm[0]))")
        say("ratio (a)/(c): \(format(baselineRatio))x")
        say("ratio (b)/(c): \(format(aloneRatio))x")
        say("verdicts identical merged and alone: \(differences.isEmpty ? "yes" : "NO") (\(site.snippets) snippets)")
        if let (count, splitOut) = compiledAlone(merged) {
            say("compiled alone in (c): \(count) program\(count == 1 ? "" : "s") (\(splitOut) split out); the corpus has \(site.meantAlone) that cannot be merged")
        }
        say("(a)/(c) ≥ \(format(Self.baselineRatioTarget, 0)) [\(baselineRatio >= Self.baselineRatioTarget ? "met" : "MISSED")]")
        say("(b)/(c) ≥ \(format(Self.aloneRatioTarget, 0)) [\(aloneRatio >= Self.aloneRatioTarget ? "met" : "MISSED")]")
        say("(d) under \(format(Self.warmTarget, 1)) s [\(warmMedian < Self.warmTarget ? "met" : "MISSED")]")
    }

    /// Compiles and runs every program in turn, checks that each did what the site says (printed
    /// its expected output, or failed to compile with its expected error), and returns the wall
    /// time of the whole loop.
    private func runBaseline(_ programs: [BaselineProgram], swiftc: String, in work: URL, logs: URL) throws -> Double {
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let start = ContinuousClock.now
        for (index, program) in programs.enumerated() {
            let source = work.appending(path: "program-\(index).swift")
            let binary = work.appending(path: "program-\(index)")
            try Data(program.source.utf8).write(to: source)
            let compiled = try runCapturing(swiftc, Self.compilerArguments + [source.path, "-o", binary.path], in: work, logs: logs)
            switch program.expectation {
            case .compileError(let error):
                guard compiled.reason == .exit, compiled.status != 0, compiled.standardError.contains(error) else {
                    fail(
                        "swiftc \(compiled.ending) on \(source.path), which should fail with `\(error)` (a bug of the generator)",
                        details: compiled.standardError, folder: work
                    )
                }
            case .output(let output):
                guard compiled.succeeded else {
                    fail("swiftc \(compiled.ending) on \(source.path)", details: compiled.standardError, folder: work)
                }
                let ran = try runCapturing(binary.path, [], in: work, logs: logs)
                guard ran.succeeded else {
                    fail("\(binary.path) \(ran.ending)", details: ran.standardError, folder: work)
                }
                guard ran.standardOutput == output else {
                    fail(
                        "\(binary.path) printed something else than its output blocks (a bug of the generator)",
                        details: "expected:\n\(output)actual:\n\(ran.standardOutput)", folder: work
                    )
                }
            }
        }
        return seconds(ContinuousClock.now - start)
    }

    /// Stops the benchmark unless `check` exited with 0 and passed every snippet of the site.
    private func verify(_ check: Finished, site: SnippetSite, label: String, folder: URL) throws {
        let expected = "\(site.snippets) passed, 0 failed, 0 skipped"
        guard check.succeeded, check.lastOutputLine == expected else {
            let output = check.standardOutput + check.standardError
            fail(
                "\(label) \(check.ending), and its last line is `\(check.lastOutputLine ?? "")` instead of `\(expected)`",
                details: output, folder: folder
            )
        }
    }

    /// The snippets whose verdict differs between the two JUnit files, one line each.
    private func verdictDifferences(alone: URL, merged: URL) throws -> [String] {
        // A check that stopped before judging anything writes no file; verifying it says why.
        guard FileManager.default.fileExists(atPath: alone.path), FileManager.default.fileExists(atPath: merged.path) else {
            return []
        }
        let aloneVerdicts = try JUnitVerdicts(contentsOf: alone)
        let mergedVerdicts = try JUnitVerdicts(contentsOf: merged)
        return aloneVerdicts.differences(from: mergedVerdicts, ownName: "alone", otherName: "merged")
    }

    /// Galley's own summary (on standard error): how many programs came from the cache, were
    /// merged and in how many modules, or were compiled alone.
    private func summary(of check: Finished) -> String {
        guard let line = check.standardError.split(separator: "\n").last(where: { $0.contains("ran ") }),
            let start = line.range(of: "ran ")?.lowerBound
        else { return "" }
        return " — galley: \(line[start...])"
    }

    /// How many programs Galley's summary says it compiled alone, and how many of those it
    /// split out of a merged module that did not compile.
    private func compiledAlone(_ check: Finished) -> (count: Int, splitOut: Int)? {
        guard let match = check.standardError.firstMatch(of: /(\d+) alone(?:, (\d+) of them split out)?/) else {
            return check.standardError.contains(" merged in ") ? (0, 0) : nil
        }
        return (Int(match.1) ?? 0, match.2.flatMap { Int($0) } ?? 0)
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}

/// A child process that has ended: how, after how long, and what it printed.
struct Finished {
    var seconds: Double
    var status: Int32
    var reason: Process.TerminationReason
    var standardOutput: String
    var standardError: String

    var succeeded: Bool { reason == .exit && status == 0 }

    /// `exited with status 1` or `was killed by signal 4`.
    var ending: String { reason == .exit ? "exited with status \(status)" : "was killed by signal \(status)" }

    /// The last line the process printed on standard output, if any.
    var lastOutputLine: String? { standardOutput.split(separator: "\n").last.map(String.init) }
}

/// Runs a program to completion and keeps what it prints. Both streams go to files in `logs`,
/// so a chatty child can never block on a full pipe. The exit status comes from `Process`
/// itself, which tells a death by signal apart from a clean exit.
func runCapturing(_ executable: String, _ arguments: [String], in folder: URL, logs: URL) throws -> Finished {
    let outputFile = logs.appending(path: "stdout")
    let errorFile = logs.appending(path: "stderr")
    for file in [outputFile, errorFile] {
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
        }
    }
    let output = try FileHandle(forWritingTo: outputFile)
    let error = try FileHandle(forWritingTo: errorFile)
    defer {
        try? output.close()
        try? error.close()
    }

    let process = Process()
    process.executableURL = URL(filePath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = folder
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = error
    let ended = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in ended.signal() }
    let start = ContinuousClock.now
    try process.run()
    ended.wait()
    let elapsed = ContinuousClock.now - start

    func text(_ file: URL) -> String {
        String(decoding: FileManager.default.contents(atPath: file.path) ?? Data(), as: UTF8.self)
    }
    return Finished(
        seconds: seconds(elapsed), status: process.terminationStatus, reason: process.terminationReason,
        standardOutput: text(outputFile), standardError: text(errorFile)
    )
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}


/// Prints what went wrong and where the generated files were left, then exits with status 1.
private func fail(_ message: String, details: String, folder: URL) -> Never {
    say("error: \(message)")
    if !details.isEmpty { say(details.hasSuffix("\n") ? String(details.dropLast()) : details) }
    say("The generated files are kept in \(folder.path)")
    exit(1)
}

