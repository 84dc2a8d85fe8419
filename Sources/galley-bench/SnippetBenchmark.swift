import Foundation

/// Generates a site of small, distinct Swift snippets, each followed by the exact output it
/// prints, and times three ways of verifying them in one run:
///
/// - (a) the baseline: every program compiled with `swiftc` and run, one after the other;
/// - (b) `galley check` with nothing cached (its `.galley/` folder removed first);
/// - (c) `galley check` again with nothing changed, so every result comes from the cache.
struct SnippetBenchmark {
    var snippets: Int
    var pages: Int

    /// The flags the baseline compiles with: the same as Galley's default `swiftc_flags`.
    static let compilerArguments = ["-module-name", "main", "-Onone", "-swift-version", "6"]

    func run() throws {
        guard snippets >= 1, pages >= 1 else {
            say("error: --snippets and --pages must both be at least 1")
            exit(2)
        }
        let galley = galleyExecutable()
        let swiftc = requiredCommand("swiftc", install: "install a Swift toolchain")

        let folder = FileManager.default.temporaryDirectory.appending(path: "galley-bench-snippets-\(getpid())")
        let content = folder.appending(path: "content")
        let state = folder.appending(path: ".galley")
        let logs = folder.appending(path: "logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let corpus = SnippetCorpus(snippets: snippets, pages: pages)
        let programs = try corpus.write(into: content)
        say("Site: \(snippets) snippets on \(pages) pages in \(content.path)")

        // (a) The baseline: write, compile and run each program by hand, strictly in turn.
        say("(a) compiling and running each snippet with swiftc, one after the other…")
        let baseline = try runBaseline(programs, swiftc: swiftc, in: folder.appending(path: "baseline"), logs: logs)

        // (b) A cold check: nothing cached, not even the module cache.
        say("(b) galley check with an empty cache…")
        try? FileManager.default.removeItem(at: state)
        let cold = try runCapturing(galley, ["check", "--content", "content"], in: folder, logs: logs)
        try verify(cold, label: "cold galley check", folder: folder)
        if !FileManager.default.fileExists(atPath: state.path) {
            say("warning: the cold check left no .galley/ beside content/; the warm runs may not be cached")
        }

        // (c) Warm checks: the same site again, unchanged.
        say("(c) galley check with a warm cache, 3 times…")
        var warm: [Finished] = []
        for _ in 0..<3 {
            let check = try runCapturing(galley, ["check", "--content", "content"], in: folder, logs: logs)
            try verify(check, label: "warm galley check", folder: folder)
            warm.append(check)
        }
        let warmMedian = median(warm.map(\.seconds))

        let ratio = baseline / cold.seconds
        say("")
        say("(a) swiftc + run, serial: \(format(baseline, 2)) s wall (\(format(baseline / Double(snippets), 3)) s per snippet)")
        say("(b) galley check, cold: \(format(cold.seconds, 2)) s wall\(summary(of: cold))")
        say("(c) galley check, warm (median of 3): \(format(warmMedian, 3)) s wall\(summary(of: warm[0]))")
        say("ratio (a)/(b): \(format(ratio))x")
        say("(a)/(b) ≥ 1.8 [\(ratio >= 1.8 ? "met" : "MISSED")]")
        say("warm check under 0.5 s [\(warmMedian < 0.5 ? "met" : "MISSED")]")
        try? FileManager.default.removeItem(at: folder)
    }

    /// Compiles and runs every program in turn, checks that each printed its expected output,
    /// and returns the wall time of the whole loop.
    private func runBaseline(_ programs: [SnippetCorpus.Program], swiftc: String, in work: URL, logs: URL) throws -> Double {
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let start = ContinuousClock.now
        for (index, program) in programs.enumerated() {
            let source = work.appending(path: "snippet-\(index).swift")
            let binary = work.appending(path: "snippet-\(index)")
            try Data(program.code.utf8).write(to: source)
            let compiled = try runCapturing(swiftc, Self.compilerArguments + [source.path, "-o", binary.path], in: work, logs: logs)
            guard compiled.succeeded else {
                fail("swiftc \(compiled.ending) on \(source.path)", details: compiled.standardError, folder: work)
            }
            let ran = try runCapturing(binary.path, [], in: work, logs: logs)
            guard ran.succeeded else {
                fail("\(binary.path) \(ran.ending)", details: ran.standardError, folder: work)
            }
            guard ran.standardOutput == program.output else {
                fail(
                    "\(binary.path) printed something else than its output block (a bug of the generator)",
                    details: "expected:\n\(program.output)actual:\n\(ran.standardOutput)", folder: work
                )
            }
        }
        return seconds(ContinuousClock.now - start)
    }

    /// Stops the benchmark unless `check` exited with 0 and ended on the expected count.
    private func verify(_ check: Finished, label: String, folder: URL) throws {
        let expected = "\(snippets) passed, 0 failed, 0 skipped"
        guard check.succeeded, check.lastOutputLine == expected else {
            let output = check.standardOutput + check.standardError
            fail(
                "\(label) \(check.ending), and its last line is `\(check.lastOutputLine ?? "")` instead of `\(expected)`",
                details: output, folder: folder
            )
        }
    }

    /// Galley's own summary (on standard error): how many programs came from the cache.
    private func summary(of check: Finished) -> String {
        guard let line = check.standardError.split(separator: "\n").last else { return "" }
        return " — galley: \(line)"
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

/// Pages of Swift snippets, ten kinds of program in turn, each with its own numbers, and each
/// followed by an `output` block holding exactly what it prints.
struct SnippetCorpus {
    struct Program {
        /// The snippet's source, ending with a newline.
        var code: String
        /// What the program prints, ending with a newline.
        var output: String
    }

    var snippets: Int
    var pages: Int

    /// Writes `site.yml` and the pages into `folder`, and returns the programs in page order.
    func write(into folder: URL) throws -> [Program] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("title: Snippet benchmark\n".utf8).write(to: folder.appending(path: "site.yml"))
        let programs = (0..<snippets).map(Self.program)
        precondition(Set(programs.map(\.code)).count == programs.count, "two generated snippets are the same")
        for page in 0..<pages {
            // Page `page` holds an even share of the snippets, in order.
            let range = (page * snippets / pages)..<((page + 1) * snippets / pages)
            var text = "---\ntitle: Snippets \(page + 1)\norder: \(page + 1)\n---\n# Snippets \(page + 1)\n\n"
            text += "Each program below is compiled and run; the block after it is what it prints.\n\n"
            for index in range {
                text += "## Example \(index + 1)\n\n```swift\n\(programs[index].code)```\n\n```output\n\(programs[index].output)```\n\n"
            }
            let name = "page-\(String(format: "%03d", page + 1)).md"
            try Data(text.utf8).write(to: folder.appending(path: name))
        }
        return programs
    }

    private static let words = [
        "actor", "await", "buffer", "channel", "deadline", "executor", "future", "isolation", "queue", "stream",
    ]

    /// Program `index`: its kind is `index % 10`, and `index / 10` sets its numbers, so no two
    /// programs are the same and each prints its own values.
    static func program(_ index: Int) -> Program {
        let n = index / 10
        switch index % 10 {
        case 0:
            let width = n + 2
            let height = 3 + index % 7
            return Program(
                code: #"""
                    // Snippet \#(index): the area and perimeter of a rectangle.
                    let width = \#(width)
                    let height = \#(height)
                    print("area \(width * height), perimeter \(2 * (width + height))")

                    """#,
                output: "area \(width * height), perimeter \(2 * (width + height))\n"
            )
        case 1:
            let limit = n + 5
            let total = (1...limit).reduce(0) { $0 + $1 * $1 }
            return Program(
                code: #"""
                    // Snippet \#(index): a loop adding up squares.
                    var total = 0
                    for value in 1...\#(limit) {
                        total += value * value
                    }
                    print("sum of squares up to \#(limit): \(total)")

                    """#,
                output: "sum of squares up to \(limit): \(total)\n"
            )
        case 2:
            let width = n + 2
            let height = 1 + n % 9
            let factor = 2 + n % 4
            return Program(
                code: #"""
                    // Snippet \#(index): a struct with a computed property and a method.
                    struct Rectangle {
                        var width: Int
                        var height: Int
                        var area: Int { width * height }

                        func scaled(by factor: Int) -> Rectangle {
                            Rectangle(width: width * factor, height: height * factor)
                        }
                    }

                    let original = Rectangle(width: \#(width), height: \#(height))
                    let larger = original.scaled(by: \#(factor))
                    print("\(original.width)x\(original.height) has area \(original.area)")
                    print("scaled by \#(factor): \(larger.width)x\(larger.height), area \(larger.area)")

                    """#,
                output: """
                    \(width)x\(height) has area \(width * height)
                    scaled by \(factor): \(width * factor)x\(height * factor), area \(width * factor * height * factor)

                    """
            )
        case 3:
            let word = words[n % words.count] + String(n)
            let vowels = word.filter { "aeiou".contains($0) }.count
            return Program(
                code: #"""
                    // Snippet \#(index): a few facts about a word.
                    let word = "\#(word)"
                    print(String(word.reversed()))
                    print(word.uppercased(), word.count)
                    print(word.filter { "aeiou".contains($0) }.count, "vowels")

                    """#,
                output: "\(String(word.reversed()))\n\(word.uppercased()) \(word.count)\n\(vowels) vowels\n"
            )
        case 4:
            let count = n + 8
            let divisor = 2 + n % 5
            let squares = (1...count).filter { $0 % divisor == 0 }.map { $0 * $0 }
            return Program(
                code: #"""
                    // Snippet \#(index): filtering and mapping an array.
                    let numbers = Array(1...\#(count))
                    let squares = numbers.filter { $0 % \#(divisor) == 0 }.map { $0 * $0 }
                    print(squares)
                    print("\(squares.count) of \(numbers.count) numbers kept")

                    """#,
                output: "[\(squares.map(String.init).joined(separator: ", "))]\n\(squares.count) of \(count) numbers kept\n"
            )
        case 5:
            let steps = 3 + n % 5
            let phrases = ["stop", "get ready", "go"]
            let lines = (0..<steps).map { "step \($0): \(phrases[($0 + n) % 3])\n" }
            return Program(
                code: #"""
                    // Snippet \#(index): an enum and a switch inside a loop.
                    enum Light: CaseIterable {
                        case red, amber, green
                    }

                    let phases = Light.allCases
                    for step in 0..<\#(steps) {
                        switch phases[(step + \#(n)) % phases.count] {
                        case .red: print("step \(step): stop")
                        case .amber: print("step \(step): get ready")
                        case .green: print("step \(step): go")
                        }
                    }

                    """#,
                output: lines.joined()
            )
        case 6:
            let term = 5 + n % 18
            func fibonacci(_ k: Int) -> Int { k < 2 ? k : fibonacci(k - 1) + fibonacci(k - 2) }
            let value = fibonacci(term)
            return Program(
                code: #"""
                    // Snippet \#(index): a recursive function.
                    func fibonacci(_ n: Int) -> Int {
                        n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2)
                    }

                    let value = fibonacci(\#(term))
                    print("fibonacci(\#(term)) = \(value)")
                    print("times \#(n + 1): \(value * \#(n + 1))")

                    """#,
                output: "fibonacci(\(term)) = \(value)\ntimes \(n + 1): \(value * (n + 1))\n"
            )
        case 7:
            let start = n + 7
            var value = start
            var steps = 0
            while value != 1 {
                value = value % 2 == 0 ? value / 2 : 3 * value + 1
                steps += 1
            }
            return Program(
                code: #"""
                    // Snippet \#(index): a while loop following the Collatz sequence.
                    var value = \#(start)
                    var steps = 0
                    while value != 1 {
                        value = value % 2 == 0 ? value / 2 : 3 * value + 1
                        steps += 1
                    }
                    print("\#(start) reaches 1 after \(steps) steps")

                    """#,
                output: "\(start) reaches 1 after \(steps) steps\n"
            )
        case 8:
            let amounts = [n + 1, 2 * n + 3, index % 7 + 1]
            return Program(
                code: #"""
                    // Snippet \#(index): a class that keeps a running total.
                    final class Tally {
                        private(set) var total = 0
                        private(set) var largest = 0

                        func add(_ amount: Int) {
                            total += amount
                            largest = max(largest, amount)
                        }
                    }

                    let tally = Tally()
                    for amount in [\#(amounts.map(String.init).joined(separator: ", "))] {
                        tally.add(amount)
                    }
                    print("total \(tally.total), largest \(tally.largest)")

                    """#,
                output: "total \(amounts.reduce(0, +)), largest \(amounts.max()!)\n"
            )
        default:
            let stock = ["pears": n + 4, "apples": 3 * n + 1, "plums": 10 - n % 10]
            let lines = stock.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)\n" }
            return Program(
                code: #"""
                    // Snippet \#(index): a dictionary printed in a stable order.
                    let stock = ["pears": \#(stock["pears"]!), "apples": \#(stock["apples"]!), "plums": \#(stock["plums"]!)]
                    for (fruit, amount) in stock.sorted(by: { $0.key < $1.key }) {
                        print("\(fruit): \(amount)")
                    }
                    print("total:", stock.values.reduce(0, +))

                    """#,
                output: lines.joined() + "total: \(stock.values.reduce(0, +))\n"
            )
        }
    }
}
