import Foundation
@testable import GalleyMarkdown
import SwiftIDEUtils
import SwiftParser
import SwiftSyntax
import Testing

@Suite("Swift highlighting")
struct SwiftHighlighterTests {
    @Test("Tokens are classified by swift-syntax")
    func tokens() {
        let html = SwiftHighlighter.highlight(
            "/// Doc\n@MainActor func load(from url: String) async throws -> Int { 42 + 1.5 }\n"
        )
        #expect(html.contains(#"<span class="hl-doc-comment">/// Doc</span>"#))
        #expect(html.contains(#"<span class="hl-attribute">MainActor</span>"#) || html.contains(#"<span class="hl-attribute">@MainActor</span>"#))
        #expect(html.contains(#"<span class="hl-keyword">func</span>"#))
        #expect(html.contains(#"<span class="hl-keyword">async</span>"#))
        #expect(html.contains(#"<span class="hl-type">String</span>"#))
        #expect(html.contains(#"<span class="hl-number">42</span>"#))
        #expect(html.contains(#"<span class="hl-number">1.5</span>"#))
    }

    @Test("Highlighting keeps every character of the source, escaped")
    func lossless() {
        let source = "let s = \"a < b && c\"\nlet ü = 1 // ünïcode\n\tprint(s)\n"
        let html = SwiftHighlighter.highlight(source)
        var stripped = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true; continue }
            if character == ">" { inTag = false; continue }
            if !inTag { stripped.append(character) }
        }
        let unescaped = stripped.replacing("&lt;", with: "<").replacing("&gt;", with: ">").replacing("&amp;", with: "&")
        #expect(unescaped == source)
    }

    /// Sources that reach every rule of the classification: contextual kinds (types, labels,
    /// modifiers, attributes, `#if`, operators, precedence groups, availability), every kind
    /// of literal and comment, placeholders, and broken code with missing and unexpected tokens.
    static let classifierSources = [
        "",
        "   \n",
        "#!/usr/bin/env swift\nprint(1)",
        "/// Doc\n/** Block doc */\n// line\n/* block */ let x: Int = 0x1F + 1.5e3 - 0b101",
        "@MainActor @available(macOS 14, iOS 17.0, *) public final class A<T: Equatable>: B, @unchecked Sendable { private(set) var t: [T] = [] }",
        "@attached(member, names: named(init)) macro M() = #externalMacro(module: \"X\", type: \"Y\")",
        "#if os(Linux) && DEBUG\nimport Glibc\n#elseif canImport(Darwin)\nimport Darwin\n#else\nlet none = 0\n#endif",
        "infix operator <*> : AdditionPrecedence\nprecedencegroup P { higherThan: AdditionPrecedence associativity: left assignment: true }",
        "prefix operator √\npostfix func ++ (x: inout Int) {}\nlet y = -x! ?? x?.y ?? 0",
        "func f(_ a: Int, label b: String = \"s\\(a + 1)\", c: Swift.Result<Int, any Error>) async throws(E) -> some P { f(1, label: #\"raw \\#(a)\"#, c: .success($0)) }",
        "let s = \"\"\"\n  multi \\(line)\n  \"\"\"\nlet r = /a+b*/\nlet r2 = #/x\\/y/#\nlet c: Character = \"c\"",
        "if #available(macOS 14, *) {} else if #unavailable(iOS 17) {}\n#sourceLocation(file: \"f\", line: 1)\n#sourceLocation()",
        "let p = <#placeholder#> + <#T##Int#>",
        "let ü = \"ünïcode 🎉\" // ünïcode comment",
        "func broken( {\n  let = \n  } }} ) class",
        "let x = 'a' \\ @ `y` ; struct `Z` {}",
        "extension Array where Element == Int { subscript(i: Int) -> Int { get { self[i] } set {} } }",
        "for await line in url.lines { _ = try? await line.count; defer { } }",
        "let t = (a: 1, b: 2); switch t { case (let a, _) where a > 0: fallthrough default: break }",
    ]

    @Test("Galley's classifier gives SwiftIDEUtils' ranges", arguments: classifierSources)
    func classifierMatchesSwiftIDEUtils(source: String) {
        expectSameClassifications(source)
    }

    @Test("Galley's classifier gives SwiftIDEUtils' ranges on every Swift block of the guide")
    func classifierMatchesOnTheGuide() throws {
        let content = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "content")
        let files = try #require(FileManager.default.enumerator(atPath: content.path)?.allObjects as? [String])
        var blocks = 0
        for file in files where file.hasSuffix(".md") {
            let text = try String(contentsOf: content.appending(path: file), encoding: .utf8)
            for block in MarkdownDocument(parsing: text, path: file).codeBlocks() where block.language == "swift" {
                expectSameClassifications(block.code)
                blocks += 1
            }
        }
        #expect(blocks > 50)
    }

    private func expectSameClassifications(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let tree = Parser.parse(source: source)
        let expected = tree.classifications.map {
            SwiftClassifier.ClassifiedRange(kind: $0.kind, start: $0.range.lowerBound.utf8Offset, end: $0.range.upperBound.utf8Offset)
        }
        #expect(SwiftClassifier.classify(tree) == expected, "\(source)", sourceLocation: sourceLocation)
    }
}
