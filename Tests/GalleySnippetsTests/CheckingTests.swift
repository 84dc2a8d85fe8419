import Foundation
import GalleyMarkdown
import Testing

@testable import GalleySnippets

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Checking and blessing")
struct CheckingTests {
    private func snippets(_ markdown: String) -> [Snippet] {
        let document = MarkdownDocument(parsing: markdown, path: "content/page.md")
        return SnippetScanner.snippets(in: document.codeBlocks(), sourcePath: "page.md", displayPath: "content/page.md").snippets
    }

    @Test("A unified diff shows removed and added lines with context and hunk headers")
    func unifiedDiff() {
        let diff = LineDiff.unified(expected: "a\nb\nc\nd\n", actual: "a\nB\nc\nd\ne\n")
        #expect(diff == "--- expected\n+++ actual\n@@ -1,4 +1,5 @@\n a\n-b\n+B\n c\n d\n+e\n")
        #expect(LineDiff.unified(expected: "same\n", actual: "same\n").isEmpty)
    }

    @Test("Verdicts: output compared exactly or as a multiset, statuses against the fence")
    func verdicts() {
        let page = snippets(
            """
            ```swift
            ```

            ```output
            one
            two
            ```

            ```swift unordered
            ```

            ```output
            two
            one
            ```

            ```swift exit=2
            ```

            ```swift crash
            ```

            ```swift compile-fail
            ```

            ```output
            error: cannot find 'nope' in scope
            ```
            """
        )
        func verdict(_ index: Int, _ result: SnippetResult) -> SnippetVerdict { SnippetVerdict(snippet: page[index], result: result) }
        let printed = CapturedOutput(text: "one\ntwo  \n")
        let swapped = CapturedOutput(text: "two\none\n")
        #expect(verdict(0, SnippetResult(status: .exited(0), standardOutput: printed)).kind == .passed)
        let mismatch = verdict(0, SnippetResult(status: .exited(0), standardOutput: swapped))
        #expect(mismatch.kind == .failed)
        #expect(mismatch.details.contains("-one") && mismatch.details.contains("+one"))
        #expect(verdict(1, SnippetResult(status: .exited(0), standardOutput: printed)).kind == .passed)
        #expect(verdict(2, SnippetResult(status: .exited(2))).kind == .unverified)
        #expect(verdict(2, SnippetResult(status: .exited(0))).message == "exited with status 0, expected 2")
        #expect(verdict(3, SnippetResult(status: .signalled(4))).kind == .passed)
        #expect(verdict(3, SnippetResult(status: .exited(0))).kind == .failed)
        #expect(verdict(0, SnippetResult(status: .timedOut(seconds: 2))).message.contains("after 2 s"))
        #expect(verdict(0, SnippetResult(status: .signalled(4))).message.contains("SIGILL"))
        #expect(verdict(4, SnippetResult(status: .compileFailed, compilerOutput: "page.md:3:1: error: cannot find 'nope' in scope")).kind == .passed)
        #expect(verdict(4, SnippetResult(status: .compileFailed, compilerOutput: "page.md:3:1: error: other")).kind == .failed)
        #expect(verdict(4, SnippetResult(status: .compiled)).message == "compiles, but is marked `compile-fail`")
    }

    @Test("A compile-fail block's error lines match with or without location, and without the diagnostic group")
    func compileFailErrors() {
        let page = snippets("```swift compile-fail\n```\n\n```output\nerror: sending 'x' risks causing data races\n```\n")
        let diagnostics = "page.md:2:5: error: sending 'x' risks causing data races [#SendingRisksDataRace]\n   |  `- error: sending 'x' risks causing data races [#SendingRisksDataRace]\n"
        #expect(SnippetVerdict(snippet: page[0], result: SnippetResult(status: .compileFailed, compilerOutput: diagnostics)).kind == .passed)
        let located = snippets("```swift compile-fail\n```\n\n```output\npage.md:2:5: error: sending 'x' risks causing data races\n```\n")
        #expect(SnippetVerdict(snippet: located[0], result: SnippetResult(status: .compileFailed, compilerOutput: diagnostics)).kind == .passed)
        let other = "page.md:2:5: error: sending 'x' risks causing data races somewhere else\n"
        #expect(SnippetVerdict(snippet: page[0], result: SnippetResult(status: .compileFailed, compilerOutput: other)).kind == .failed)
        // Bless writes the error once, without its group.
        let stale = "```swift compile-fail\n```\n\n```output\nstale\n```\n"
        let update = Blesser.bless(
            source: Array(stale.utf8), results: [(snippets(stale)[0], SnippetResult(status: .compileFailed, compilerOutput: diagnostics))]
        )
        #expect(update.text == "```swift compile-fail\n```\n\n```output\nerror: sending 'x' risks causing data races\n```\n")
    }

