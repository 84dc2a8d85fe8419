import Foundation
@testable import GalleyMarkdown
import SwiftIDEUtils
import SwiftParser
import SwiftSyntax
import Testing
import _GalleyTestSupport

/// The highlighter classifies tokens itself, for speed; SwiftIDEUtils' `classifications`,
/// which it replaced, is the reference it must agree with on every byte.
@Suite("Swift token classification")
struct SwiftTokenClassifierTests {
    /// Code that reaches each of the contexts that change a token's class.
    static let contexts = [
        "@MainActor final class Model: @unchecked Sendable { nonisolated(unsafe) var count = 0 }\n",
        "@available(macOS 15, iOS 18, *)\n@_spi(Testing) public func f<T: Hashable>(_ x: T, label y: Int = 1) -> [T: Int] { [x: y] }\n",
        "@Observable.Tracked<Int, [String]> struct S {}\n@propertyWrapper struct W<Value> { var wrappedValue: Value }\n",
        "#if DEBUG && os(Linux) || canImport(Foundation)\nlet mode = \"debug\"\n#elseif compiler(>=6.0) && hasFeature(StrictConcurrency)\nlet mode = 1\n#else\nlet mode = 2.5\n#endif\n",
        "precedencegroup Power { associativity: right higherThan: MultiplicationPrecedence lowerThan: BitwiseShiftPrecedence }\ninfix operator **: Power\nprefix operator √\n",
        "let r = /a+(b*)c/\nlet raw = #\"a \\#(x) b\"#\nlet multi = \"\"\"\n  line \\(1 + 2)\n  \"\"\"\nlet c: Character = \"x\"\n",
        "/// Doc line\n/** Doc block */\n// line\n/* block /* nested */ */\nlet $x = 0x1F + 1_000 - 3e-2\nlet y = $0\n",
        "let p = <#placeholder#>\nfunc g() { print(<#T##value: Any##Any#>) }\n",
        "let v = Swift::print\nlet k = \\Model.count\nlet t = (a: 1, b: 2).a\nx?.y!.z = try! await f(x: 1)\n",
        "extension Array where Element == Int { subscript(safe i: Int) -> Int? { indices.contains(i) ? self[i] : nil } }\n",
        "for case let (a, b)? in pairs where a > b { _ = consume a; continue }\nswitch x { case .some(let y): break; default: fallthrough }\n",
        "actor A { isolated deinit {} ; func h(_ f: @Sendable @escaping () async throws(MyError) -> sending Int) {} }\n",
        "@#$%^ unterminated \"string\n/* unterminated comment\n",
        "#sourceLocation(file: \"a.swift\", line: 3)\n#sourceLocation()\n#warning(\"w\")\n#if\n#endif\n",
    ]

    @Test("Each context a token's class depends on is classified as SwiftIDEUtils does")
    func contextsAgree() {
        for source in Self.contexts {
            #expect(Self.classes(ours: source) == Self.classes(reference: source), "\(source)")
        }
    }

    @Test("Every snippet of the guide is classified as SwiftIDEUtils does")
    func guideAgrees() async throws {
        let sources = try Self.guideSwiftBlocks()
        #expect(sources.count >= 50, "the guide's Swift blocks were not found")
        for source in sources {
            #expect(Self.classes(ours: source) == Self.classes(reference: source), "\(source)")
            // Parsing is slow in a debug build: let the suite's timing-sensitive tests (a
            // server on the same two cores) have the cooperative threads between blocks.
            await Task.yield()
        }
    }

    @Test("Broken code — the guide's snippets cut short and with characters taken out — is classified as SwiftIDEUtils does")
    func brokenCodeAgrees() async throws {
        let sources = try Self.guideSwiftBlocks() + Self.contexts
        var random = SeededGenerator(seed: 7)
        var mismatches = 0
        for round in 0..<300 {
            await Task.yield()
            var bytes = Array(sources[round % sources.count].utf8)
            if round % 2 == 0 {
                bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count + 1))))
            } else {
                for _ in 0..<(1 + Int(random.next() % 6)) where !bytes.isEmpty {
                    bytes.remove(at: Int(random.next() % UInt64(bytes.count)))
                }
            }
            let source = String(decoding: bytes, as: UTF8.self)
            if Self.classes(ours: source) != Self.classes(reference: source) {
                mismatches += 1
                Issue.record("classes differ for \(source.debugDescription)")
                if mismatches > 5 { return }
            }
        }
    }

    @Test("The highlighted HTML wraps exactly the classified bytes")
    func htmlMatchesClasses() {
        let source = "@MainActor func f(x: Int) -> String { \"\\(x)\" } // done\n"
        let html = SwiftHighlighter.highlight(source)
        #expect(html.contains(#"<span class="hl-attribute">@MainActor</span>"#))
        #expect(html.contains(#"<span class="hl-label">x</span>"#))
        #expect(html.contains(#"<span class="hl-type">Int</span>"#))
        #expect(html.contains(#"<span class="hl-comment">// done</span>"#))
    }

    // MARK: - Comparing

    /// The CSS class of each byte of `source` in the highlighter's classification.
    static func classes(ours source: String) -> [String?] {
        var classes = [String?](repeating: nil, count: source.utf8.count)
        for classified in SwiftHighlighter.classifiedRanges(source) {
            for index in classified.range { classes[index] = classified.tokenClass.cssClass }
        }
        return classes
    }

    /// The CSS class of each byte of `source` in SwiftIDEUtils' classification, mapped to the
    /// theme's classes as the highlighter did when it used it.
    static func classes(reference source: String) -> [String?] {
        var classes = [String?](repeating: nil, count: source.utf8.count)
        for classified in Parser.parse(source: source).classifications {
            guard let cssClass = cssClass(classified.kind) else { continue }
            for index in classified.range.lowerBound.utf8Offset..<classified.range.upperBound.utf8Offset where index < classes.count {
                classes[index] = cssClass
            }
        }
        return classes
    }

    static func cssClass(_ kind: SyntaxClassification) -> String? {
        switch kind {
        case .keyword: "hl-keyword"
        case .type: "hl-type"
        case .identifier, .dollarIdentifier: "hl-identifier"
        case .stringLiteral: "hl-string"
        case .integerLiteral, .floatLiteral: "hl-number"
        case .lineComment, .blockComment: "hl-comment"
        case .docLineComment, .docBlockComment: "hl-doc-comment"
        case .operator: "hl-operator"
        case .attribute: "hl-attribute"
        case .ifConfigDirective: "hl-directive"
        case .regexLiteral: "hl-regex"
        case .argumentLabel: "hl-label"
        case .editorPlaceholder: "hl-placeholder"
        case .none: nil
        @unknown default: nil
        }
    }

    /// The code of every ```swift block of the repository's guide, read through cmark.
    static func guideSwiftBlocks() throws -> [String] {
        let content = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "content")
        let files = FileManager.default.enumerator(at: content, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "md" } ?? []
        var sources: [String] = []
        for file in files.sorted(by: { $0.path < $1.path }) {
            let document = try MarkdownDocument(parsing: String(contentsOf: file, encoding: .utf8), path: file.lastPathComponent)
            sources += document.codeBlocks().filter { $0.language == "swift" }.map(\.code)
        }
        return sources
    }
}
