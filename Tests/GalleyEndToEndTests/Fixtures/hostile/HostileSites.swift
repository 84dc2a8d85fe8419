import Testing

/// Small sites that attack Galley with their content or theme, each with what a user must see.
///
/// They are Swift rather than files on disk so that SwiftPM has nothing to warn about in the
/// test target, and so that the control characters some of them hold are visible here
/// (`\u{1B}`) instead of acting on the terminal of whoever reads them.
enum HostileSites {
    /// A site, the command that meets it, and the outcome.
    struct Site: Sendable, CustomTestStringConvertible {
        var name: String
        /// Files by path; `templates/…` files replace or join the repository's theme.
        var files: [String: String]
        var arguments: [String] = ["build", "--no-run"]
        /// The exit status (never death by a signal).
        var status: Int32
        /// Text that standard error must hold.
        var errors: [String] = []
        /// A file of the output and text it must hold.
        var output: (path: String, holds: [String])?

        var testDescription: String { name }
    }

    static let sites: [Site] = [
        Site(
            name: "a template that includes itself through another",
            files: ["templates/layout.mustache": "<html>{{> page}}</html>\n", "templates/page.mustache": "<main>\n{{> layout}}\n</main>\n"],
            status: 1, errors: ["templates/page.mustache:2:1: error: `layout` includes itself: `layout` → `page` → `layout`"]
        ),
        Site(
            name: "5,000 nested sections",
            files: ["templates/layout.mustache": String(repeating: "{{#page}}", count: 5000) + String(repeating: "{{/page}}", count: 5000)],
            status: 1, errors: ["templates/layout.mustache:1:901: error: sections nest more than 100 deep here"]
        ),
        Site(
            name: "a missing partial",
            files: ["templates/layout.mustache": "<html>\n  {{> footer}}\n</html>\n"],
            status: 1, errors: ["templates/layout.mustache:2:3: error: there is no template `footer` to include"]
        ),
        Site(
            name: "Swift blocks that swift-syntax cannot parse in bounded time or memory",
            files: [
                "content/index.md": "# Home\n\n```swift ignore\n" + String(repeating: "\"\\(", count: 7500) + String(repeating: ")\"", count: 7500)
                    + "\n```\n\n```swift norun\nlet x = " + String(repeating: "[", count: 30) + "\n```\n\n```swift ignore\n"
                    + String(repeating: "let m = [[[[[[[[[[1]]]]]]]]]]\n", count: 400) + "```\n",
            ],
            status: 0, output: ("_site/index.html", ["<pre><code class=\"language-swift\">\"\\(\"\\("])
        ),
        Site(
            name: "terminal escapes in a YAML error",
            files: ["content/bell.md": "---\ntitle: Bell\ndraft: \u{1B}[2J\u{1B}]0;owned\u{07}\n---\n# Bell\n"],
            status: 1, errors: ["content/bell.md:3:8: error: invalid YAML: control characters are not allowed; YAML cannot hold control characters"]
        ),
        Site(
            name: "terminal escapes and NUL in a page",
            files: [
                "content/index.md": "# Home \u{1B}[31m red\n\nText \u{1B}]0;title\u{07} and \u{0} nul.\n\n```text\n\u{1B}[2J\n```\n",
                "content/a.md": "---\ntitle: \"A \\e[5m blink\"\n---\n# A\n",
            ],
            status: 0, output: ("_site/a/index.html", ["<title>A ␛[5m blink · ", "␛[31m red"])
        ),
        Site(
            name: "orders beyond any whole number",
            files: [
                "content/index.md": "---\norder: 1:2:3:4:5:6:7:8:9:10:11:12\n---\n# Home\n", "content/b.md": "---\norder: 9999999999999999999\n---\n# B\n",
                "content/c.md": "---\norder: 1e30\n---\n# C\n",
            ],
            status: 1,
            errors: [
                "content/index.md:2:8: error: `order` must be a whole number from -1000000000 to 1000000000, not `1:2:3:4:5:6:7:8:9:10:11:12`",
                "content/b.md:2:8: error: `order` must be a whole number from -1000000000 to 1000000000, not `9999999999999999999`",
                "content/c.md:2:8: error: `order` must be a whole number, not `1e30`",
            ]
        ),
        Site(
            name: "a time that does not exist",
            files: ["content/index.md": "---\ndate: 2026-11-25T25:99:00Z\n---\n# Home\n"],
            status: 1, errors: ["content/index.md:2:7: error: `date` must look like 2026-11-25 or 2026-11-25T14:30:00Z, not `2026-11-25T25:99:00Z`: the hour must be from 00 to 23"]
        ),
        Site(
            name: "a quoted boolean",
            files: ["content/index.md": "---\ndraft: \"true\"\n---\n# Home\n"],
            status: 1, errors: ["content/index.md:2:8: error: `draft` must be true or false, not the quoted text `true`; remove the quotes"]
        ),
        Site(
            name: "a null title",
            files: ["content/index.md": "---\ntitle: ~\ndescription:\n---\n# Heading title\n"],
            status: 0, output: ("_site/index.html", ["<a class=\"nav-link\" href=\"/\" aria-current=\"page\">Heading title</a>"])
        ),
        Site(
            name: "a base URL with a query",
            files: ["content/site.yml": "base_url: \"?x=1\"\n"],
            status: 1, errors: ["content/site.yml:1:11: error: `base_url`: a base URL cannot have a query (`?`) or a fragment (`#`)"]
        ),
        Site(
            name: "a file name with #",
            files: ["content/index.md": "# Home\n\nSee [C#](c%23sharp.md).\n", "content/c#sharp.md": "# C sharp\n"],
            status: 0, output: ("_site/index.html", ["<a href=\"/c%23sharp/\">C#</a>", "href=\"/c%23sharp/\">C sharp</a>"])
        ),
        Site(
            name: "an attribute given twice",
            files: ["content/index.md": "# Home\n\n```swift exit=1 exit=0\nprint(1)\n```\n"],
            status: 1, errors: ["content/index.md:3:17: error: `exit=1` and `exit=0` both set `exit` in this fence; keep one"]
        ),
        Site(
            name: "an attribute given twice, met by check",
            files: ["content/index.md": "# Home\n\n```swift exit=1 exit=0\nprint(1)\n```\n"],
            arguments: ["check"],
            status: 1, errors: ["content/index.md:3:17: error: `exit=1` and `exit=0` both set `exit` in this fence; keep one"]
        ),
        Site(
            name: "an unclosed snippet.hide",
            files: ["content/index.md": "# Home\n\n```swift ignore\nprint(1)\n// snippet.hide\nprint(2)\n```\n"],
            status: 1, errors: ["content/index.md:5: error: `// snippet.hide` is never followed by `// snippet.show`"]
        ),
        Site(
            name: "unterminated front matter, flow list, string and comment",
            files: ["content/index.md": "---\ntitle: [unclosed\n", "content/b.md": "# B\n\n```swift ignore\nlet s = \"never closed\n/* nor this\n"],
            status: 1, errors: ["content/index.md:1:1: error: front matter starts with `---` but never ends"]
        ),
        Site(
            name: "terminal escapes in a check diff",
            files: ["content/index.md": "# Home\n\n```swift\nprint(\"ok\\u{1B}[2K\\rpassed\")\n```\n\n```output\nfailed\n```\n"],
            arguments: ["check", "--no-cache"],
            status: 1, errors: [], output: nil
        ),
    ]
}
