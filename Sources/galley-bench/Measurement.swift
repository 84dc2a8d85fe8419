import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one run of a child process cost, and how it ended.
struct Measurement {
    var seconds: Double
    /// Peak resident memory of the child, in MiB. Never below the benchmark's own size when
    /// it spawned the child (about 20 MiB), since the kernel counts the address space the
    /// child starts in; Galley's builds use several times that.
    var peakMiB: Double
    var termination: Termination
}

/// How a child process ended.
enum Termination: Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    var succeeded: Bool { self == .exited(0) }

    /// `exited with status 1` or `was killed by signal 9`.
    var description: String {
        switch self {
        case .exited(let status): "exited with status \(status)"
        case .signalled(let signal): "was killed by signal \(signal)"
        }
    }
}

/// Why a child could not be started or waited for.
struct SpawnError: Error, CustomStringConvertible {
    var description: String
}

/// Runs a program to completion, with its output discarded, and measures its wall time and
/// peak memory. The child runs in the current folder, so give it absolute paths.
///
/// The child is started with `posix_spawn` and reaped here with `wait4`, which hands back its
/// exit status and its resource usage in one call, so the peak memory is the child's alone
/// and always belongs to the status beside it. `Process` is not used: it reaps its children
/// itself, and a `wait4` of ours would race it for the same child, reading an empty status
/// and usage whenever it lost.
func measure(_ executable: String, _ arguments: [String]) throws -> Measurement {
    #if canImport(Darwin)
    var actions: posix_spawn_file_actions_t = nil
    var attributes: posix_spawnattr_t = nil
    let environment = _NSGetEnviron().pointee
    #else
    var actions = posix_spawn_file_actions_t()
    var attributes = posix_spawnattr_t()
    let environment = environ
    #endif
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // The child starts with every signal at its default action and none blocked, whatever
    // this process inherited (a shell's background job ignores SIGINT, for one).
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var allSignals = sigset_t()
    var noSignals = sigset_t()
    sigfillset(&allSignals)
    sigemptyset(&noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for argument in argv { free(argument) } }

    // What earlier runs wrote goes to disk first, outside the timing: otherwise the kernel
    // writes it back during this run, on the same two cores, and a program measured after one
    // that writes a large site (Hugo, Galley) pays for the other's files.
    sync()
    var pid = pid_t()
    let start = ContinuousClock.now
    let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environment)
    guard spawned == 0 else {
        throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) == -1 {
        guard errno == EINTR else {
            throw SpawnError(description: "cannot wait for \(executable): \(String(cString: strerror(errno)))")
        }
    }
    let elapsed = ContinuousClock.now - start

    // The <sys/wait.h> macros are not imported: the low 7 bits hold the signal that ended
    // the child (0 when it exited), the next byte its exit status.
    let signal = status & 0x7f
    return Measurement(
        seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
        peakMiB: Double(usage.ru_maxrss) / 1024,
        termination: signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    )
}

/// The folder holding this benchmark's executable, where the `galley` of the same build sits.
var buildProducts: URL {
    URL(filePath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
}

/// The path of a command on `PATH`.
func which(_ command: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
        let candidate = "\(folder)/\(command)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

func format(_ value: Double, _ digits: Int = 2) -> String {
    String(format: "%.\(digits)f", value)
}

/// Prints a line at once, even when standard output is a pipe, so progress shows during long phases.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// The `galley` of the same build as this benchmark; stops the benchmark when it is not built.
func galleyExecutable() -> String {
    let galley = buildProducts.appending(path: "galley").path
    guard FileManager.default.isExecutableFile(atPath: galley) else {
        say("error: \(galley) is missing; build it with `swift build -c release` first")
        exit(1)
    }
    return galley
}

/// The path of `command` on `PATH`; stops the benchmark with `install` as advice when it is missing.
func requiredCommand(_ command: String, install: String) -> String {
    guard let path = which(command) else {
        say("error: \(command) is not on PATH; \(install)")
        exit(1)
    }
    return path
}
