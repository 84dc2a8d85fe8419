import Foundation
import GalleySite
import GalleySnippets
import GalleyMarkdown
import Testing
import _GalleyTestSupport

/// Snippets in the bubblewrap sandbox, attacking the site as a pull request's code could.
@Suite(
    "The snippet sandbox", .serialized,
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/bwrap"), "no bubblewrap: install Debian's bubblewrap package (.ci/run does)")
)
struct SandboxTests {
    @Test("A sandboxed snippet cannot read or rewrite the site, find Galley's folder, reach the network, or start hundreds of processes")
    func hostileSnippets() async throws {
        let folder = try TemporaryFolder()
        let content = folder.url.appending(path: "content")
        let page = """
            # Attacks

            ```swift
            import Foundation
            let page = "\(content.path)/index.md"
            print(FileManager.default.contents(atPath: page) == nil ? "cannot read the page" : "read the page")
            print(FileManager.default.createFile(atPath: page, contents: Data("owned".utf8)) ? "rewrote the page" : "cannot write the page")
            let parent = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\\(getppid())/cwd")
            print(parent == nil || !parent!.contains("galley-tests") ? "no way to Galley's folder" : "found \\(parent!)")
            ```

            ```swift
            import Glibc
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(53).bigEndian)
            address.sin_addr.s_addr = inet_addr("1.1.1.1")
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            print(connected == 0 ? "reached the network" : "no network")
            ```

            ```swift
            import Glibc
            var started = 0
            for _ in 0..<400 {
                let child = fork()
                if child == 0 { sleep(3); exit(0) }
                if child > 0 { started += 1 }
            }
            print(started < 400 ? "the process limit held" : "started 400 processes")
            ```

            ```swift
            import Foundation
            try "scratch".write(toFile: NSTemporaryDirectory() + "/notes.txt", atomically: true, encoding: .utf8)
            print(try String(contentsOfFile: NSTemporaryDirectory() + "/notes.txt", encoding: .utf8))
            ```

            ```swift crash
            let values = [1]
            print(values[3])
            ```
            """
        try folder.write(["content/index.md": page])
        var options = SiteCheck.Options(contentFolder: content)
        options.jobs = 2
        options.sandbox = true
        let report = try await SiteCheck(options: options).run()
        let outputs = report.run.runs.map { $0.outcome?.blocks.first?.standardOutput.text ?? "\($0.result)" }
        #expect(outputs[0] == "cannot read the page\ncannot write the page\nno way to Galley's folder\n")
        #expect(outputs[1] == "no network\n")
        #expect(outputs[2] == "the process limit held\n")
        #expect(outputs[3] == "scratch\n")
        #expect(report.run.runs[4].outcome?.termination == .signalled(4))
        #expect(try folder.read("content/index.md") == page)

        // Without the sandbox the same program reads the page: the test tells the two apart.
        options.sandbox = false
        options.readsCache = false
        options.filter = nil
        let open = try await SiteCheck(options: options).run()
        #expect(open.run.runs[0].outcome?.blocks.first?.standardOutput.text.hasPrefix("read the page") == true)
        try folder.write(["content/index.md": page])
    }
}
