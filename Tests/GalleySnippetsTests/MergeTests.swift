import Foundation
import GalleyMarkdown
import Testing
import _GalleyTestSupport

@testable import GalleySnippets

#if canImport(Glibc)
import Glibc
#endif

/// Merged compilation with real `swiftc`: programs compiled several to one module must end,
/// print and fail exactly as they do compiled alone.
@Suite("Merged compilation", .serialized)
struct MergeTests {
    private func programs(_ page: String, path: String = "page.md") -> [SnippetProgram] {
        let blocks = MarkdownDocument(parsing: page, path: path).codeBlocks()
        let snippets = SnippetScanner.snippets(in: blocks, sourcePath: path, displayPath: path).snippets
        return SnippetProgram.programs(for: snippets, sourceFile: path).programs
    }

    /// Runs `programs` merged and alone, each in a fresh cache.
    private func bothWays(
        _ programs: [SnippetProgram], outputLimit: Int = 1 << 20
    ) async throws -> (merged: SnippetRunner.Report, alone: SnippetRunner.Report) {
        func run(merge: Bool) async throws -> SnippetRunner.Report {
            let folder = try TemporaryFolder()
            var settings = RunnerSettings(stateFolder: folder.url.appending(path: ".galley"))
            settings.jobs = 2
            settings.merge = merge
            settings.outputLimit = outputLimit
            return try await SnippetRunner(settings: settings).runReporting(programs)
        }
        return (try await run(merge: true), try await run(merge: false))
    }

    /// What a program did that its page can show: how it ended and what each block printed
    /// (a crash's standard error as its short report).
    private func observable(_ run: SnippetRunner.Run) -> String {
        switch run.result {
        case .failure(let failure): return "galley failure \(failure.code)"
        case .success(let outcome):
            let blocks = outcome.blocks.map { block in
                // A flood is compared by its length and hash, so a failure prints a short line.
                let output = block.standardOutput.text
                let shown = output.count > 200 ? "\(output.count) characters hashed \(output.hashValue)" : output.debugDescription
                return "out=\(shown) cut=\(block.standardOutput.isTruncated) err=\(CrashReport.summary(of: block.standardError.text).debugDescription)"
            }
            return "\(outcome.termination) \(blocks.joined(separator: " | "))"
        }
    }

    @Test("Programs that declare the same names merge, in different modules, and each prints its own, as alone")
    func sameNames() async throws {
        let page = """
            ```swift
            struct Point { var x: Int }
            func describe(_ p: Point) -> String { "first \\(p.x)" }
            print(describe(Point(x: 1)), [Point(x: 1)])
            ```

            ```swift
            struct Point { var x: Int; var y: Int }
            func describe(_ p: Point) -> String { "second \\(p.x),\\(p.y)" }
            print(describe(Point(x: 2, y: 3)), [Point(x: 2, y: 3)], Optional(Point(x: 4, y: 5)) as Any)
            ```

            ```swift
            print("neither")
            ```

            ```swift
            print("nor")
            ```
            """
        let planned = programs(page)
        let (merged, alone) = try await bothWays(planned)
        #expect(merged.merged == 4 && merged.alone == 0)
        #expect(merged.batches == 2)
        #expect(merged.runs.map(observable) == alone.runs.map(observable))
        #expect(merged.runs[0].outcome?.blocks[0].standardOutput.text == "first 1 [main.Point(x: 1)]\n")
        #expect(merged.runs[1].outcome?.blocks[0].standardOutput.text == "second 2,3 [main.Point(x: 2, y: 3)] Optional(main.Point(x: 4, y: 5))\n")
    }

    @Test("Extensions, protocols and conformances print the same merged as alone")
    func extensionsAndProtocols() async throws {
        let page = """
            ```swift
            protocol Describable { var summary: String { get } }
            struct Account { var owner: String; var cents: Int }
            extension Account: Describable { var summary: String { "\\(owner): \\(cents) cents" } }
            extension Int: Describable { var summary: String { "the number \\(self)" } }
            extension String { var shouted: String { uppercased() + "!" } }
            infix operator <+>: AdditionPrecedence
            func <+> (lhs: Account, rhs: Int) -> Account { Account(owner: lhs.owner, cents: lhs.cents + rhs) }
            let items: [any Describable] = [Account(owner: "ada", cents: 5) <+> 10, 7]
            for item in items { print(item.summary) }
            print("hi".shouted)
            ```

            ```swift
            extension Int { var doubled: Int { self * 2 } }
            print(21.doubled)
            ```

            ```swift
            extension Int: @retroactive Identifiable { public var id: Int { self } }
            print(3.id)
            ```
            """
        let planned = programs(page)
        #expect(MergeAnalysis(planned[0]).isMergeable)
        #expect(MergeAnalysis(planned[1]).isMergeable)
        #expect(MergeAnalysis(planned[2]).standaloneReason == .externalConformance)
        let (merged, alone) = try await bothWays(planned)
        #expect(merged.merged == 2 && merged.alone == 1)
        #expect(merged.runs.map(observable) == alone.runs.map(observable))
        #expect(merged.runs[0].outcome?.blocks[0].standardOutput.text == "ada: 15 cents\nthe number 7\nHI!\n")
    }

