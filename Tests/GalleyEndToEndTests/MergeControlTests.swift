import Foundation
import Testing
import _GalleyTestSupport

/// `snippets.merge` in site.yml and `--no-merge` on build, check and bless, as a user sees
/// them: in the summary line that says how the programs were compiled.
@Suite("Merging controls and the run summary")
struct MergeControlTests {
    private let page = """
        # Page

        ```swift
        print("one")
        ```

        ```output
        one
        ```

        ```swift
        print("two")
        ```

        ```output
        two
        ```

        ```swift standalone
        print("three")
        ```

        ```output
        three
        ```
        """

    private func printed(_ run: CommandRun) -> String { run.standardOutput + run.standardError }

    @Test("By default programs merge and the summary says how; a standalone snippet is compiled alone; a warm run is all from the cache")
    func mergedByDefault() async throws {
        let folder = try TemporaryFolder.site(["content/index.md": page])
        let cold = try await CommandRun.galley(["check", "--jobs", "1"], in: folder.url)
        #expect(cold.status == 0, "\(printed(cold))")
        #expect(printed(cold).contains("ran 3 programs (2 merged in 1 module, 1 alone)"), "\(printed(cold))")
        let warm = try await CommandRun.galley(["check", "--jobs", "1"], in: folder.url)
        #expect(printed(warm).contains("3 programs (all from the cache)"), "\(printed(warm))")
    }

    @Test("snippets.merge: false in content/site.yml, and --no-merge on build, check and bless, compile every program alone", arguments: ["site.yml", "check", "build", "bless"])
    func noMerge(how: String) async throws {
        var files = ["content/index.md": page]
        if how == "site.yml" { files["content/site.yml"] = "title: Alone\nsnippets:\n  merge: false\n" }
        let folder = try TemporaryFolder.site(files)
        let command = how == "site.yml" ? "check" : how
        let arguments = [command, "--jobs", "1", "--no-cache"] + (how == "site.yml" ? [] : ["--no-merge"])
        let run = try await CommandRun.galley(arguments, in: folder.url)
        #expect(run.status == 0, "\(printed(run))")
        #expect(printed(run).contains("3 programs (3 alone)"), "\(printed(run))")
        #expect(try folder.read("content/index.md") == page)
    }
}
