/// What a ```swift block with no attributes does: `snippets.default` of `site.yml`, or of a
/// folder's `index.md` or a page's front matter.
public enum SnippetDefault: String, Sendable, Hashable, CaseIterable {
    /// Compiled and run, as if the fence said `run`.
    case run
    /// Shown only, as if it said `ignore`: for a folder of Markdown not written for Galley,
    /// whose fences opt in one by one with `run` (or any other attribute).
    case norun
}

/// What a ```swift fence's info string asks of its snippet: `swift crash`, `swift exit=2`,
/// `swift session=intro unordered`.
public struct SnippetAttributes: Sendable, Hashable, Codable {
    /// What Galley does with the snippet.
    public enum Mode: String, Sendable, Hashable, Codable {
        /// Compiled and run; its output is recorded and compared.
        case run
        /// Compiled only.
        case compileOnly
        /// Shown, never compiled.
        case ignore
        /// Must fail to compile; the diagnostics are its output.
        case compileFail
        /// Must trap or die from a signal.
        case crash
    }

    /// What Galley does with the snippet.
    public var mode: Mode = .run
    /// The exit status the program must end with.
    public var expectedExitStatus: Int32 = 0
    /// Seconds before the program is killed; `nil` takes the site's default.
    public var timeout: Double?
    /// Blocks of a page with the same session form one program.
    public var session: String?
    /// Compare output as a multiset of lines.
    public var unordered = false
    /// Show the output but never compare it.
    public var noCheck = false
    /// Always compile the program alone, never merged with others into one module: for code
    /// that depends on being alone (printing `#fileID` or its top-level types' names).
    public var standalone = false
    /// Compiler flags for this program, after the site's `snippets.swiftc_flags`:
    /// `flags="-swift-version 5"`. Part of the program's cache key; programs merge only with
    /// programs of the same flags.
    public var compilerFlags: [String] = []
    /// Normalisers applied to this snippet's expected and actual output, besides the site's:
    /// `normalize=addresses,durations`.
    public var normalizers: [OutputNormalizer] = []

    /// The attributes of a plain ```swift block.
    public init() {}

    /// The attribute words a fence may carry, for error messages.
    static let vocabulary = "run, norun, ignore, compile-fail, crash, exit=N, timeout=S, session=NAME, unordered, nocheck, standalone, flags=\"FLAGS\", normalize=NAMES"

    /// Reads the words after `swift` in an info string.
    ///
    /// - Parameters:
    ///   - columns: The byte column of each word on the fence's line, so that an error points
    ///     at its word (`path:line:col`); without them errors name the line only.
    ///   - defaultMode: What a fence without attributes does. A fence with any attribute was
    ///     written for Galley, and does what its attributes say.
    /// - Throws: ``SnippetSyntaxError`` at `location`, and at the column of the word at fault,
    ///   for an unknown word, a malformed value or attributes that contradict each other.
    public init(
        words: some Sequence<Substring>, columns: [Int] = [], at location: SnippetLocation, defaultMode: SnippetDefault = .run
    ) throws(SnippetSyntaxError) {
        func error(at index: Int, _ message: String) -> SnippetSyntaxError {
            SnippetSyntaxError(location, message, column: columns.indices.contains(index) ? columns[index] : nil)
        }
        var modeWord: (text: String, index: Int)?
        func setMode(_ mode: Mode, _ word: String, _ index: Int) throws(SnippetSyntaxError) {
            if let modeWord, modeWord.text != word {
                throw error(at: index, "`\(modeWord.text)` and `\(word)` cannot be used together; keep one")
            }
            modeWord = (word, index)
            self.mode = mode
        }
        var exitWord: (text: String, index: Int)?
        // Each attribute once: with `exit=1 exit=0` one of the two would be ignored silently.
        var seen: [String: Substring] = [:]
        for (index, word) in words.enumerated() {
            let name: String
            let value: String?
            do throws(SnippetSyntaxError) {
                (name, value) = try Self.split(word, at: location)
            } catch let problem {
                throw error(at: index, problem.message)
            }
            if let earlier = seen[name] {
                let both = earlier == word ? "`\(word)` appears twice" : "`\(earlier)` and `\(word)` both set `\(name)`"
                throw error(at: index, "\(both) in this fence; keep one")
            }
            seen[name] = word
            switch name {
            case "run": try setMode(.run, "run", index)
            case "norun": try setMode(.compileOnly, "norun", index)
            case "ignore": try setMode(.ignore, "ignore", index)
            case "compile-fail": try setMode(.compileFail, "compile-fail", index)
            case "crash": try setMode(.crash, "crash", index)
            case "unordered": unordered = true
            case "nocheck": noCheck = true
            case "standalone": standalone = true
            case "exit":
                guard let value, let status = Int32(value), (0...255).contains(status) else {
                    throw error(at: index, "`\(word)` needs an exit status from 0 to 255, as in `exit=1`")
                }
                expectedExitStatus = status
                exitWord = (String(word), index)
            case "timeout":
                guard let value, let seconds = Double(value), RunnerSettings.timeoutRange.contains(seconds) else {
                    throw error(
                        at: index, "`\(word)` needs a number of seconds above 0 and at most \(Int(RunnerSettings.timeoutRange.upperBound)), as in `timeout=30`"
                    )
                }
                timeout = seconds
            case "session":
                guard let value, !value.isEmpty else {
                    throw error(at: index, "`\(word)` needs a name, as in `session=intro`")
                }
                session = value
            case "flags":
                guard let value, !value.isEmpty else {
                    throw error(at: index, "`\(word)` needs compiler flags, as in `flags=\"-swift-version 5\"`")
                }
                compilerFlags = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                if let problem = Self.problem(withFlags: compilerFlags) { throw error(at: index, problem) }
            case "normalize":
                switch OutputNormalizer.parse(value ?? "") {
                case .success(let names) where !names.isEmpty: normalizers = names
                case .success:
                    throw error(at: index, "`\(word)` needs normalisers, as in `normalize=addresses,durations`; use \(OutputNormalizer.UnknownName.vocabulary)")
                case .failure(let unknown):
                    throw error(at: index, "`normalize` names no normaliser `\(unknown.word)`; use \(OutputNormalizer.UnknownName.vocabulary)")
                }
            default:
                throw error(at: index, "unknown snippet attribute `\(word)`; use one of \(Self.vocabulary)")
            }
            if value != nil, !Self.valued.contains(name) {
                throw error(at: index, "`\(name)` takes no value; write `\(name)` alone")
            }
        }
        if seen.isEmpty, defaultMode == .norun { mode = .ignore }
        if let exitWord, mode != .run {
            throw error(
                at: exitWord.index, "`\(exitWord.text)` applies only to snippets that run; remove `\(modeWord?.text ?? "")` or `\(exitWord.text)`"
            )
        }
        if session != nil, mode == .ignore || mode == .compileOnly {
            throw error(at: modeWord?.index ?? -1, "a `session` block runs as part of a program; it cannot be `\(modeWord?.text ?? "")`")
        }
    }