    @Test("One broken program among ten is reported at its line as when alone, and the nine others pass")
    func brokenProgram() async throws {
        var page = ""
        for index in 0..<10 {
            let body = index == 6 ? "let total: Int = \"six\"\nprint(total)" : "let value\(index) = \(index) * 2\nprint(value\(index))"
            page += "```swift\n\(body)\n```\n\n"
        }
        let planned = programs(page)
        let (merged, alone) = try await bothWays(planned)
        #expect(merged.splitOut == 1)
        #expect(merged.merged == 9)
        #expect(merged.runs[6].outcome?.termination == .compileFailed)
        #expect(merged.runs[6].outcome?.compilerOutput == alone.runs[6].outcome?.compilerOutput)
        #expect(merged.runs[6].outcome?.compilerOutput.contains("page.md:32:18: error:") == true)
        #expect(merged.runs.map(observable) == alone.runs.map(observable))
        for index in 0..<10 where index != 6 {
            #expect(merged.runs[index].outcome?.blocks[0].standardOutput.text == "\(index * 2)\n")
        }
    }

    @Test("A batch that fails with errors naming no program is halved until each part compiles; every verdict is the one alone")
    func unattributedFailureHalves() async throws {
        // A compiler that fails any module of several files holding the marked program, with an
        // error that names no file, as a linker might; alone, the marked program compiles.
        let folder = try TemporaryFolder()
        let real = try #require(ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map { "\($0)/swiftc" }
            .first { FileManager.default.isExecutableFile(atPath: $0) })
        let compiler = folder.url.appending(path: "swiftc")
        try """
            #!/bin/sh
            files=0; marked=0
            for argument in "$@"; do
              case "$argument" in *.swift) files=$((files + 1)); if grep -q GALLEY_MARKED "$argument"; then marked=1; fi;; esac
            done
            echo "$files $marked" >> "\(folder.url.path)/calls"
            if [ $marked = 1 ] && [ $files -gt 2 ]; then echo "error: linking failed for a reason no file names" >&2; exit 1; fi
            exec "\(real)" "$@"
            """.write(to: compiler, atomically: true, encoding: .utf8)
        chmod(compiler.path, 0o755)
        var page = ""
        for index in 0..<8 {
            page += "```swift\n" + (index == 5 ? "let marker = \"GALLEY_MARKED\"\nprint(marker.count)" : "print(\(index))") + "\n```\n\n"
        }
        let planned = programs(page)
        func run(merge: Bool) async throws -> SnippetRunner.Report {
            let state = try TemporaryFolder()
            var settings = RunnerSettings(stateFolder: state.url.appending(path: ".galley"))
            settings.compiler = compiler.path
            settings.jobs = 1
            settings.merge = merge
            return try await SnippetRunner(settings: settings).runReporting(planned)
        }
        let merged = try await run(merge: true)
        let alone = try await run(merge: false)
        #expect(merged.runs.map(observable) == alone.runs.map(observable))
        #expect(merged.runs[5].outcome?.blocks[0].standardOutput.text == "13\n")
        for index in 0..<8 where index != 5 { #expect(merged.runs[index].outcome?.blocks[0].standardOutput.text == "\(index)\n") }
        // The module of eight failed, and so did the halves holding the marked program (four,
        // then two); the last two halves were compiled alone, the other six stayed merged.
        let calls = try String(contentsOf: folder.url.appending(path: "calls"), encoding: .utf8).split(separator: "\n")
        #expect(calls.filter { $0.hasSuffix(" 1") && Int($0.split(separator: " ")[0])! > 2 }.count >= 2, "\(calls)")
        #expect(merged.alone == 2 && merged.splitOut == 2, "\(merged.summary)")
        #expect(merged.merged == 6, "\(merged.summary)")
    }

