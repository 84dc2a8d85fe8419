import GalleyMarkdown
import GalleySite
import GalleySnippets
import Testing

/// The diagnostic `body` throws, or `nil` when it succeeds.
func diagnostic(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return (error as? Diagnostic)?.description ?? "not a diagnostic: \(error)"
    }
}

@Suite("Front matter")
struct FrontMatterTests {
    @Test("Fields are read and the body keeps its line numbers")
    func readsFields() throws {
        let source = """
            ---
            title: Callbacks
            description: Completion handlers
            date: 2026-11-25
            author: Ada
            order: 3
            draft: false
            tags: [swift, async]
            series: basics
            ---
            # Heading on line 11
            """
        let (frontMatter, body) = try FrontMatter.split(source, path: "content/callbacks.md")
        #expect(frontMatter.title == "Callbacks")
        #expect(frontMatter.description == "Completion handlers")
        #expect(frontMatter.date?.day10 == "2026-11-25")
        #expect(frontMatter.date?.display == "25 November 2026")
        #expect(frontMatter.author == "Ada")
        #expect(frontMatter.order == 3)
        #expect(frontMatter.draft == false)
        #expect(frontMatter.tags == ["swift", "async"])
        #expect(frontMatter.params == ["series": "basics"])
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 11)
        #expect(lines[10] == "# Heading on line 11")
        #expect(lines[0..<10].allSatisfy { $0.isEmpty })
    }

    @Test(
        "order takes YAML's integer forms; a quoted number is text",
        arguments: [
            ("7", 7), ("0", 0), ("42", 42), ("010", 8), ("0o17", 15), ("0x1F", 31), ("1_000", 1000), ("+3", 3), ("-2", -2),
            ("1:30", 90),
        ]
    )
    func orderForms(written: String, order: Int) throws {
        let (frontMatter, _) = try FrontMatter.split("---\norder: \(written)\n---\n", path: "p.md")
        #expect(frontMatter.order == order)
    }

    @Test("`snippets.default` is read from front matter")
    func snippetDefault() throws {
        let (frontMatter, _) = try FrontMatter.split("---\nsnippets:\n  default: norun\n---\n", path: "p.md")
        #expect(frontMatter.snippetDefault == .norun)
        #expect(try FrontMatter.split("---\ntitle: A\n---\n", path: "p.md").frontMatter.snippetDefault == nil)
    }

    @Test("A quoted order is refused")
    func quotedOrder() {
        #expect(
            diagnostic { _ = try FrontMatter.split("---\norder: \"7\"\n---\n", path: "p.md") }
                == "p.md:2:8: error: `order` must be a whole number, not `7`"
        )
    }

    @Test("A page without front matter is left as it is")
    func noFrontMatter() throws {
        let (frontMatter, body) = try FrontMatter.split("# Title\n\n---\n", path: "p.md")
        #expect(frontMatter == FrontMatter())
        #expect(body == "# Title\n\n---\n")
    }

    @Test(
        "Invalid front matter names the file, line, column and field",
        arguments: [
            ("---\ntitle: A\norder: first\n---\n", "content/p.md:3:8: error: `order` must be a whole number, not `first`"),
            ("---\ndraft: maybe\n---\n", "content/p.md:2:8: error: `draft` must be true or false, not `maybe`"),
            ("---\ndate: 25/11/2026\n---\n", "content/p.md:2:7: error: `date` must look like 2026-11-25 or 2026-11-25T14:30:00Z, not `25/11/2026`"),
            ("---\ndate: 2026-02-30\n---\n", "content/p.md:2:7: error: `date` must look like 2026-11-25 or 2026-11-25T14:30:00Z, not `2026-02-30`"),
            ("---\ntitle: [a, b]\n---\n", "content/p.md:2:8: error: `title` must be text, not a list"),
            ("---\ntitle: A\n", "content/p.md:1:1: error: front matter starts with `---` but never ends; close it with a `---` line"),
            ("---\n- a\n- b\n---\n", "content/p.md:2:1: error: front matter must be a mapping of `key: value` lines"),
            ("---\nsnippets:\n  default: off\n---\n", "content/p.md:3:12: error: `snippets.default` must be `run` or `norun`, not `off`"),
            (
                "---\nsnippets:\n  timeout: 3\n---\n",
                "content/p.md:3:3: error: unknown key `snippets.timeout` in front matter; a page may set `snippets.default` only"
            ),
            ("---\nsnippets: norun\n---\n", "content/p.md:2:11: error: `snippets` must be a mapping, as in `snippets: {default: norun}`"),
        ]
    )
    func invalid(source: String, message: String) {
        #expect(diagnostic { _ = try FrontMatter.split(source, path: "content/p.md") } == message)
    }

    @Test("A YAML syntax error points into the front matter")
    func yamlSyntax() {
        do {
            _ = try FrontMatter.split("---\ntitle: A\ntags: [a, b\n---\nbody\n", path: "p.md")
            Issue.record("expected an error")
        } catch {
            #expect(error.location?.path == "p.md")
            #expect((2...4).contains(error.location?.line ?? 0))
            #expect(error.message.hasPrefix("invalid YAML"))
        }
    }

    @Test("Dates with times keep them for the feed")
    func dates() {
        #expect(PageDate("2026-11-25")?.rfc3339 == "2026-11-25T00:00:00Z")
        #expect(PageDate("2026-11-25T14:30:00+02:00")?.rfc3339 == "2026-11-25T14:30:00+02:00")
        #expect(PageDate("2026-11-25 14:30")?.rfc3339 == "2026-11-25T14:30:00Z")
        #expect(PageDate("2024-02-29") != nil)
        #expect(PageDate("2026-13-01") == nil)
        #expect(PageDate("yesterday") == nil)
    }
}

