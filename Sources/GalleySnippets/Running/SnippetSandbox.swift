public import Foundation
#if canImport(Glibc)
internal import Glibc
#endif

/// Where a snippet runs when it is sandboxed: in Linux namespaces made by bubblewrap (`bwrap`),
/// with the whole file system read-only, the site's folders and the user's home hidden, its
/// own writable temporary folder, no network, no view of other processes, and a limit on how
/// many processes it may start.
///
/// Checking a pull request runs its code with CI's rights; the sandbox takes away what a
/// snippet should never touch. It does not limit CPU time (the timeout does) or memory (the
/// memory limit does), and the programs still see the rest of the file system, read-only.
public struct SnippetSandbox: Sendable, Hashable {
    /// Folders the program must not see: the content, the templates, the output, the folder
    /// that holds them. Each is covered by an empty one.
    public var hiddenFolders: [URL]
    /// Processes the program may run at once, itself included.
    public var processLimit: Int

    /// The user a root process gives the program, so the process limit holds (the kernel does
    /// not count root's processes).
    static let unprivilegedID: UInt32 = 65534

    /// A sandbox hiding `hiddenFolders`.
    public init(hiddenFolders: [URL], processLimit: Int = 256) {
        self.hiddenFolders = hiddenFolders
        self.processLimit = processLimit
    }

    /// bubblewrap, if it is installed.
    static let bubblewrap: String? = ["/usr/bin/bwrap", "/usr/local/bin/bwrap", "/bin/bwrap"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// util-linux's `setpriv` and `prlimit`, which drop root and set the process limit.
    static let setpriv: String? = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let prlimit: String? = ["/usr/bin/prlimit", "/bin/prlimit"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Why the sandbox cannot be used here, or `nil` when it can.
    static func unavailability() -> String? {
        guard bubblewrap != nil else {
            return "the snippet sandbox needs bubblewrap; install it (`sudo apt-get install bubblewrap`) or turn the sandbox off"
        }
        guard prlimit != nil, getuid() != 0 || setpriv != nil else {
            return "the snippet sandbox needs util-linux's prlimit and setpriv; install util-linux or turn the sandbox off"
        }
        return nil
    }

    /// The command that runs `command` in the sandbox, with `work` its only writable folder and
    /// `readable` (the compiled program's folder) readable.
    func wrap(_ command: [String], work: URL, readable: URL) -> [String] {
        var arguments: [String] = []
        let root = getuid() == 0
        if root, let setpriv = Self.setpriv {
            arguments += [setpriv, "--reuid=\(Self.unprivilegedID)", "--regid=\(Self.unprivilegedID)", "--clear-groups"]
        }
        arguments += [
            Self.bubblewrap!, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-all", "--die-with-parent",
            // Other programs' folders and Galley's own live in the system's temporary folder.
            "--tmpfs", "/tmp", "--tmpfs", FileManager.default.temporaryDirectory.path,
        ]
        let home = FileManager.default.homeDirectoryForCurrentUser.standardizedFileURL.path
        for folder in hiddenFolders.map({ $0.standardizedFileURL.path }) + [home] where folder != "/" {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue {
                arguments += ["--tmpfs", folder]
            }
        }
        arguments += ["--ro-bind", readable.path, readable.path, "--bind", work.path, work.path, "--chdir", work.path]
        // Root's processes are not counted by the kernel; a user's are, all of them, so the
        // limit is what the user runs already plus the program's share.
        let running = root ? 0 : Self.processCount(of: getuid())
        arguments += [Self.prlimit!, "--nproc=\(running + processLimit)", "--"]
        return arguments + command
    }

    /// Prepares the folders the sandboxed program uses: the program's own, writable by the
    /// user it runs as, and the compiled program's, readable by it.
    func prepare(work: URL, readable: URL) {
        chmod(readable.path, 0o755)
        if getuid() == 0 {
            chown(work.path, Self.unprivilegedID, Self.unprivilegedID)
        }
    }

    /// Processes of `user` on the machine now.
    private static func processCount(of user: uid_t) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return 0 }
        return names.count { name in
            guard Int(name) != nil, let status = try? String(contentsOfFile: "/proc/\(name)/status", encoding: .utf8) else { return false }
            return status.split(separator: "\n").first { $0.hasPrefix("Uid:") }?.split(separator: "\t").dropFirst().first == Substring(String(user))
        }
    }

    /// A termination as the program met it: bubblewrap reports a program killed by a signal
    /// as an exit with 128 plus the signal, so such a status is read back as that signal.
    static func termination(fromExitStatus code: Int32) -> ProgramOutcome.Termination {
        code > 128 && code < 160 ? .signalled(code - 128) : .exited(code)
    }
}
