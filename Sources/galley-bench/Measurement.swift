import Foundation

/// What one run of a child process cost.
struct Measurement {
    var seconds: Double
    /// Peak resident memory of the child, in MiB.
    var peakMiB: Double
    var status: Int32
}

/// Runs a program to completion, with its output discarded, and measures its wall time and
/// peak memory (from `wait4`'s resource usage, so the figure is the child's alone).
func measure(_ executable: String, _ arguments: [String], in folder: URL? = nil) throws -> Measurement {
    let process = Process()
    process.executableURL = URL(filePath: executable)
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let start = ContinuousClock.now
    try process.run()
    var status: Int32 = 0
    var usage = rusage()
    _ = wait4(process.processIdentifier, &status, 0, &usage)
    let elapsed = ContinuousClock.now - start
    return Measurement(
        seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
        peakMiB: Double(usage.ru_maxrss) / 1024,
        status: (status >> 8) & 0xff
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