@Suite("Site configuration")
struct SiteConfigurationTests {
    @Test("Every key has a default")
    func defaults() throws {
        let config = try SiteConfiguration(yaml: "", path: "content/site.yml")
        #expect(config == SiteConfiguration())
        #expect(config.markdown.smartTypography && config.markdown.rawHTML)
        #expect(config.snippets.timeout == 10)
    }

    @Test("Keys are read")
    func keys() throws {
        let config = try SiteConfiguration(
            yaml: """
                title: Docs
                description: About things
                base_url: https://example.com/docs/
                author: Team
                language: fr
                markdown:
                  smart: false
                  raw_html: false
                snippets:
                  timeout: 2.5
                  swiftc_flags: [-O]
                """,
            path: "site.yml"
        )
        #expect(config.title == "Docs" && config.description == "About things" && config.language == "fr")
        #expect(config.baseURL == "https://example.com/docs/" && config.author == "Team")
        #expect(!config.markdown.smartTypography && !config.markdown.rawHTML)
        #expect(config.snippets.timeout == 2.5 && config.snippets.swiftcFlags == ["-O"])
    }

    @Test("Output normalisers and replacements are read from `snippets:`, in order")
    func outputFilters() throws {
        let config = try SiteConfiguration(
            yaml: """
                snippets:
                  normalize: addresses, durations
                  filters:
                    - pattern: "request #[0-9]+"
                      replacement: "request #N"
                    - {pattern: "^debug:.*$", replacement: ""}
                """,
            path: "site.yml"
        )
        #expect(config.snippets.filters.normalizers == [.addresses, .durations])
        #expect(config.snippets.filters.replacements.map(\.pattern) == ["request #[0-9]+", "^debug:.*$"])
        #expect(config.snippets.filters.apply("request #12 at 0x7fff0000\n") == "request #N at [address]\n")
        let listed = try SiteConfiguration(yaml: "snippets:\n  normalize: [uuids, pids]\n", path: "site.yml")
        #expect(listed.snippets.filters.normalizers == [.uuids, .pids])
    }

    @Test(
        "Errors name the key and its line",
        arguments: [
            ("titel: Docs\n", "content/site.yml:1:1: error: unknown key `titel`; site.yml accepts `title`, `description`, `base_url`, `author`, `language`, `markdown`, `search`, `snippets`"),
            ("title: Docs\nmarkdown:\n  smart: sometimes\n", "content/site.yml:3:10: error: `markdown.smart` must be true or false, not `sometimes`"),
            ("markdown:\n  typography: true\n", "content/site.yml:2:3: error: unknown key `markdown.typography`; use `smart` or `raw_html`"),
            ("snippets:\n  timeout: 0\n", "content/site.yml:2:12: error: `snippets.timeout` must be from 0.001 to 86400 seconds"),
            ("snippets:\n  timeout: .inf\n", "content/site.yml:2:12: error: `snippets.timeout` must be from 0.001 to 86400 seconds"),
            ("snippets:\n  timeout: 1e300\n", "content/site.yml:2:12: error: `snippets.timeout` must be from 0.001 to 86400 seconds"),
            ("snippets:\n  compile_timeout: -1\n", "content/site.yml:2:20: error: `snippets.compile_timeout` must be from 0.001 to 86400 seconds"),
            (
                "snippets:\n  memory_limit_mib: 9223372036854775807\n",
                "content/site.yml:2:21: error: `snippets.memory_limit_mib` must be from 1 to 1048576 MiB"
            ),
            ("snippets:\n  output_limit: 0\n", "content/site.yml:2:17: error: `snippets.output_limit` must be from 1 to 1073741824 bytes"),
            ("markdown: yes\n", "content/site.yml:1:11: error: `markdown` must be a mapping of `key: value` lines"),
            (
                "snippets:\n  normalize: [addresses, colours]\n",
                "content/site.yml:2:26: error: `snippets.normalize` names no normaliser `colours`; use addresses, durations, paths, uuids, dates, pids"
            ),
            (
                "snippets:\n  filters:\n    - pattern: \"id (\"\n      replacement: id\n",
                "content/site.yml:3:16: error: `snippets.filters[].pattern` `id (` is not a regular expression; check its parentheses, brackets and backslashes (YAML's double quotes take `\\\\` for one)"
            ),
            (
                "snippets:\n  filters:\n    - pattern: x\n",
                "content/site.yml:3:7: error: a filter of `snippets.filters` needs a `replacement` (use `replacement: \"\"` to delete what matches)"
            ),
            (
                "snippets:\n  filters:\n    - pattern: x\n      replace: y\n",
                "content/site.yml:4:7: error: unknown key `snippets.filters[].replace`; a filter has `pattern` and `replacement`"
            ),
            ("snippets:\n  default: sometimes\n", "content/site.yml:2:12: error: `snippets.default` must be `run` or `norun`, not `sometimes`"),
            ("snippets:\n  filters: x\n", "content/site.yml:2:12: error: `snippets.filters` must be a list of `{pattern: …, replacement: …}` mappings"),
        ]
    )
    func errors(yaml: String, message: String) {
        #expect(diagnostic { _ = try SiteConfiguration(yaml: yaml, path: "content/site.yml") } == message)
    }
}
