import Foundation
import Testing
import _GalleyTestSupport

/// `galley init` as a new user runs it: a starter that checks green, and never a replaced file.
@Suite("galley init", .serialized)
struct InitTests {
    @Test("init writes a starter whose check passes with --strict; a second init refuses and changes nothing")
    func starter() async throws {
        let folder = try TemporaryFolder()
        let first = try await CommandRun.galley(["init", "site"], in: folder.url)
        #expect(first.status == 0, "\(first.standardError)")
        for path in ["content/site.yml", "content/index.md", "content/guide/first-steps.md", ".gitignore"] {
            #expect(folder.exists("site/" + path), "\(path) is missing")
        }
        #expect(try folder.read("site/.gitignore").contains(".galley/"))
        let site = folder.url.appending(path: "site")
        let check = try await CommandRun.galley(["check", "--strict"], in: site)
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
        #expect(check.standardOutput.hasSuffix("3 passed, 0 failed, 0 skipped\n"))

        try folder.write(["site/content/index.md": "# Mine\n"])
        let again = try await CommandRun.galley(["init", "site"], in: folder.url)
        #expect(again.status == 1)
        #expect(again.standardError.contains("never replaces a file"))
        #expect(try folder.read("site/content/index.md") == "# Mine\n")
    }

    @Test("A new site builds with no templates folder; --theme copies the built-in theme, which a site then changes file by file")
    func theme() async throws {
        let folder = try TemporaryFolder()
        #expect(try await CommandRun.galley(["init", "plain"], in: folder.url).status == 0)
        let plain = folder.url.appending(path: "plain")
        #expect(!folder.exists("plain/templates"))
        let build = try await CommandRun.galley(["build"], in: plain)
        #expect(build.status == 0, "\(build.standardError)")
        #expect(try folder.read("plain/_site/guide/first-steps/index.html").contains("<link rel=\"stylesheet\""))
        let builtInStyle = try folder.read("plain/_site/assets/galley.css")
        #expect(builtInStyle == (try String(contentsOf: Repository.templates.appending(path: "assets/galley.css"), encoding: .utf8)))

        #expect(try await CommandRun.galley(["init", "themed", "--theme"], in: folder.url).status == 0)
        for path in ["templates/layout.mustache", "templates/page.mustache", "templates/assets/galley.css"] {
            #expect(folder.exists("themed/" + path), "\(path) is missing")
        }
        // The copies are the built-in theme: the site looks the same.
        let themed = folder.url.appending(path: "themed")
        #expect(try await CommandRun.galley(["build"], in: themed).status == 0)
        #expect(try folder.read("themed/_site/assets/galley.css") == builtInStyle)
        // Overriding one template and the stylesheet leaves the rest built in.
        let templates = themed.appending(path: "templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: templates.path) where name != "page.mustache" && name != "assets" {
            try FileManager.default.removeItem(at: templates.appending(path: name))
        }
        try folder.write(["themed/templates/assets/galley.css": "body { color: teal; }\n"])
        let page = try folder.read("themed/templates/page.mustache")
        try folder.write(["themed/templates/page.mustache": "<p class=\"site-own\">ours</p>\n" + page])
        let rebuilt = try await CommandRun.galley(["build"], in: themed)
        #expect(rebuilt.status == 0, "\(rebuilt.standardError)")
        let html = try folder.read("themed/_site/index.html")
        #expect(html.contains("<p class=\"site-own\">ours</p>"))
        #expect(html.contains("<!DOCTYPE html>"))
        #expect(try folder.read("themed/_site/assets/galley.css") == "body { color: teal; }\n")

        // A --templates folder that does not exist is a usage error, not a silent fallback.
        let missing = try await CommandRun.galley(["build", "--templates", "nowhere"], in: themed)
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("there is no templates folder `nowhere`"))
        // --theme refuses to replace a template the site already has.
        let again = try await CommandRun.galley(["init", "themed", "--theme"], in: folder.url)
        #expect(again.status == 1)
    }
}
