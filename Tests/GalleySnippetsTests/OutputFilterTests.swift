import GalleyMarkdown
import Testing

@testable import GalleySnippets

/// Output that changes from run to run: normalisers, the site's replacements, and elisions in
/// expected output, in the check and in bless.
@Suite("Output filters and elisions")
struct OutputFilterTests {
    @Test(
        "Each normaliser replaces what changes between runs with its placeholder",
        arguments: [
            (OutputNormalizer.addresses, "object at 0x600000c04000 and 0xdeadbeef", "object at [address] and [address]"),
            (.durations, "took 12 ms, then 1.5s, then 250µs and 3 seconds", "took [duration], then [duration], then [duration] and [duration]"),
            (.paths, "wrote /tmp/galley-snippet-1234/work/out.txt and /home/ada/notes", "wrote [path] and [path]"),
            (.uuids, "id E621E1F8-C36C-495A-93FC-0C247A3E6E5F", "id [uuid]"),
            (.dates, "at 2026-11-25T14:30:00Z, then 2026-11-26 at 09:15:02", "at [date], then [date] at [date]"),
            (.pids, "pid 4242 and PID: 17 and pid=9", "pid [pid] and PID: [pid] and pid=[pid]"),
        ]
    )
    func normalizers(normalizer: OutputNormalizer, input: String, output: String) {
        #expect(normalizer.apply(input) == output)
    }

    @Test("Normaliser names are read from a list, and an unknown one is named")
    func parsing() throws {
        #expect(try OutputNormalizer.parse("addresses,durations").get() == [.addresses, .durations])
        guard case .failure(let unknown) = OutputNormalizer.parse("addresses,colours") else {
            Issue.record("an unknown normaliser was accepted")
            return
        }
        #expect(unknown.word == "colours")
    }

    @Test("A site's replacement rewrites with groups; a pattern that is not a regular expression is refused")
    func replacements() throws {
        let replacement = try OutputReplacement(pattern: #"request #(\d+)"#, replacement: "request #N")
        #expect(replacement.apply("request #42 done") == "request #N done")
        #expect(throws: OutputReplacement.InvalidPattern.self) { try OutputReplacement(pattern: "(unclosed", replacement: "") }
    }

    @Test("`...` matches any number of lines and `[..]` any text within a line")
    func elisions() {
        #expect(ElidedOutput.matches(["start", "...", "end"], ["start", "end"]))
        #expect(ElidedOutput.matches(["start", "...", "end"], ["start", "a", "b", "end"]))
        #expect(!ElidedOutput.matches(["start", "...", "end"], ["start", "a", "b"]))
        #expect(ElidedOutput.matches(["...", "last"], ["x", "last"]))
        #expect(ElidedOutput.matches(["took [..] in total"], ["took 12 ms in total"]))
        #expect(ElidedOutput.matches(["[..]: ok [..]"], ["first: ok (3)"]))
        #expect(!ElidedOutput.matches(["took [..] in total"], ["took 12 ms"]))
        #expect(ElidedOutput.matches(["a [..] b [..] c"], ["a 1 b 2 c"]))
        #expect(!ElidedOutput.matches(["a [..] b [..] c"], ["a 1 c 2 b"]))
    }

    private func snippet(_ page: String) -> Snippet {
        SnippetScanner.snippets(
            in: MarkdownDocument(parsing: page, path: "p.md").codeBlocks(), sourcePath: "p.md", displayPath: "p.md"
        ).snippets[0]
    }

    @Test("The check compares after the filters and with the elisions")
    func verdicts() {
        let page = "```swift\n```\n\n```output\nstarting\n...\ndone in 20 ms\n```\n"
        let result = SnippetResult(status: .exited(0), standardOutput: CapturedOutput(text: "starting\nstep 1\nstep 2\ndone in 31 ms\n"))
        #expect(SnippetVerdict(snippet: snippet(page), result: result).kind == .failed)
        let filtered = SnippetVerdict(snippet: snippet(page), result: result, filters: OutputFilters(normalizers: [.durations]))
        #expect(filtered.kind == .passed)
        let wrong = SnippetResult(status: .exited(0), standardOutput: CapturedOutput(text: "starting\nfailed after 31 ms\n"))
        let failed = SnippetVerdict(snippet: snippet(page), result: wrong, filters: OutputFilters(normalizers: [.durations]))
        #expect(failed.kind == .failed)
        #expect(failed.message.hasSuffix("even after its filters"))
    }

    @Test("A fence's own normalisers apply to its snippet alone, with the site's")
    func fenceNormalizers() {
        let page = "```swift normalize=addresses\n```\n\n```output\nat 0x1000 after 5 ms\n```\n"
        let result = SnippetResult(status: .exited(0), standardOutput: CapturedOutput(text: "at 0x7ffee000 after 9 ms\n"))
        #expect(SnippetVerdict(snippet: snippet(page), result: result).kind == .failed)
        #expect(SnippetVerdict(snippet: snippet(page), result: result, filters: OutputFilters(normalizers: [.durations])).kind == .passed)
        let plain = "```swift\n```\n\n```output\nat 0x1000\n```\n"
        let moved = SnippetResult(status: .exited(0), standardOutput: CapturedOutput(text: "at 0x2000\n"))
        #expect(SnippetVerdict(snippet: snippet(plain), result: moved).kind == .failed)
        // Bless leaves a block that matches after the fence's normaliser as it is.
        let blessed = Blesser.bless(source: Array(page.utf8), results: [(snippet(page), result)], filters: OutputFilters(normalizers: [.durations]))
        #expect(blessed.bytes == Array(page.utf8))
    }

    @Test("Bless keeps the elided and normalised lines of an output block that still match")
    func blessKeepsElisions() {
        let page = "```swift\n```\n\n```output\nstarting\n...\ntook [duration]\nend\n```\n"
        let result = SnippetResult(status: .exited(0), standardOutput: CapturedOutput(text: "starting\na\nb\ntook 13 ms\nfinish\n"))
        let update = Blesser.bless(
            source: Array(page.utf8), results: [(snippet(page), result)], filters: OutputFilters(normalizers: [.durations])
        )
        #expect(update.text == "```swift\n```\n\n```output\nstarting\n...\ntook [duration]\nfinish\n```\n")
        // A block that matches after its filters is left byte for byte.
        let same = "```swift\n```\n\n```output\ntook 12 ms\n```\n"
        let again = Blesser.bless(
            source: Array(same.utf8), results: [(snippet(same), SnippetResult(status: .exited(0), standardOutput: CapturedOutput(text: "took 99 ms\n")))],
            filters: OutputFilters(normalizers: [.durations])
        )
        #expect(again.bytes == Array(same.utf8))
    }
}
