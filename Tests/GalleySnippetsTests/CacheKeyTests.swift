import Foundation
import GalleyMarkdown
import Testing

@testable import GalleySnippets

/// The cache key holds everything that changes a program's result and nothing that does not:
/// an edit of the prose around a snippet keeps its key, a new compiler or limit does not.
@Suite("Result cache keys")
struct CacheKeyTests {
    private let compiler = CompilerIdentity(path: "/usr/bin/swiftc", version: "Swift version 6.2 (swift-6.2-RELEASE)")

    private func program(_ page: String) throws -> SnippetProgram {
        let blocks = MarkdownDocument(parsing: page, path: "page.md").codeBlocks()
        let snippets = SnippetScanner.snippets(in: blocks, sourcePath: "page.md", displayPath: "page.md").snippets
        return try #require(SnippetProgram.programs(for: snippets, sourceFile: "page.md").programs.first)
    }

    private var settings: RunnerSettings { RunnerSettings(stateFolder: URL(filePath: "/tmp/unused/.galley")) }

    private let page = "# Page\n\n```swift\nprint(\"hello\")\n```\n"

    @Test("Prose edits above a snippet keep its key")
    func proseKeepsTheKey() throws {
        let before = ResultCache.key(for: try program(page), compiler: compiler, settings: settings)
        let moved = "# Page\n\nA paragraph\nthat pushes\nthe snippet down.\n\n```swift\nprint(\"hello\")\n```\n"
        #expect(ResultCache.key(for: try program(moved), compiler: compiler, settings: settings) == before)
    }

    @Test(
        "A different compiler, flag, mode, timeout or limit is a different key",
        arguments: [
            "compiler path", "compiler version", "site flags", "program flags", "mode", "fence timeout", "default timeout",
            "compile timeout", "output limit", "memory limit", "sandbox", "source",
        ]
    )
    func everythingThatChangesAResult(change: String) throws {
        let base = ResultCache.key(for: try program(page), compiler: compiler, settings: settings)
        var compiler = compiler
        var settings = settings
        var changedPage = page
        switch change {
        case "compiler path": compiler.path = "/opt/swift/bin/swiftc"
        case "compiler version": compiler.version = "Swift version 6.3-dev"
        case "site flags": settings.compilerFlags = ["-Onone"]
        case "program flags": changedPage = "# Page\n\n```swift flags=\"-swift-version 5\"\nprint(\"hello\")\n```\n"
        case "mode": changedPage = "# Page\n\n```swift crash\nprint(\"hello\")\n```\n"
        case "fence timeout": changedPage = "# Page\n\n```swift timeout=3\nprint(\"hello\")\n```\n"
        case "default timeout": settings.defaultTimeout += 1
        case "compile timeout": settings.compileTimeout += 1
        case "output limit": settings.outputLimit += 1
        case "memory limit": settings.memoryLimitMiB += 1
        case "sandbox": settings.sandbox = SnippetSandbox(hiddenFolders: [], processLimit: 64)
        case "source": changedPage = "# Page\n\n```swift\nprint(\"hello!\")\n```\n"
        default: Issue.record("unknown change \(change)")
        }
        #expect(ResultCache.key(for: try program(changedPage), compiler: compiler, settings: settings) != base)
    }
}
