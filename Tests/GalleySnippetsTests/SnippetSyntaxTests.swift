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

    @Test("Under `norun` by default a fence without attributes is shown only; `run` or any attribute opts it in")
    func defaultMode() throws {
        func read(_ info: String, _ defaultMode: SnippetDefault) throws -> SnippetAttributes.Mode {
            try SnippetAttributes(words: info.split(separator: " "), at: location, defaultMode: defaultMode).mode
        }
        #expect(try read("", .run) == .run)
        #expect(try read("", .norun) == .ignore)
        #expect(try read("run", .norun) == .run)
        #expect(try read("run", .run) == .run)
        #expect(try read("unordered", .norun) == .run)
        #expect(try read("norun", .norun) == .compileOnly)
        #expect(try read("crash", .norun) == .crash)
        #expect(throws: SnippetSyntaxError.self) { try read("run norun", .run) }
        #expect(throws: SnippetSyntaxError.self) { try read("run ignore", .norun) }
    }

    @Test("A quoted value keeps its blanks: compiler flags and normalisers are read from the fence")
    func flagsAndNormalizers() throws {
        let blocks = MarkdownDocument(
            parsing: "```swift flags=\"-enable-upcoming-feature NonisolatedNonsendingByDefault\" normalize=addresses,durations unordered\n```\n",
            path: "p.md"
        ).codeBlocks()
        #expect(blocks[0].infoWords.count == 4)
        let read = try SnippetAttributes(words: blocks[0].infoWords.dropFirst(), at: location)
        #expect(read.compilerFlags == ["-enable-upcoming-feature", "NonisolatedNonsendingByDefault"])
        #expect(read.normalizers == [.addresses, .durations])
        #expect(read.unordered)
        #expect(try attributes("flags=-O").compilerFlags == ["-O"])
    }

    @Test(
        "Flags that would change what Galley builds, and malformed quotes, are refused at the fence",
        arguments: [
            (#"flags="-o /tmp/x""#, "`flags` cannot hold `-o`"),
            (#"flags="-parse-as-library""#, "`flags` cannot hold `-parse-as-library`"),
            (#"flags="-module-name=Other""#, "`flags` cannot hold `-module-name=Other`"),
            (#"flags="extra.swift""#, "`flags` must start with an option"),
            (#"flags="-D X other.swift""#, "cannot add the source file `other.swift`"),
            (#"flags="-O"#, "has an unclosed quote"),
            (#"flags=-O"x""#, "a quoted value starts right after `=`"),
            (#"flags="""#, "needs compiler flags"),
            ("normalize=addresses,colours", "names no normaliser `colours`"),
            ("normalize=", "needs normalisers"),
        ]
    )
    func refusedFlags(info: String, message: String) {
        let blocks = MarkdownDocument(parsing: "```swift \(info)\n```\n", path: "p.md").codeBlocks()
        #expect(throws: SnippetSyntaxError.self) { try SnippetAttributes(words: blocks[0].infoWords.dropFirst(), at: location) }
        do {
            _ = try SnippetAttributes(words: blocks[0].infoWords.dropFirst(), at: location)
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("A session's blocks share their flags; blocks that ask for different ones are an error at the second")
    func sessionFlags() {
        func planned(_ markdown: String) -> (programs: [SnippetProgram], errors: [SnippetSyntaxError]) {
            let document = MarkdownDocument(parsing: markdown, path: "content/page.md")
            let snippets = SnippetScanner.snippets(in: document.codeBlocks(), sourcePath: "page.md", displayPath: "content/page.md").snippets
            return SnippetProgram.programs(for: snippets, sourceFile: "page.md")
        }
        let shared = planned("```swift session=s flags=\"-swift-version 5\"\nvar a = 1\n```\n\n```swift session=s\nprint(a)\n```\n")
        #expect(shared.errors.isEmpty)
        #expect(shared.programs.map(\.compilerFlags) == [["-swift-version", "5"]])
        let clash = planned("```swift session=s flags=-O\nvar a = 1\n```\n\n```swift session=s flags=-Onone\nprint(a)\n```\n")
        #expect(clash.programs.isEmpty)
        #expect(clash.errors.map(\.location.line) == [5])
        #expect(clash.errors.map(\.column) == [20], "at the second block's `flags`")
        let early = planned("```swift session=s crash\nprint(1)\n```\n\n```swift session=s\nprint(2)\n```\n")
        #expect(early.errors.map { $0.description.prefix(22) } == ["content/page.md:1:20: "], "at `crash`")
        #expect(clash.errors.first?.message.contains("differ from those at line 1") == true)
    }

    @Test(
        "Unknown attributes, malformed values and contradictions are errors at the fence",
        arguments: [
            ("fast", "unknown snippet attribute `fast`"),
            ("timeout=abc", "`timeout=abc` needs a number of seconds"),
            ("timeout=0", "`timeout=0` needs a number of seconds"),
            ("timeout=1e19", "`timeout=1e19` needs a number of seconds above 0 and at most 86400"),
            ("timeout=inf", "`timeout=inf` needs a number of seconds"),
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

    @Test(
        "A fence's errors point at the word at fault, past block quote markers, list indentation and the fence",
        arguments: [
            ("```swift fast\n```\n", "content/page.md:1:10: error: unknown snippet attribute `fast`"),
            ("> ```swift exit=1 crash\n> ```\n", "content/page.md:1:12: error: `exit=1` applies only to snippets that run"),
            ("- item\n\n  ~~~~ swift   timeout=x\n  ~~~~\n", "content/page.md:3:16: error: `timeout=x` needs a number of seconds"),
            ("```swift crash compile-fail\n```\n", "content/page.md:1:16: error: `crash` and `compile-fail` cannot be used together"),
            ("```swift flags=\"-D A\" flags=\"-D B\"\n```\n", "content/page.md:1:23: error: `flags=\"-D A\"` and `flags=\"-D B\"` both set `flags`"),
            ("1. one\n\n   > ```swift ignore session=a\n   > ```\n", "content/page.md:3:15: error: a `session` block runs as part of a program"),
            ("```swift\tnocheck  nocheck\n```\n", "content/page.md:1:19: error: `nocheck` appears twice"),
            ("text\r\n\r\n```swift fast\r\n```\r\n", "content/page.md:3:10: error: unknown snippet attribute `fast`"),
            // Columns count bytes, as the compiler's do: `é` is two.
            ("```swift session=café fast\n```\n", "content/page.md:1:24: error: unknown snippet attribute `fast`"),
            ("```swift crash=1\n```\n", "content/page.md:1:10: error: `crash` takes no value"),
            ("```swift flags=\"-O\n```\n", "content/page.md:1:10: error: `flags=\"-O` has an unclosed quote"),
            // An entity that cmark reads as a blank: the words as written cannot be matched, so the fence.
            ("> ```swift a&#32;b\n> ```\n", "content/page.md:1:3: error: unknown snippet attribute `a`"),
        ]
    )
    func errorColumns(markdown: String, message: String) {
        let document = MarkdownDocument(parsing: markdown, path: "content/page.md")
        let found = SnippetScanner.snippets(in: document.codeBlocks(), sourcePath: "page.md", displayPath: "content/page.md")
        #expect(found.errors.count == 1)
        #expect(found.errors.first?.description.hasPrefix(message) == true, "\(found.errors.map(\.description))")
    }

    @Test("Hidden lines are compiled but not shown, markers included")
    func hiddenLines() {
        let code = "// snippet.hide\nimport Foundation\n  // snippet.show\nprint(1)\n// snippet.hide\nprint(2)\n"
        #expect(HiddenLines.shown(code) == "print(1)\n")
        #expect(HiddenLines.shown("print(3)\n") == "print(3)\n")
    }

    @Test("Revealable code keeps the hidden lines without their markers, and knows where they are")
    func revealable() {
        let code = "// snippet.hide\nimport Foundation\nlet base = 2\n// snippet.show\nprint(base)\n  // snippet.hide\nprint(\"é\")\n// snippet.show\n"
        let (text, hidden) = HiddenLines.revealable(code)
        #expect(text == "import Foundation\nlet base = 2\nprint(base)\nprint(\"é\")\n")
        let bytes = Array(text.utf8)
        #expect(hidden.map { String(decoding: bytes[$0], as: UTF8.self) } == ["import Foundation\nlet base = 2\n", "print(\"é\")\n"])
        // What is left once the hidden ranges are taken out is the code the page shows.
        var shown = bytes
        for range in hidden.reversed() { shown.removeSubrange(range) }
        #expect(String(decoding: shown, as: UTF8.self) == HiddenLines.shown(code))
        #expect(HiddenLines.revealable("print(1)\n") == ("print(1)\n", []))
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

    private func threeBlockSession() -> SnippetProgram {
        let markdown = "```swift session=s\nprint(1)\n```\n\n```swift session=s\nprint(2)\n```\n\n```swift session=s\nprint(3)\n```\n"
        let document = MarkdownDocument(parsing: markdown, path: "content/page.md")
        let snippets = SnippetScanner.snippets(in: document.codeBlocks(), sourcePath: "page.md", displayPath: "content/page.md").snippets
        return SnippetProgram.programs(for: snippets, sourceFile: "page.md").programs[0]
    }

    @Test("A session's output is split among its blocks at its run's markers; the block where it died gets the ending")
    func sessionSplit() {
        let program = threeBlockSession()
        let marker = SnippetProgram.blockMarker(token: "T0K3N")
        let outcome = ProgramOutcome(
            termination: .signalled(4),
            blocks: ProgramOutcome.splitBlocks(
                output: CapturedOutput(text: "1\n\(marker)2\n"), error: CapturedOutput(text: "\(marker)Fatal error\n"), marker: marker, blocks: 3
            )
        )
        let results = program.results(from: outcome, cached: false)
        #expect(results.map { $0.standardOutput.text } == ["1\n", "2\n", ""])
        #expect(results.map { $0.standardError.text } == ["", "Fatal error\n", ""])
        #expect(results.map { $0.status } == [.exited(0), .signalled(4), .notReached])
    }

    @Test("A marker printed by the program itself, without this run's token, splits nothing")
    func forgedMarker() {
        let program = threeBlockSession()
        let forged = SnippetProgram.blockMarker(token: "")
        let marker = SnippetProgram.blockMarker(token: "real")
        let blocks = ProgramOutcome.splitBlocks(
            output: CapturedOutput(text: "1\n\(forged)still 1\n\(marker)2\n\(marker)3\n"), error: CapturedOutput(), marker: marker, blocks: 3
        )
        let results = program.results(from: ProgramOutcome(termination: .exited(0), blocks: blocks), cached: false)
        #expect(results.map { $0.standardOutput.text } == ["1\n\(forged)still 1\n", "2\n", "3\n"])
    }

    @Test("Output cut at the cap in a session's first block marks the blocks after it as cut, not as empty")
    func cutSession() {
        let program = threeBlockSession()
        let marker = SnippetProgram.blockMarker(token: "t")
        let blocks = ProgramOutcome.splitBlocks(
            output: CapturedOutput(text: "flood", droppedBytes: 4096), error: CapturedOutput(), marker: marker, blocks: 3
        )
        let results = program.results(from: ProgramOutcome(termination: .exited(0), blocks: blocks), cached: false)
        #expect(results.map { $0.standardOutput.isTruncated } == [true, true, true])
        #expect(results.map { $0.standardOutput.lostToEarlierCut } == [false, true, true])
        #expect(results.map { $0.status } == [.exited(0), .exited(0), .exited(0)])
        let page = "```swift session=s\n```\n\n```output\n\n```\n\n```swift session=s\n```\n\n```output\n```\n"
        let snippets = SnippetScanner.snippets(
            in: MarkdownDocument(parsing: page, path: "p.md").codeBlocks(), sourcePath: "p.md", displayPath: "p.md"
        ).snippets
        let verdict = SnippetVerdict(snippet: snippets[1], result: results[1])
        #expect(verdict.kind == .failed)
        #expect(verdict.message.contains("printed past the output limit"))
        let update = Blesser.bless(source: Array(page.utf8), results: [(snippets[0], results[0]), (snippets[1], results[1])])
        #expect(update.bytes == Array(page.utf8))
        #expect(update.refused.count == 2 && update.refused.allSatisfy { $0.message.contains("cut at the output limit") })
    }
}
