internal import Foundation
internal import Subprocess
internal import SystemPackage

#if canImport(Glibc)
internal import Glibc
#endif

/// Compiles programs and runs them, each in a folder of its own: `swiftc`, then the binary
/// with standard input at end of file, a clean environment, a timeout that kills its whole
/// process group, capped output and a memory limit.
///
/// What goes wrong with a program is its outcome; what goes wrong on Galley's side (no
/// temporary folder, a full disk, a compiler that cannot start or is killed) is thrown as a
/// ``GalleyFailure`` and never mistaken for the program's compile error.
struct ProgramRunner: Sendable {
    let settings: RunnerSettings
    let compiler: CompilerIdentity

    /// The environment variable that picks one program of a merged binary.
    static let programVariable = "GALLEY_PROGRAM"

    /// Compiles `program` alone and, when its mode asks, runs it.
    func run(_ program: SnippetProgram) async throws(GalleyFailure) -> ProgramOutcome {
        let folder = try WorkFolder()
        defer { folder.remove() }
        let binary = folder.url.appending(path: "main")
        let compilation = try await compile(
            ["main.swift": program.source], into: binary, in: folder, pages: [program.sourceFile], programFlags: program.compilerFlags
        )
        return try await finish(program, compilation: compilation, binary: binary, selector: nil)
    }

    /// The outcome of `program` once compiled: run when its mode asks.
    func finish(_ program: SnippetProgram, compilation: Compilation, binary: URL, selector: String?) async throws(GalleyFailure) -> ProgramOutcome {
        guard compilation.succeeded else {
            return ProgramOutcome(
                termination: .compileFailed, compilerOutput: compilation.diagnostics, compileSeconds: compilation.seconds,
                blockLines: program.blockLines
            )
        }
        guard program.mode == .run || program.mode == .crash else {
            return ProgramOutcome(
                termination: .compiled, compilerOutput: compilation.diagnostics, compileSeconds: compilation.seconds,
                blockLines: program.blockLines
            )
        }
        var outcome = try await execute(binary, program: program, selector: selector)
        outcome.compilerOutput = compilation.diagnostics
        outcome.compileSeconds = compilation.seconds
        return outcome
    }

    /// What compiling did.
    struct Compilation: Sendable {
        /// The compiler reported no error.
        var succeeded: Bool
        /// What it printed, paths inside the work folder made relative.
        var diagnostics: String
        /// Seconds it took.
        var seconds: Double
    }

