import GalleyMarkdown
import Testing

@testable import GalleySnippets

@Suite("Snippet syntax")
struct SnippetSyntaxTests {
    let location = SnippetLocation(path: "content/page.md", line: 7)

    private func attributes(_ info: String) throws(SnippetSyntaxError) -> SnippetAttributes {
        try SnippetAttributes(words: info.split(separator: " "), at: location)
    }

    @Test("Attributes are read from the info string")
    func attributesAreRead() throws {
        #expect(try attributes("").mode == .run)
        #expect(try attributes("norun").mode == .compileOnly)
        #expect(try attributes("ignore").mode == .ignore)
        #expect(try attributes("compile-fail").mode == .compileFail)
        #expect(try attributes("crash").mode == .crash)
        let combined = try attributes("exit=3 timeout=2.5 session=intro unordered nocheck")
        #expect(combined.expectedExitStatus == 3)
        #expect(combined.timeout == 2.5)
        #expect(combined.session == "intro")
        #expect(combined.unordered && combined.noCheck)
    }

    @Test(
        "Unknown attributes, malformed values and contradictions are errors at the fence",
        arguments: [
            ("fast", "unknown snippet attribute `fast`"),
            ("timeout=abc", "`timeout=abc` needs a number of seconds"),
            ("timeout=0", "`timeout=0` needs a number of seconds"),
            ("exit=", "`exit=` needs an exit status"),
            ("exit=300", "`exit=300` needs an exit status"),
            ("session=", "`session=` needs a name"),
            ("crash=1", "`crash` takes no value"),
            ("crash compile-fail", "`crash` and `compile-fail` cannot be used together"),
            ("norun exit=1", "applies only to snippets that run"),
            ("ignore session=a", "cannot be `ignore`"),
        ]
    )
    func errors(info: String, message: String) {
        #expect {
            try attributes(info)
        } throws: { error in
            guard let error = error as? SnippetSyntaxError else { return false }
            return error.location == location && error.message.contains(message)
                && error.description.hasPrefix("content/page.md:7: error: ")
        }
    }

    @Test("Hidden lines are compiled but not shown, markers included")
    func hiddenLines() {
        let code = "// snippet.hide\nimport Foundation\n  // snippet.show\nprint(1)\n// snippet.hide\nprint(2)\n"
        #expect(HiddenLines.shown(code) == "print(1)\n")
        #expect(HiddenLines.shown("print(3)\n") == "print(3)\n")
    }

    @Test("An output block belongs to the snippet right before it, blank lines allowed")
    func outputBlocks() {
        let markdown = """
            # Page

            ```swift
            print("a")
            ```


            ```output
            a
            ```

            ```swift session=s
            print("b")
            ```

            Text between.

            ```output
            b
            ```

            ```swift ignore
            let x = 1
            ```

            ```swift timeout=no
            ```
            """
        let document = MarkdownDocument(parsing: markdown, path: "content/page.md")
        let found = SnippetScanner.snippets(in: document.codeBlocks(), sourcePath: "page.md", displayPath: "content/page.md")
        #expect(found.snippets.count == 3)
        #expect(found.snippets[0].expectedOutput?.text == "a\n")
        #expect(found.snippets[0].expectedOutput?.line == 8)
        #expect(found.snippets[0].location.line == 3)
        #expect(found.snippets[1].expectedOutput == nil)
        #expect(found.snippets[2].attributes.mode == .ignore)
        #expect(found.errors.map(\.location.line) == [26])
    }

    @Test("A session is one program with its blocks in order; lone snippets are their own")
    func programs() {
        let markdown = """
            ```swift session=s
            var total = 1
            ```

            ```swift
            print("alone")
            ```

            ```swift session=s
            total += 1
            print(total)
            ```

            ```swift ignore
            not swift at all
            ```
            """
        let document = MarkdownDocument(parsing: markdown, path: "content/page.md")
        let snippets = SnippetScanner.snippets(in: document.codeBlocks(), sourcePath: "page.md", displayPath: "content/page.md").snippets
        let planned = SnippetProgram.programs(for: snippets, sourceFile: "page.md")
        #expect(planned.errors.isEmpty)
        #expect(planned.programs.map { $0.snippets.map(\.location.line) } == [[1, 9], [5]])
        let session = planned.programs[0].source
        #expect(session.contains("#sourceLocation(file: \"page.md\", line: 2)\nvar total = 1\n"))
        #expect(session.contains("#sourceLocation(file: \"page.md\", line: 10)\ntotal += 1\n"))
        #expect(planned.programs[1].source == "#sourceLocation(file: \"page.md\", line: 6)\nprint(\"alone\")\n")
    }

    @Test("Only the last block of a session may expect a crash or an exit status")
    func sessionOutcomes() {
        let markdown = "```swift session=s crash\nfatalError()\n```\n\n```swift session=s\nprint(1)\n```\n"
        let document = MarkdownDocument(parsing: markdown, path: "content/page.md")
        let snippets = SnippetScanner.snippets(in: document.codeBlocks(), sourcePath: "page.md", displayPath: "content/page.md").snippets
        let planned = SnippetProgram.programs(for: snippets, sourceFile: "page.md")
        #expect(planned.programs.isEmpty)
        #expect(planned.errors.map(\.location.line) == [1])
    }

    @Test("A session's output is split among its blocks; the block where it died gets the ending")
    func sessionSplit() {
        let markdown = "```swift session=s\nprint(1)\n```\n\n```swift session=s\nprint(2)\n```\n\n```swift session=s\nprint(3)\n```\n"
        let document = MarkdownDocument(parsing: markdown, path: "content/page.md")
        let snippets = SnippetScanner.snippets(in: document.codeBlocks(), sourcePath: "page.md", displayPath: "content/page.md").snippets
        let program = SnippetProgram.programs(for: snippets, sourceFile: "page.md").programs[0]
        let separator = SnippetProgram.blockSeparator
        let outcome = ProgramOutcome(
            termination: .signalled(4), standardOutput: CapturedOutput(text: "1\n\(separator)2\n"),
            standardError: CapturedOutput(text: "\(separator)Fatal error\n")
        )
        let results = program.results(from: outcome, cached: false)
        #expect(results.map(\.standardOutput.text) == ["1\n", "2\n", ""])
        #expect(results.map(\.standardError.text) == ["", "Fatal error\n", ""])
        #expect(results.map(\.status) == [.exited(0), .signalled(4), .notReached])
    }
}
