import Foundation
import _GalleyTestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `galley-bench fuzz`: feeds generated hostile pages (random bytes, control characters, deep
/// nesting, huge numbers, unterminated front matter, fences and strings, hostile Swift) to
/// `galley build --no-run` and `galley check`, and fails on the first run that dies from a
/// signal, outlives its timeout, exits with a status the command never uses, prints a raw
/// control character, or changes a byte of its content folder.
///
/// Pages are grouped into sites of 20. Snippets are cheap: nearly all are `ignore`, and a site
/// has at most one that compiles, so `check` costs about one compiler run per site.
struct HostileFuzz {
    let documents: Int
    let firstSeed: UInt64

    /// Pages per generated site.
    static let pagesPerSite = 20
    /// How long one `galley` run may take before it counts as a hang.
    static let timeout: Duration = .seconds(120)

    func run() throws {
        let galley = galleyExecutable()
        let templates = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "templates")
        // A runaway allocation in a child should fail that child, not the machine.
        var limit = rlimit(rlim_cur: 12 << 30, rlim_max: 12 << 30)
        setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        let clock = ContinuousClock()
        let start = clock.now
        var runs = 0
        var statuses: [String: Int] = [:]
        var made = 0
        var site = 0
        while made < documents {
            let seed = firstSeed &+ UInt64(site)
            let count = min(Self.pagesPerSite, documents - made)
            let folder = FileManager.default.temporaryDirectory.appending(path: "galley-bench-fuzz-\(getpid())-\(seed)")
            try? FileManager.default.removeItem(at: folder)
            var generator = HostileGenerator(seed: seed)
            try generator.writeSite(pages: count, into: folder.appending(path: "content"))
            let content = folder.appending(path: "content")
            let before = try fingerprint(content)
            let commands: [(name: String, arguments: [String], allowed: Set<Int32>)] = [
                ("build", ["build", "--no-run", "--content", content.path, "--templates", templates.path, "--output", folder.appending(path: "_site").path, "--quiet"], [0, 1]),
                ("check", ["check", "--content", content.path, "--quiet", "--no-cache"], [0, 1, 2]),
            ]
            for command in commands {
                let outcome = try runBounded(galley, command.arguments, in: folder)
                runs += 1
                var problem: String?
                switch outcome.ending {
                case .timedOut: problem = "did not finish within \(Self.timeout)"
                case .signalled(let signal): problem = "was killed by signal \(signal)"
                case .exited(let status) where !command.allowed.contains(status): problem = "exited with status \(status)"
                case .exited(let status): statuses["\(command.name) \(status)", default: 0] += 1
                }
                if problem == nil, let byte = outcome.output.first(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 }) {
                    problem = "printed the raw control character 0x\(String(byte, radix: 16))"
                }
                if problem == nil, try fingerprint(content) != before { problem = "changed its content folder" }
                if let problem {
                    say("fuzz: seed \(seed): galley \(command.name) \(problem); the site is kept in \(folder.path)")
                    say("rerun: \(galley) \(command.arguments.joined(separator: " "))")
                    throw FuzzFailure(seed: seed)
                }
            }
            try? FileManager.default.removeItem(at: folder)
            made += count
            site += 1
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let summary = statuses.sorted { $0.key < $1.key }.map { "\($0.value)× \($0.key)" }.joined(separator: ", ")
        say("fuzz: \(documents) pages in \(site) sites, \(runs) galley runs (\(summary)); no crash, hang, stray control character or changed source (\(format(seconds, 1)) s)")
    }

    struct FuzzFailure: Error, CustomStringConvertible {
        var seed: UInt64
        var description: String { "fuzz failed at seed \(seed)" }
    }

    /// Every file's path and bytes under `folder`.
    private func fingerprint(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let file = enumerator?.nextObject() as? URL {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            files[file.path] = try Data(contentsOf: file)
        }
        return files
    }

    enum Ending { case exited(Int32), signalled(Int32), timedOut }

    /// Runs a program (given absolute paths) in a process group of its own, standard output
    /// and error into one file in `folder`,
    /// and kills the whole group at the timeout.
    private func runBounded(_ executable: String, _ arguments: [String], in folder: URL) throws -> (ending: Ending, output: [UInt8]) {
        let log = folder.appending(path: "galley-output.log").path
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t = nil
        var attributes: posix_spawnattr_t = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(spawned)))") }
        let deadline = ContinuousClock.now + Self.timeout
        var status: Int32 = 0
        var ending: Ending?
        while ending == nil {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid {
                let signal = status & 0x7f
                ending = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
            } else if waited == -1, errno != EINTR {
                throw SpawnError(description: "cannot wait for \(executable): \(String(cString: strerror(errno)))")
            } else if ContinuousClock.now > deadline {
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) == -1, errno == EINTR {}
                ending = .timedOut
            } else {
                usleep(10_000)
            }
        }
        // Whatever the run left in its group (a snippet's child) goes with it.
        kill(-pid, SIGKILL)
        let output = (try? Data(contentsOf: URL(filePath: log))).map { [UInt8]($0) } ?? []
        try? FileManager.default.removeItem(atPath: log)
        return (ending!, output)
    }
}

