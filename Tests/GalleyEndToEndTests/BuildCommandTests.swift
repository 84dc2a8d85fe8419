import Foundation
import Testing
import _GalleyTestSupport

/// Runs the built `galley` binary on fixture sites, as a user would.
@Suite("galley build, end to end")
struct BuildCommandTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder.site(FixtureSite.guide)
    }

    @Test("A build writes the site and ends with a summary")
    func build() async throws {
        let run = try await CommandRun.galley(["build"], in: folder.url)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.isEmpty)
        #expect(run.standardOutput.hasPrefix("Built 5 pages and copied 4 files into _site, ran 1 program (1 alone) in "))
        #expect(try folder.read("_site/guide/basics/index.html").contains("<title>Basics"))
    }

    @Test("No Mustache tag or comment of the default theme leaks into a page")
    func noTemplateLeftovers() async throws {
        let run = try await CommandRun.galley(["build", "--no-run", "--quiet"], in: folder.url)
        #expect(run.status == 0)
        for page in folder.files(under: "_site").filter({ $0.hasSuffix(".html") }) {
            let html = try folder.read("_site/" + page)
            #expect(!html.contains("{{") && !html.contains("}}"), "\(page) holds template text")
            // The layout's grid starts with the navigation, not with stray text.
            #expect(html.contains("<div class=\"shell\">\n<nav class=\"sidebar\""), "\(page)")
        }
    }

    @Test("--quiet prints nothing on success; --output and --base-url are honoured")
    func quietAndOptions() async throws {
        let run = try await CommandRun.galley(["build", "--quiet", "--output", "public", "--base-url", "/sub/"], in: folder.url)
        #expect(run.status == 0)
        #expect(run.standardOutput.isEmpty && run.standardError.isEmpty)
        #expect(try folder.read("public/index.html").contains(#"href="/sub/guide/basics/""#))
    }

    @Test("Errors are printed as path:line:col: error: and exit with status 1, leaving the old site")
    func errors() async throws {
        #expect(try await CommandRun.galley(["build"], in: folder.url).status == 0)
        try folder.write(["content/guide/errors.md": "---\ntitle: Errors\ndraft: perhaps\n---\n"])
        let run = try await CommandRun.galley(["build"], in: folder.url)
        #expect(run.status == 1)
        #expect(run.standardError.hasPrefix("content/guide/errors.md:3:8: error: `draft` must be true or false, not `perhaps`\n"))
        #expect(run.standardError.contains("_site was left as it was"))
        #expect(folder.exists("_site/guide/errors/index.html"))
    }

    @Test("Broken links are warnings: the build still succeeds")
    func warnings() async throws {
        try folder.write(["content/extra.md": "# Extra\n\n[nowhere](missing.md)\n"])
        let run = try await CommandRun.galley(["build"], in: folder.url)
        #expect(run.status == 0)
        #expect(run.standardError == "content/extra.md:3:1: warning: link to `missing.md`: there is no page `missing.md` in the content folder\n")
        #expect(run.standardOutput.contains("1 warning"))
    }

    @Test("Bad usage exits with status 2", arguments: [["build", "--no-such-flag"], ["build", "--jobs", "0"], ["frobnicate"]])
    func usage(arguments: [String]) async throws {
        let run = try await CommandRun.galley(arguments, in: folder.url)
        #expect(run.status == 2)
        #expect(!run.standardError.isEmpty)
    }

    @Test("--help explains the command and each subcommand")
    func help() async throws {
        let root = try await CommandRun.galley(["--help"], in: folder.url)
        #expect(root.status == 0)
        #expect(root.standardOutput.contains("build") && root.standardOutput.contains("USAGE: galley"))
        let build = try await CommandRun.galley(["build", "--help"], in: folder.url)
        #expect(build.status == 0)
        for option in ["--content", "--templates", "--output", "--base-url", "--drafts", "--quiet"] {
            #expect(build.standardOutput.contains(option), "\(option) is not in the help")
        }
    }

    @Test("A missing content folder is an error that says what to do")
    func missingContent() async throws {
        let run = try await CommandRun.galley(["build", "--content", "nope"], in: folder.url)
        #expect(run.status == 1)
        #expect(run.standardError.contains("does not exist; pass the folder that holds your Markdown with --content"))
    }

    @Test("A bare folder of Markdown builds in place without options, its site and caches kept out of its pages, and checks")
    func bareFolderOfMarkdown() async throws {
        let bare = try TemporaryFolder()
        try bare.write([
            "notes/index.md": "# Notes\n\nSee [setup](setup.md).\n\n```swift\nprint(\"hi\")\n```\n\n```output\nhi\n```\n",
            "notes/setup.md": "# Setup\n\nSee [the notes](index.md).\n",
            "notes/more/deep.md": "# Deep\n",
            // Its own stylesheet over the built-in theme's: the theme, not pages or files.
            "notes/templates/assets/galley.css": "body { color: teal; }\n",
        ])
        let notes = bare.url.appending(path: "notes")
        let pages = try ["index.md", "more/deep.md", "setup.md"].map { try bare.read("notes/" + $0) }
        for round in 0..<2 {
            let run = try await CommandRun.galley(["build"], in: notes)
            #expect(run.status == 0, "\(run.standardError)")
            // The summary says which folder was read, so a run in the wrong folder shows it.
            #expect(run.standardOutput.hasPrefix("Built 4 pages (the pages of this folder, which has no content/ folder"), "round \(round): \(run.standardOutput)")
        }
        #expect(try bare.read("notes/_site/setup/index.html").contains("Setup"))
        #expect(bare.exists("notes/_site/more/deep/index.html"))
        #expect(try bare.read("notes/_site/assets/galley.css") == "body { color: teal; }\n")
        #expect(!bare.exists("notes/_site/templates"))
        // The second build did not read the first one's site as pages or files.
        #expect(!bare.files(under: "notes/_site").contains { $0.hasPrefix("_site/") })
        // The caches are in the folder, not beside it in a folder that is no part of the site.
        #expect(bare.exists("notes/.galley") && !bare.exists(".galley"))
        let check = try await CommandRun.galley(["check", "--strict"], in: notes)
        #expect(check.status == 0, "\(check.standardError)")
        #expect(check.standardOutput.contains("1 passed"), "\(check.standardOutput)")
        // The pages are as they were; besides them there are only the site and hidden folders.
        #expect(try ["index.md", "more/deep.md", "setup.md"].map { try bare.read("notes/" + $0) } == pages)
        #expect(bare.files(under: "notes").filter { !$0.hasPrefix("_site/") && !$0.hasPrefix(".") } == ["index.md", "more/deep.md", "setup.md", "templates/assets/galley.css"])
    }

    @Test("In the home folder a stray page does not make Galley build everything below it")
    func homeFolderIsNeverImplied() async throws {
        let home = try TemporaryFolder()
        try home.write(["notes.md": "# Notes\n", "photos/big.jpg": "not really a photo"])
        let run = try await CommandRun.galley(["build", "--no-run"], in: home.url, environment: ["HOME": home.url.path])
        #expect(run.status == 1)
        #expect(run.standardError.contains("never assumes so in the home folder"), "\(run.standardError)")
        #expect(!home.exists("_site") && !home.exists(".galley"))
    }

    @Test("A --content that is missing beside pages of their own says how to build them in place")
    func missingContentBesidePages() async throws {
        let bare = try TemporaryFolder()
        try bare.write(["notes/index.md": "# Notes\n", "notes/setup.md": "# Setup\n"])
        let run = try await CommandRun.galley(["build", "--content", "content"], in: bare.url.appending(path: "notes"))
        #expect(run.status == 1)
        #expect(run.standardError.contains("holds Markdown pages (index.md, setup.md): build them in place with --content ."), "\(run.standardError)")
        #expect(!bare.exists("notes/_site"))
    }
}
