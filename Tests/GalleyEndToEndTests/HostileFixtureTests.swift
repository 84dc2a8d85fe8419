import Foundation
import Testing
import _GalleyTestSupport

/// Runs the real `galley` on each hostile site: it must end with the site's status and
/// messages, never die from a signal, print no raw control character, and leave the content
/// folder's bytes as they were.
@Suite("Hostile sites, end to end")
struct HostileFixtureTests {
    @Test("Each hostile site gets a clear error or a safe page", arguments: HostileSites.sites)
    func site(_ site: HostileSites.Site) async throws {
        let folder = try TemporaryFolder.site(["content/index.md": "# Home\n"])
        try folder.write(site.files)
        let before = Self.fingerprint(folder.url.appending(path: "content"))
        let clock = ContinuousClock()
        let start = clock.now
        let run = try await CommandRun.galley(site.arguments, in: folder.url)
        #expect(clock.now - start < .seconds(60), "\(site.name) took too long")
        #expect(run.status == site.status, "\(site.name): \(run.standardError)")
        #expect(run.status < 128, "\(site.name) died from signal \(run.status - 128)")
        for error in site.errors {
            #expect(run.standardError.contains(error), "\(site.name): \(run.standardError)")
        }
        for text in [run.standardOutput, run.standardError] {
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }, "\(site.name) printed a control character")
        }
        if let output = site.output {
            let html = try folder.read(output.path)
            for text in output.holds { #expect(html.contains(text), "\(site.name): \(output.path) lacks \(text)") }
            #expect(!html.unicodeScalars.contains { ($0.value < 0x20 && !"\n\t\r".unicodeScalars.contains($0)) || $0.value == 0x7F })
        }
        if site.arguments.first == "check", site.status == 1, site.errors.isEmpty {
            #expect(run.standardOutput.contains("+ok\\u{1B}[2K\\rpassed"), "\(run.standardOutput)")
        }
        #expect(Self.fingerprint(folder.url.appending(path: "content")) == before, "\(site.name) changed its sources")
    }

    /// Every file's path and bytes, so any changed, added or lost byte shows.
    static func fingerprint(_ folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let file = enumerator?.nextObject() as? URL {
            guard let data = try? Data(contentsOf: file) else { continue }
            files[file.path] = data
        }
        return files
    }
}

/// Found by `galley-bench fuzz`: the runner's merge analysis parses each compiled snippet with
/// swift-syntax, whose lookahead recurses once per `[` without a limit; code that
/// `SwiftHighlighter.fallback(for:)` refuses is now compiled alone without it.
@Suite("Hostile snippets, end to end")
struct HostileSnippetFixtureTests {
    @Test("A compiled snippet that nests 3,000 [ is a compile error, not a crash")
    func deepBracketsInACompiledSnippet() async throws {
        // swiftc itself takes minutes over such a nest: a short compile timeout makes it Galley's failure at once.
        let folder = try TemporaryFolder.site([
            "content/index.md": "# Home\n\n```swift norun\nlet x = " + String(repeating: "[", count: 3000) + "\n```\n",
            "content/site.yml": "snippets:\n  compile_timeout: 5\n",
        ])
        let run = try await CommandRun.galley(["check", "--no-cache"], in: folder.url)
        #expect(run.status == 1 || run.status == 2, "\(run.standardError)")
    }

    @Test("A Swift block shown plain warns at its line in build and check, and check does not fail for it")
    func plainBlockWarns() async throws {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let folder = try TemporaryFolder.site(["content/index.md": "# Home\n\n```swift ignore\nlet x = \(deep)\n```\n"])
        let build = try await CommandRun.galley(["build"], in: folder.url)
        #expect(build.status == 0, "\(build.standardError)")
        #expect(build.standardError.contains("content/index.md:3: warning:"), "\(build.standardError)")
        let check = try await CommandRun.galley(["check"], in: folder.url)
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
        #expect(check.standardError.contains("content/index.md:3: warning:"))
    }

    @Test("A --base-url that site.yml would refuse is refused on the command line too")
    func badBaseURL() async throws {
        let folder = try TemporaryFolder.site(["content/index.md": "# Home\n"])
        let run = try await CommandRun.galley(["build", "--base-url", "?x=1"], in: folder.url)
        #expect(run.status == 2)
        #expect(run.standardError.contains("--base-url"))
        #expect(!folder.exists("_site"))
    }
}
