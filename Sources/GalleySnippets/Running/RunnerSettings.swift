public import Foundation

/// How snippets are compiled and run.
public struct RunnerSettings: Sendable, Hashable {
    /// The compiler; found on `PATH` unless a path is given.
    public var compiler = "swiftc"
    /// Flags passed to the compiler for every program.
    public var compilerFlags = ["-Onone", "-swift-version", "6"]
    /// Seconds a program may run before it is killed, unless its snippet says otherwise.
    public var defaultTimeout: Double = 10
    /// Seconds the compiler may take on one program.
    public var compileTimeout: Double = 300
    /// Bytes kept of each output stream; the rest is dropped.
    public var outputLimit = 1 << 20
    /// Address space a program may use, in MiB; its allocations fail beyond it.
    public var memoryLimitMiB = 2048
    /// Programs compiling or running at once.
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// Where results are kept between runs (`.galley/cache`); `nil` keeps nothing.
    public var cacheFolder: URL?
    /// Reuse cached results; `false` runs everything again (and refreshes the cache).
    public var readsCache = true
    /// The compiler's module cache, shared by every program (`.galley/module-cache`).
    public var moduleCacheFolder: URL?
    /// Compile programs that can be merged several to one module and one `swiftc` call;
    /// `false` compiles every program alone.
    public var merge = true
    /// The most programs one merged module holds, so one that fails to compile costs little.
    public var maximumBatchSize = 40
    /// Where programs run, when they are sandboxed; `nil` runs them as Galley's own children.
    public var sandbox: SnippetSandbox?
    /// Scheduling priority given to compilers and programs (`nice -n`), when set: the
    /// preview lowers it, so a rebuild after an edit never waits for a core.
    public var niceness: Int?

    /// Timeouts Galley accepts, in seconds: above 0, at most a day. Larger numbers would
    /// overflow the clocks they are turned into.
    public static let timeoutRange: ClosedRange<Double> = 0.001...86_400
    /// Output limits Galley accepts, in bytes per stream: at most 1 GiB.
    public static let outputLimitRange: ClosedRange<Int> = 1...(1 << 30)
    /// Memory limits Galley accepts, in MiB: at most 1 TiB (the shell's `ulimit -v` takes KiB).
    public static let memoryLimitRange: ClosedRange<Int> = 1...(1 << 20)

    /// The default settings.
    public init() {}

    /// Settings that keep their caches under `stateFolder` (a site's `.galley/`).
    public init(stateFolder: URL) {
        cacheFolder = stateFolder.appending(path: "cache", directoryHint: .isDirectory)
        moduleCacheFolder = stateFolder.appending(path: "module-cache", directoryHint: .isDirectory)
    }
}
