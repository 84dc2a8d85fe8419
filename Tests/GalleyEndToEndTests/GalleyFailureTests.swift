import Foundation
import Testing
import _GalleyTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Failures on Galley's side, seen from the command line: `check` exits 2 with its summary,
/// caches nothing and passes once the cause is gone; unreadable files are named.
@Suite("Galley's own failures, end to end")
struct GalleyFailureTests {
    private let page = "# Page\n\n```swift\nprint(\"hello\")\n```\n\n```output\nhello\n```\n"

    @Test("No temporary folder: check exits 2 with its summary line and caches nothing; then it passes and leaves no folder behind")
    func noTemporaryFolder() async throws {
        let folder = try TemporaryFolder.site(["content/index.md": page])
        let missing = folder.url.appending(path: "missing/tmp").path
        let failed = try await CommandRun.galley(["check"], in: folder.url, environment: ["TMPDIR": missing])
        let printed = failed.standardOutput + failed.standardError
        #expect(failed.status == 2, "\(printed)")
        #expect(printed.contains("cannot make a temporary folder"), "\(printed)")
        #expect(printed.contains("0 passed, 0 failed"), "\(printed)")
        #expect(!folder.files(under: ".galley/cache").contains { $0.hasSuffix(".json") })

        let temporary = folder.url.appending(path: "tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let passed = try await CommandRun.galley(["check"], in: folder.url, environment: ["TMPDIR": temporary.path])
        #expect(passed.status == 0, "\(passed.standardOutput)\(passed.standardError)")
        #expect(passed.standardOutput.contains("1 passed, 0 failed") || passed.standardError.contains("1 passed, 0 failed"))
        // The compiler's --version and every program's folders are gone with the run.
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path) == [])
    }

    /// Runs `galley build --no-run` in `folder`; as `nobody` when the test runs as root, who reads everything.
    private func buildAsOrdinaryUser(_ folder: TemporaryFolder) async throws -> CommandRun {
        var arguments = ["build", "--no-run"]
        var executable = Repository.galleyExecutable
        if getuid() == 0 {
            let setpriv = try #require(["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) })
            arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", executable.path] + arguments
            executable = URL(filePath: setpriv)
        }
        for path in ["", "content"] { chmod(folder.url.appending(path: path).path, 0o777) }
        return try await CommandRun.run(executable, arguments, in: folder.url)
    }

    @Test("An unreadable page is an error at its path that says why (run as an ordinary user)")
    func unreadablePage() async throws {
        let folder = try TemporaryFolder.site(["content/index.md": "# Home\n", "content/secret.md": "# Secret\n"])
        chmod(folder.url.appending(path: "content/secret.md").path, 0)
        let run = try await buildAsOrdinaryUser(folder)
        #expect(run.status == 1, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardError.contains("content/secret.md:1: error: cannot read this page: Permission denied; check its permissions"), "\(run.standardError)")
    }

    @Test("An unreadable folder is a warning naming it, and the rest builds (run as an ordinary user)")
    func unreadableFolder() async throws {
        let folder = try TemporaryFolder.site(["content/index.md": "# Home\n", "content/locked/inside.md": "# Inside\n"])
        let locked = folder.url.appending(path: "content/locked").path
        chmod(locked, 0)
        defer { chmod(locked, 0o755) }
        let run = try await buildAsOrdinaryUser(folder)
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardError.contains("content/locked") && run.standardError.contains("Permission denied"), "\(run.standardError)")
        #expect(FileManager.default.fileExists(atPath: folder.url.appending(path: "_site/index.html").path))
    }

    @Test("An unreadable folder of templates is an error naming it (run as an ordinary user)")
    func unreadableTemplates() async throws {
        let folder = try TemporaryFolder.site(["content/index.md": "# Home\n", "templates/secret/b.mustache": "b"])
        let secret = folder.url.appending(path: "templates/secret").path
        chmod(secret, 0)
        defer { chmod(secret, 0o755) }
        let run = try await buildAsOrdinaryUser(folder)
        #expect(run.status == 1, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardError.contains("templates/secret") && run.standardError.contains("Permission denied"), "\(run.standardError)")
    }
}