    @Test(
        "A compile-fail block states all of the compiler's errors, in order, with elisions and each line's prefix optional",
        arguments: [
            ("error: first\nerror: second", true),
            ("page.md:2:5: error: first\nerror: second", true),
            ("page.md:2:5: error: first\npage.md:3:1: error: second [#Group]", true),
            ("error: first\n...", true),
            ("...\nerror: second", true),
            ("...", true),
            ("error: f[..]\nerror: [..]ond", true),
            ("[..]: error: first\n[..]", true),
            ("error: first\n\nerror: second\n", true),
            ("error: first", false),
            ("error: second", false),
            ("error: second\nerror: first", false),
            ("error: first\nerror: second\nerror: third", false),
            ("page.md:9:9: error: first\nerror: second", false),
            ("error: first\nnote: a note\nerror: second", false),
        ]
    )
    func compileFailStatesEveryError(expected: String, passes: Bool) {
        let page = snippets("```swift compile-fail\nx\ny\n```\n\n```output\n\(expected)\n```\n")
        let diagnostics = """
            page.md:2:5: error: first [#Group]
             2 | x
               | `- error: first [#Group]
            page.md:3:1: error: second
            page.md:2:1: note: a note

            """
        let verdict = SnippetVerdict(snippet: page[0], result: SnippetResult(status: .compileFailed, compilerOutput: diagnostics))
        #expect((verdict.kind == .passed) == passes, "\(verdict.message)\n\(verdict.details)")
        if !passes {
            #expect(verdict.message == "the compiler's errors differ from its `output` block")
            #expect(verdict.details.hasPrefix("--- expected (line 6)\n+++ compiler errors\n"), "\(verdict.details)")
            #expect(verdict.details.hasSuffix(diagnostics))
        }
    }

    @Test("A compile-fail block's errors are compared after the output filters, and a mismatch shows a diff")
    func compileFailFilters() {
        let page = snippets("```swift compile-fail\n```\n\n```output\nerror: cannot find 'NAME' in scope\n```\n")
        let result = SnippetResult(status: .compileFailed, compilerOutput: "page.md:2:1: error: cannot find 'nope' in scope\n")
        let filters = OutputFilters(replacements: [try! OutputReplacement(pattern: "'[a-z]+'", replacement: "'NAME'")])
        #expect(SnippetVerdict(snippet: page[0], result: result, filters: filters).kind == .passed)
        let unfiltered = SnippetVerdict(snippet: page[0], result: result)
        #expect(unfiltered.kind == .failed)
        #expect(unfiltered.details.contains("-error: cannot find 'NAME' in scope\n+error: cannot find 'nope' in scope\n"), "\(unfiltered.details)")
    }

    @Test(
        "Bless keeps a compile-fail block's elisions, placeholders and prefixes where they still match",
        arguments: [
            ("error: f[..]\nerror: gone", "error: f[..]\nerror: second\nerror: third"),
            ("...\nerror: second\nerror: stale", "...\nerror: second\nerror: third"),
            ("page.md:2:5: error: first\nstale", "page.md:2:5: error: first\npage.md:3:1: error: second\npage.md:4:1: error: third"),
            ("stale", "error: first\nerror: second\nerror: third"),
        ]
    )
    func blessKeepsCompileFailElisions(expected: String, blessed: String) {
        let source = "```swift compile-fail\nx\ny\nz\n```\n\n```output\n\(expected)\n```\n"
        let diagnostics = "page.md:2:5: error: first\npage.md:3:1: error: second\npage.md:4:1: error: third\n"
        let update = Blesser.bless(
            source: Array(source.utf8), results: [(snippets(source)[0], SnippetResult(status: .compileFailed, compilerOutput: diagnostics))]
        )
        #expect(update.refused.isEmpty, "\(update.refused)")
        #expect(update.text == "```swift compile-fail\nx\ny\nz\n```\n\n```output\n\(blessed)\n```\n")
    }