    /// Compiles `files` (name → source) into `binary`.
    ///
    /// - Parameters:
    ///   - pages: The page paths the sources' line directives name: a failure counts as the
    ///     snippet's only when the compiler reported an error at one of them.
    ///   - programFlags: The programs' own flags (`flags="…"`), after the site's.
    ///   - extraFlags: Galley's own flags for this compilation, last.
    func compile(
        _ files: [String: String], into binary: URL, in folder: WorkFolder, pages: Set<String>, programFlags: [String] = [],
        extraFlags: [String] = []
    ) async throws(GalleyFailure) -> Compilation {
        var sourcePaths: [String] = []
        for (name, source) in files.sorted(by: { $0.key < $1.key }) {
            let url = folder.url.appending(path: name)
            try folder.write(source, to: url)
            sourcePaths.append(url.path)
        }
        // The LLVM style prints each diagnostic at its `page:line:col` with the one line it is
        // about, where the default style's excerpts show the lines around it as the compiler
        // numbers them in the generated file, Galley's own lines (a session's prologue, its
        // `#sourceLocation` directives) among them. The site's and the fence's flags come
        // after, so they can ask for the other style.
        var arguments = ["-module-name", "main", "-diagnostic-style", "llvm"]
        if let moduleCache = settings.moduleCacheFolder {
            arguments += ["-module-cache-path", moduleCache.path]
        }
        arguments += settings.compilerFlags + programFlags + extraFlags + sourcePaths + ["-o", binary.path]
        var executable = FilePath(compiler.path)
        if let niceness = settings.niceness, let nice = Self.niceCommand {
            arguments = ["-n", String(niceness), compiler.path] + arguments
            executable = FilePath(nice)
        }
        let run: ChildProcess.Result
        do {
            // The driver's own temporary files go into the work folder, and so away with it.
            run = try await ChildProcess.run(
                .path(executable), arguments: arguments,
                environment: .inherit.updating(["TMPDIR": folder.url.path]), workingDirectory: folder.url,
                timeout: settings.compileTimeout, outputLimit: settings.outputLimit
            )
        } catch is CancellationError {
            throw GalleyFailure(.cancelled, "the run was cancelled while the compiler worked")
        } catch {
            throw GalleyFailure(.compilerNotStarted, "cannot start the Swift compiler `\(compiler.path)`", underlying: "\(error)")
        }
        if Task.isCancelled { throw GalleyFailure(.cancelled, "the run was cancelled while the compiler worked") }
        let diagnostics = (run.standardOutput.text + run.standardError.text).replacingOccurrences(of: folder.url.path + "/", with: "")
        if let limit = run.timedOut {
            throw GalleyFailure(
                .compilerTimedOut,
                "the compiler took more than \(Int(limit)) s and was stopped; raise `snippets.compile_timeout` in site.yml or make the program smaller"
            )
        }
        switch run.status {
        case .signaled(let signal):
            throw GalleyFailure(
                .compilerKilled,
                "the compiler was killed by \(signalName(signal))\(signal == SIGKILL ? ", most often because the machine ran out of memory" : "")",
                underlying: diagnostics.isEmpty ? nil : diagnostics
            )
        case .exited(0):
            return Compilation(succeeded: true, diagnostics: diagnostics, seconds: run.seconds)
        case .exited(let code):
            if Self.reportsFullDisk(diagnostics) {
                throw GalleyFailure(.diskFull, "the disk is full; the compiler could not write its files", underlying: diagnostics)
            }
            if code > 125 {
                let cause = code > 128 ? ", which is how a shell reports death by \(signalName(code - 128))" : ""
                throw GalleyFailure(.compilerFailed, "the compiler exited with status \(code)\(cause)", underlying: diagnostics)
            }
            guard Self.hasError(in: diagnostics, at: pages) else {
                throw GalleyFailure(
                    .compilerFailed, "the compiler failed (status \(code)) without reporting an error in the snippet's code",
                    underlying: diagnostics
                )
            }
            return Compilation(succeeded: false, diagnostics: diagnostics, seconds: run.seconds)
        }
    }