/// Generates hostile pages from a seed, reproducibly (SplitMix64).
struct HostileGenerator {
    private var numbers: SeededGenerator
    /// A calm site has no error Galley must refuse it for, so it is rendered through: its
    /// hostility is in text, nesting and Swift, not in invalid values.
    private var calm = false

    init(seed: UInt64) {
        numbers = SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 | 1)
        calm = chance(50)
    }

    mutating func next() -> UInt64 { numbers.next() }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }

    /// One site: `pages` Markdown files (some in folders, some with hostile names), sometimes a
    /// `site.yml`, and at most one snippet that compiles.
    mutating func writeSite(pages: Int, into content: URL) throws {
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        var compiled = false
        for index in 0..<pages {
            var name = index == 0 ? "index" : "page-\(index)"
            if chance(15) { name += pick(["#sharp", " space", "%20", "?q", "é", "\u{1B}[1m", "(1)", "&amp"]) }
            let folder = chance(30) ? pick(["guide/", "a/b/", "deep/er/est/", "x#y/"]) : ""
            let url = content.appending(path: folder + name + ".md")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let allowCompile = !compiled && chance(10)
            if allowCompile { compiled = true }
            try Data(page(allowCompile: allowCompile)).write(to: url)
        }
        if !calm, chance(40) { try Data(siteConfiguration().utf8).write(to: content.appending(path: "site.yml")) }
    }

    private mutating func siteConfiguration() -> String {
        var lines: [String] = []
        for _ in 0..<below(4) {
            lines.append(
                pick([
                    "title: \(scalar())", "base_url: \(pick(["?x=1", "/docs/", "https://example.com/a b/", "ftp://x", "\"/\\e[2J\"", "~", "//x", "https://h:0/"]))",
                    "markdown:\n  smart: \(scalar())", "snippets:\n  timeout: \(number())", "snippets:\n  output_limit: \(number())",
                    "snippets:\n  memory_limit_mib: \(number())", "language: \(scalar())", "\(scalar()): \(scalar())",
                ])
            )
        }
        return lines.joined(separator: "\n") + (chance(80) ? "\n" : "")
    }

    /// Text that is hard to read as YAML, numbers and dates.
    private mutating func scalar() -> String {
        pick([
            number(), "~", "", "null", "\"true\"", "'no'", "yes", "\"\\e[31m\"", "\"\\u0007\\u0000\"", "\u{1B}[2J", "[unclosed", "{a: [b",
            "\"unterminated", "2026-11-25T25:99:00Z", "2026-02-30", "2026-11-25T10:00:00+99:99", "2026-11-25T23:59:59.123456789Z",
            "*alias", "&anchor x", "!!binary AAAA", String(repeating: "[", count: below(200)), String(repeating: "- ", count: below(50)) + "x",
            randomText(below(40)),
        ])
    }

    private mutating func number() -> String {
        pick([
            "1e30", "9999999999999999999", "-9223372036854775808", "9223372036854775808", "1:2:3:4:5:6:7:8:9:10:11:12",
            "999999999999999999:0", "0x8000000000000000", "-0x8000000000000001", "0b" + String(repeating: "1", count: 70), "010", "08",
            ".inf", "-.nan", "1_000_000", "+3", "0.000000001", "1e-400", String(below(1_000_000_000)), "-\(below(100))",
        ])
    }

    private mutating func frontMatter() -> String {
        if calm {
            let title = "\"" + pick(["\\e[31mRed", "Bell\\a", "NUL\\0", "<script>x</script>", "🙂 \\u202E", "{{page.title}}"]) + "\""
            return "---\ntitle: \(title)\norder: \(below(1000))\ndate: 2026-11-\(10 + below(18))T\(10 + below(13)):00:00+02:00\ntags: [\(title)]\n---\n"
        }
        var lines: [String] = []
        for _ in 0..<below(7) {
            let key = pick(["title", "description", "date", "author", "order", "draft", "tags", "level", scalar()])
            lines.append("\(key): \(key == "tags" && chance(50) ? "[\(scalar()), \(scalar())]" : scalar())")
        }
        let body = lines.joined(separator: "\n")
        // Sometimes it never closes.
        return "---\n" + body + (chance(90) ? "\n---\n" : "\n")
    }

    private mutating func page(allowCompile: Bool) -> [UInt8] {
        var text = chance(70) ? frontMatter() : ""
        for _ in 0..<(1 + below(8)) { text += block(allowCompile: allowCompile) + "\n\n" }
        var bytes = Array(text.utf8)
        if calm { return bytes }
        // Now and then raw bytes, which may not be UTF-8 at all.
        if chance(8) {
            for _ in 0..<below(64) { bytes.insert(UInt8(truncatingIfNeeded: next()), at: below(bytes.count + 1)) }
        }
        if chance(5) { bytes.removeLast(below(bytes.count + 1)) }  // cut anywhere, mid-character too
        return bytes
    }

    private mutating func block(allowCompile: Bool) -> String {
        let depth = pick([1, 5, 50, 500, 5000])
        switch below(12) {
        case 0: return String(repeating: "> ", count: depth) + randomText(20)
        case 1: return (0..<min(depth, 400)).map { String(repeating: "  ", count: $0) + "- item" }.joined(separator: "\n")
        case 2: return String(repeating: "[", count: depth) + "link" + String(repeating: "](x.md)", count: below(depth + 1))
        case 3: return String(repeating: "*", count: depth) + "emphasis" + String(repeating: "_", count: depth)
        case 4: return "# " + randomText(30) + "\n\n## " + randomText(30) + "\n\n<div>" + String(repeating: "<b>", count: min(depth, 2000)) + "raw"
        case 5, 6, 7: return fence(allowCompile: allowCompile)
        case 8: return "[\(randomText(10))](\(pick(["missing.md", "#nowhere", "c%23sharp.md", "../../../../etc/passwd", "a%zz.md", "%00.md", "x.md#\u{1B}"])))"
        case 9: return randomText(200)
        case 10 where !calm: return "```swift " + pick(["exit=1 exit=0", "ignore ignore", "timeout=1e999", "exit=99999999999", "session=", "crash compile-fail"]) + "\nlet x = 1\n```"
        case 10: return "```swift ignore\n" + swiftCode() + "\n```"
        // Unterminated: the fence takes the rest of the page. Not a compiled `swift` one, which
        // would make the hostile Swift below it a program (see the README's Limits and refusals).
        default: return "```" + String(repeating: "`", count: below(10)) + pick(["", "text", "output", "swift ignore"]) + "\n" + randomText(50)
        }
    }

    private mutating func fence(allowCompile: Bool) -> String {
        let code = swiftCode()
        if allowCompile {
            let attribute = pick(["", "norun", "crash", "exit=3", "unordered", "nocheck"])
            let body = pick(["print(\"ok\\u{1B}[2K\\rpassed\")", "print(\"\\u{7}bell\")", "fatalError(\"\\u{1B}]0;title\\u{7}\")", "exit(3)"])
            return "```swift \(attribute)\n\(body)\n```\n\n```output\n\(randomText(10))\n```"
        }
        let hidden = calm ? "// snippet.hide\nimport Foundation\n// snippet.show\n" : chance(10) ? "// snippet.hide\n" : ""
        return "```swift ignore\n\(hidden)\(code)\n```" + (chance(30) ? "\n\n```output\n\(randomText(30))\n```" : "")
    }

    /// Swift that is ordinary, or shaped to exhaust swift-syntax.
    private mutating func swiftCode() -> String {
        let depth = pick([2, 8, 16, 30, 200, 2000])
        return switch below(9) {
        case 0: String(repeating: "\"\\(", count: depth) + String(repeating: ")\"", count: below(depth + 1))
        case 1: "let x = " + String(repeating: "[", count: depth) + (chance(50) ? "1" + String(repeating: "]", count: depth) : "")
        case 2: String(repeating: "\\(", count: depth)
        case 3: String(repeating: "let m = [[[[[[[[[[1]]]]]]]]]]\n", count: below(1000))
        case 4: String(repeating: "#\"\\#(", count: depth)
        case 5: "let s = \"never closed\n/* nor this " + String(repeating: "/*", count: depth)
        case 6: String(repeating: "{ (", count: depth)
        case 7: randomText(300)
        default: "struct Point { var x = 1 }\nlet p = Point()\nprint(\"\\(p.x) \\(\"nested \\(1)\")\")"
        }
    }

    /// Text mixing ordinary characters, Markdown punctuation, control characters and
    /// characters beyond ASCII.
    private mutating func randomText(_ length: Int) -> String {
        let pieces = [
            "a", "b", " ", "word", "\n", "\t", "*", "_", "`", "[", "]", "(", ")", "<", ">", "&", "#", "\\", "\"", "'", "|", "~", "-", "=",
            "\u{1B}[31m", "\u{1B}]8;;http://x\u{7}", "\u{7}", "\u{0}", "\r", "\u{8}", "\u{7F}", "\u{9B}", "\u{85}", "é", "🙂", "\u{202E}",
            "\u{FEFF}", "\u{200B}", "{{", "}}", "{{> layout}}", "---", "```", "~~~", "<!--", "-->", "<script>", "&#0;", "&#x1B;",
        ]
        return (0..<length).map { _ in pick(pieces) }.joined()
    }
}