    @Test("Blessing rewrites output blocks, adds missing ones, refuses failures and touches nothing else")
    func blessing() {
        let source = """
            ---
            title: Page
            ---
            Intro  with  odd   spacing.\r
            ```swift
            print("new")
            ```

            ```output
            old
            ```
            Between.

            ~~~~swift
            print("added")
            ~~~~
            Tail text.

            ```swift
            fatalError()
            ```
            No newline at the end
            """
        let body = source.replacingOccurrences(of: "---\ntitle: Page\n---", with: "\n\n")
        let page = snippets(body)
        let results = [
            (page[0], SnippetResult(status: .exited(0), standardOutput: CapturedOutput(text: "new\n"))),
            (page[1], SnippetResult(status: .exited(0), standardOutput: CapturedOutput(text: "added\n```\n"))),
            (page[2], SnippetResult(status: .signalled(4))),
        ]
        let update = Blesser.bless(source: Array(source.utf8), frontMatterLines: 3, results: results)
        let expected = """
            ---
            title: Page
            ---
            Intro  with  odd   spacing.\r
            ```swift
            print("new")
            ```

            ```output
            new
            ```
            Between.

            ~~~~swift
            print("added")
            ~~~~

            ````output
            added
            ```
            ````
            Tail text.

            ```swift
            fatalError()
            ```
            No newline at the end
            """
        #expect(update.text == expected)
        #expect(update.updated.map(\.line) == [5, 14])
        #expect(update.refused.map(\.location.line) == [19])
        #expect(update.refused.first?.message.contains("crashed unexpectedly") == true)
        // Blessing what is already there changes nothing.
        let again = Blesser.bless(
            source: Array(expected.utf8), frontMatterLines: 3,
            results: [(snippets(expected.replacingOccurrences(of: "---\ntitle: Page\n---", with: "\n\n"))[0], results[0].1)]
        )
        #expect(again.text == expected && again.updated.isEmpty)
    }

    @Test("JUnit XML parses and counts tests, failures and skips")
    func junit() throws {
        let page = snippets("```swift\n```\n\n```swift\n```\n\n```swift ignore\n```\n\n```swift\n```\n")
        let verdicts = [
            SnippetVerdict(snippet: page[0], result: SnippetResult(status: .exited(1))),
            SnippetVerdict(snippet: page[1], result: SnippetResult(status: .exited(0), runSeconds: 0.25, compileSeconds: 0.5)),
            SnippetVerdict(snippet: page[2], result: nil),
            SnippetVerdict(snippet: page[3], result: SnippetResult(status: .compileFailed, compilerOutput: "error: <&>\u{1}")),
        ]
        let xml = CheckFormats.junit(verdicts, extraFailures: [("content/page.md:9:3", "links", "broken link")], strict: true)
        let document = try XMLDocument(xmlString: xml)
        let suite = try #require(try document.nodes(forXPath: "//testsuite").first as? XMLElement)
        #expect(suite.attribute(forName: "tests")?.stringValue == "5")
        #expect(suite.attribute(forName: "failures")?.stringValue == "4")
        #expect(suite.attribute(forName: "skipped")?.stringValue == "1")
        let names = try document.nodes(forXPath: "//testcase/@name").compactMap(\.stringValue)
        #expect(names == ["content/page.md:1", "content/page.md:4", "content/page.md:7", "content/page.md:10", "content/page.md:9:3"])
        #expect(try document.nodes(forXPath: "//failure").count == 4)
        // Each snippet's time in this run, compiling and running.
        let times = try document.nodes(forXPath: "//testcase/@time").compactMap(\.stringValue)
        #expect(times == ["0.000", "0.750", "0.000", "0.000"])
        let cached = SnippetVerdict(snippet: page[1], result: SnippetResult(status: .exited(0), runSeconds: 0.25, compileSeconds: 0.5, cached: true))
        #expect(CheckFormats.junit([cached], strict: false).contains("time=\"0.000\""))
    }

    @Test("GitHub annotations escape what would end or split them")
    func githubAnnotation() {
        #expect(
            CheckFormats.githubAnnotation(severity: "error", path: "a,b.md", line: 3, message: "50% off\nnext")
                == "::error file=a%2Cb.md,line=3::50%25 off%0Anext"
        )
    }
}