    /// coreutils' `nice`, which lowers the priority of what it starts; `nil` without it.
    static let niceCommand: String? = ["/usr/bin/nice", "/bin/nice"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Whether a line of `diagnostics` is an error at `page:line:column` for one of `pages`.
    static func hasError(in diagnostics: String, at pages: Set<String>) -> Bool {
        diagnostics.split(separator: "\n").contains { line in
            guard let range = line.range(of: ": error: ") else { return false }
            let location = line[..<range.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
            guard location.count >= 3, location.suffix(2).allSatisfy({ Int($0) != nil }) else { return false }
            return pages.contains(location.dropLast(2).joined(separator: ":"))
        }
    }

    private static func reportsFullDisk(_ diagnostics: String) -> Bool {
        diagnostics.contains("No space left on device") || diagnostics.contains("Disk quota exceeded")
    }

    /// Runs a compiled binary for `program`; `selector` picks the program in a merged binary.
    func execute(_ binary: URL, program: SnippetProgram, selector: String?) async throws(GalleyFailure) -> ProgramOutcome {
        let work = try WorkFolder()
        defer { work.remove() }
        // The shell sets the memory limit for the program alone, and stdbuf makes its standard
        // output line-buffered, so what it printed before a crash is not lost in a buffer.
        let nice = settings.niceness.flatMap { niceness in Self.niceCommand.map { "\($0) -n \(niceness) " } } ?? ""
        // A sanitizer reserves terabytes of address space at start, which the limit forbids
        // (ThreadSanitizer refuses to run under it), so a sanitized program runs without it.
        let sanitized = (settings.compilerFlags + program.compilerFlags).contains { $0.hasPrefix("-sanitize=") }
        let memoryLimit = sanitized ? "" : "ulimit -v \(settings.memoryLimitMiB * 1024) 2>/dev/null\n"
        let script = """
            \(memoryLimit)if command -v stdbuf >/dev/null 2>&1; then exec \(nice)stdbuf -oL "$0"; else exec \(nice)"$0"; fi
            """
        var environment: [Environment.Key: String] = [
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": work.url.path,
            "TMPDIR": work.url.path,
            "LANG": "C.UTF-8",
            // A crash prints its message and the crashed thread's frames, without registers and images.
            "SWIFT_BACKTRACE": "enable=yes,interactive=no,color=no,registers=none,images=none,threads=crashed,sanitize=yes",
        ]
        let token = program.isSession ? UUID().uuidString : nil
        if let token { environment[Environment.Key(stringLiteral: SnippetProgram.blockTokenVariable)] = token }
        if let selector { environment[Environment.Key(stringLiteral: Self.programVariable)] = selector }
        var command = ["/bin/sh", "-c", script, binary.path]
        if let sandbox = settings.sandbox {
            let readable = binary.deletingLastPathComponent()
            sandbox.prepare(work: work.url, readable: readable)
            command = sandbox.wrap(command, work: work.url, readable: readable)
        }
        let run: ChildProcess.Result
        do {
            run = try await ChildProcess.run(
                .path(FilePath(command[0])), arguments: Array(command.dropFirst()), environment: .custom(environment),
                workingDirectory: work.url, timeout: program.timeout ?? settings.defaultTimeout, outputLimit: settings.outputLimit
            )
        } catch is CancellationError {
            throw GalleyFailure(.cancelled, "the run was cancelled while the program ran")
        } catch {
            throw GalleyFailure(.programNotStarted, "cannot start the program", underlying: "\(error)")
        }
        if Task.isCancelled { throw GalleyFailure(.cancelled, "the run was cancelled while the program ran") }
        let termination: ProgramOutcome.Termination =
            if let limit = run.timedOut {
                .timedOut(seconds: limit)
            } else {
                switch run.status {
                case .exited(let code): settings.sandbox == nil ? .exited(code) : SnippetSandbox.termination(fromExitStatus: code)
                case .signaled(let signal): .signalled(signal)
                }
            }
        let blocks =
            if let token {
                ProgramOutcome.splitBlocks(
                    output: run.standardOutput, error: run.standardError, marker: SnippetProgram.blockMarker(token: token),
                    blocks: program.snippets.count
                )
            } else {
                [ProgramOutcome.BlockOutput(standardOutput: run.standardOutput, standardError: run.standardError)]
            }
        return ProgramOutcome(termination: termination, blocks: blocks, runSeconds: run.seconds, blockLines: program.blockLines)
    }
}

/// A temporary folder of Galley's own, for one compilation or one run.
struct WorkFolder: Sendable {
    /// The folder.
    let url: URL

    /// Makes a new, empty folder under the system's temporary folder.
    init() throws(GalleyFailure) {
        url = FileManager.default.temporaryDirectory.appending(path: "galley-snippet-\(UUID().uuidString)", directoryHint: .isDirectory)
        guard mkdir(url.path, 0o700) == 0 else {
            let failure = SystemError.current()
            throw GalleyFailure(
                failure.code == ENOSPC || failure.code == EDQUOT ? .diskFull : .temporaryFiles,
                "cannot make a temporary folder in `\(FileManager.default.temporaryDirectory.path)`", underlying: failure.reason
            )
        }
    }

    /// Writes `text` to `file` in the folder.
    func write(_ text: String, to file: URL) throws(GalleyFailure) {
        do {
            try Data(text.utf8).write(to: file)
        } catch {
            let code = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code
            throw GalleyFailure(
                code == Int(ENOSPC) || code == Int(EDQUOT) ? .diskFull : .temporaryFiles,
                "cannot write `\(file.lastPathComponent)` in a temporary folder", underlying: error.localizedDescription
            )
        }
    }

    /// Removes the folder and all it holds.
    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// A system call that failed: its `errno`, with the system's own words for it.
public struct SystemError: Error, Sendable, Hashable {
    /// The call's `errno`.
    public var code: Int32
    /// `strerror` of the code.
    public var reason: String

    /// Creates an error for `code`.
    public init(code: Int32) {
        self.code = code
        self.reason = String(cString: strerror(code))
    }

    /// The failure of the call that just set `errno`.
    public static func current() -> SystemError {
        SystemError(code: errno)
    }
}