    @Test("Crash, exit status, timeout, standard input and the output cap are the same merged as alone")
    func endings() async throws {
        let page = """
            ```swift crash
            func explode(_ values: [Int]) -> Int { values[5] }
            print("before")
            print(explode([1]))
            ```

            ```swift exit=3
            import Foundation
            print("leaving")
            exit(3)
            ```

            ```swift timeout=1
            print("looping")
            while true {}
            ```

            ```swift
            print(readLine() == nil ? "stdin is at end of file" : "stdin had data")
            ```

            ```swift nocheck
            let chunk = String(repeating: "x", count: 1023) + "\\n"
            for _ in 0..<(2 * 1024) { print(chunk, terminator: "") }
            ```

            ```swift
            @MainActor func onMain() -> Bool { true }
            print("main actor:", onMain())
            ```
            """
        let planned = programs(page)
        let (merged, alone) = try await bothWays(planned, outputLimit: 64 * 1024)
        #expect(merged.merged == planned.count)
        #expect(merged.runs.map(observable) == alone.runs.map(observable))
        #expect(merged.runs[0].outcome?.termination == .signalled(4))
        #expect(merged.runs[1].outcome?.termination == .exited(3))
        #expect(merged.runs[2].outcome?.termination == .timedOut(seconds: 1))
        #expect(merged.runs[3].outcome?.blocks[0].standardOutput.text == "stdin is at end of file\n")
        #expect(merged.runs[4].outcome?.blocks[0].standardOutput.isTruncated == true)
    }

    @Test("A session merges; a standalone snippet and a compile-fail one are compiled alone")
    func sessionsAndOptOuts() async throws {
        let page = """
            ```swift session=ledger
            struct Entry { var cents: Int }
            var entries: [Entry] = []
            entries.append(Entry(cents: 5))
            print("one entry")
            ```

            ```swift session=ledger
            entries.append(Entry(cents: 7))
            print("total", entries.reduce(0) { $0 + $1.cents })
            ```

            ```swift standalone
            print(#fileID)
            ```

            ```swift compile-fail
            let broken: Int = "no"
            ```

            ```swift
            print("plain")
            ```
            """
        let planned = programs(page)
        let (merged, alone) = try await bothWays(planned)
        #expect(merged.merged == 2 && merged.alone == 2)
        #expect(merged.runs.map(observable) == alone.runs.map(observable))
        let session = try #require(merged.runs[0].outcome)
        #expect(session.blocks.map(\.standardOutput.text) == ["one entry\n", "total 12\n"])
    }

    @Test("Programs whose own protocols reach a standard type through a conformance go into different modules")
    func protocolExtensionsOnStandardTypes() async throws {
        let page = """
            ```swift
            protocol Describable { var summary: String { get } }
            extension Int: Describable { var summary: String { "#\\(self)" } }
            extension Describable { var shout: String { summary.uppercased() } }
            print(7.shout)
            ```

            ```swift
            protocol Labelled { var caption: String { get } }
            extension Int: Labelled { var caption: String { "n\\(self)" } }
            extension Labelled { var shout: String { caption.uppercased() } }
            print(8.shout)
            ```

            ```swift
            print("plain")
            ```

            ```swift
            print("also plain")
            ```
            """
        let planned = programs(page)
        let (merged, alone) = try await bothWays(planned)
        #expect(merged.splitOut == 0, "\(merged.summary)")
        #expect(merged.merged == 4 && merged.batches == 2, "\(merged.summary)")
        #expect(merged.runs.map(observable) == alone.runs.map(observable))
    }

    @Test("A fence's flags reach the compiler; programs merge only with programs of the same flags")
    func flagsSplitBatches() async throws {
        let languageMode = """
            let mode: String = {
                #if swift(>=6)
                return "six"
                #else
                return "five"
                #endif
            }()
            """
        let page = """
            ```swift flags="-swift-version 5"
            \(languageMode)
            print("first", mode)
            ```

            ```swift flags="-swift-version 5"
            \(languageMode)
            print("second", mode)
            ```

            ```swift
            \(languageMode)
            print("third", mode)
            ```

            ```swift
            print("plain")
            ```
            """
        let planned = programs(page)
        #expect(planned.map(\.compilerFlags) == [["-swift-version", "5"], ["-swift-version", "5"], [], []])
        let (merged, alone) = try await bothWays(planned)
        #expect(merged.merged == 4 && merged.batches == 2, "\(merged.summary)")
        #expect(merged.runs.map(observable) == alone.runs.map(observable))
        #expect(merged.runs.compactMap(\.outcome).map { $0.blocks[0].standardOutput.text } == ["first five\n", "second five\n", "third six\n", "plain\n"])
        // The flags are part of the key: the same code with other flags is another program.
        let compiler = CompilerIdentity(path: "/usr/bin/swiftc", version: "6")
        let settings = RunnerSettings(stateFolder: URL(filePath: "/tmp/unused"))
        var unflagged = planned[0]
        unflagged.snippets[0].attributes.compilerFlags = []
        #expect(
            ResultCache.key(for: planned[0], compiler: compiler, settings: settings)
                != ResultCache.key(for: unflagged, compiler: compiler, settings: settings)
        )
    }
}