    /// The attributes that take a value.
    private static let valued: Set<String> = ["exit", "timeout", "session", "flags", "normalize"]

    /// `timeout=3` → (`timeout`, `3`); `flags="-swift-version 5"` → (`flags`, `-swift-version 5`);
    /// `crash` → (`crash`, nil).
    private static func split(_ word: Substring, at location: SnippetLocation) throws(SnippetSyntaxError) -> (String, String?) {
        guard let equals = word.firstIndex(of: "=") else {
            if word.contains("\"") { throw SnippetSyntaxError(location, "`\(word)`: quotes belong around a value, as in `flags=\"-swift-version 5\"`") }
            return (String(word), nil)
        }
        let name = String(word[..<equals])
        var value = word[word.index(after: equals)...]
        if value.first == "\"" {
            guard value.count >= 2, value.last == "\"", !value.dropFirst().dropLast().contains("\"") else {
                throw SnippetSyntaxError(location, "`\(word)` has an unclosed quote; write `\(name)=\"…\"`")
            }
            value = value.dropFirst().dropLast()
        } else if value.contains("\"") {
            throw SnippetSyntaxError(location, "`\(word)`: a quoted value starts right after `=`, as in `\(name)=\"…\"`")
        }
        return (name, String(value))
    }

    /// Flags that would change what Galley builds or where, so a fence may not set them: the
    /// runner names the module, the output and the mode itself.
    static let reservedFlags: Set<String> = [
        "-o", "-c", "-module-name", "-parse-as-library", "-emit-library", "-emit-object", "-emit-module", "-emit-executable",
        "-emit-assembly", "-emit-sil", "-emit-silgen", "-emit-ir", "-emit-bc", "-typecheck", "-parse", "-dump-ast", "-dump-parse",
        "-i", "-interpret", "-e", "-wmo", "-whole-module-optimization", "-no-whole-module-optimization", "-module-cache-path",
        "-j", "-num-threads", "-incremental", "-driver-mode", "-static-executable",
    ]

    /// Why `flags` cannot be a fence's flags, or `nil` when it can.
    static func problem(withFlags flags: [String]) -> String? {
        if let first = flags.first, !first.hasPrefix("-") {
            return "`flags` must start with an option (`-…`), not `\(first)`; as in `flags=\"-swift-version 5\"`"
        }
        for flag in flags {
            let option = flag.split(separator: "=", maxSplits: 1).first.map(String.init) ?? flag
            if reservedFlags.contains(option) {
                return "`flags` cannot hold `\(flag)`: Galley sets the module, the output and how it compiles; remove it"
            }
            if flag.hasSuffix(".swift") {
                return "`flags` cannot add the source file `\(flag)`; put the code in the snippet (hidden lines serve for set-up)"
            }
        }
        return nil
    }

    /// Whether the snippet is compiled at all.
    public var isCompiled: Bool { mode != .ignore }

    /// Whether the snippet's program is run after compiling.
    public var isRun: Bool { mode == .run || mode == .crash }
}

/// Where a snippet is: its page as diagnostics print it, and the line of its opening fence.
public struct SnippetLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The page's path as the user should see it (`content/guide/callbacks.md`).
    public var path: String
    /// The line of the opening fence.
    public var line: Int

    /// Creates a location.
    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }

    /// `path:line`.
    public var description: String { "\(path):\(line)" }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.path, lhs.line) < (rhs.path, rhs.line) }
}

/// A snippet written in a way Galley cannot run: an unknown attribute, a malformed value.
public struct SnippetSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the snippet is.
    public var location: SnippetLocation
    /// What is wrong and how to fix it.
    public var message: String

    /// The byte column (1-based) of what is wrong on the line, when it is known: the fence
    /// attribute at fault.
    public var column: Int?

    /// Creates an error.
    public init(_ location: SnippetLocation, _ message: String, column: Int? = nil) {
        self.location = location
        self.message = message
        self.column = column
    }

    /// `path:line:col: error: message`, or `path:line: error: message` without a column.
    public var description: String { "\(location)\(column.map { ":\($0)" } ?? ""): error: \(message)" }
}
