import Foundation
import _GalleyTestSupport

/// Writes a reproducible corpus of documentation pages: headings, prose with links to other
/// pages and anchors, lists, HTML tables, Swift and other code blocks; about 20 KB each.
struct CorpusGenerator {
    var pages: Int
    var folders = 10
    /// The info string of the Swift blocks: `swift` runs them, `swift ignore` only shows them.
    var swiftInfo = "swift"

    struct Corpus {
        var files: [String]
        var bytes: Int
    }

    func write(into folder: URL) throws -> Corpus {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("title: Benchmark\n".utf8).write(to: folder.appending(path: "site.yml"))
        var random = SeededGenerator(seed: 42)
        var files: [String] = []
        var bytes = 0
        for index in 0..<pages {
            let path = self.path(of: index)
            let text = page(index, random: &random)
            let url = folder.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            files.append(path)
            bytes += text.utf8.count
        }
        return Corpus(files: files, bytes: bytes)
    }

    private func path(of index: Int) -> String {
        "part-\(index % folders)/page-\(index).md"
    }

    private func page(_ index: Int, random: inout SeededGenerator) -> String {
        var text = "---\ntitle: Page \(index)\norder: \(index / folders)\ndate: 2026-01-\(String(format: "%02d", index % 28 + 1))\n---\n# Page \(index)\n\n"
        var section = 0
        while text.utf8.count < 20_000 {
            section += 1
            text += "## Section \(section) of page \(index)\n\n"
            for _ in 0..<3 { text += paragraph(random: &random) + "\n\n" }
            let target = Int(random.next() % UInt64(pages))
            let link = "../part-\(target % folders)/page-\(target).md#section-1-of-page-\(target)"
            text += "Continue with [page \(target)](\(link)) or read [this section](#section-\(section)-of-page-\(index)).\n\n"
            text += "### Details \(section)\n\n"
            for item in 0..<4 { text += "- item \(item): \(words(8, random: &random)) with `code\(item)`\n" }
            text += "\n<table><tr><th>Name</th><th>Value</th></tr><tr><td>\(words(2, random: &random))</td><td>\(random.next() % 1000)</td></tr></table>\n\n"
            switch section % 3 {
            case 0:
                // Every Swift block differs from every other, as on a real site: a build that
                // reused highlighting across identical blocks would otherwise look faster than
                // it is.
                text += "```\(swiftInfo)\nfunc compute\(section)OnPage\(index)(_ values: [Int]) async throws -> Int {\n    // Sum the values after a pause.\n    try await Task.sleep(for: .milliseconds(\(section + index)))\n    return values.reduce(0, +) * \(section)\n}\nlet label = \"page \(index), section \\(\(section))\"\n```\n\n"
            case 1:
                text += "```python\ndef compute(values):\n    return sum(values) * \(section)\n```\n\n"
            default:
                text += "```sh\nswift build -c release && echo done \(section)\n```\n\n"
            }
        }
        return text
    }

    private func paragraph(random: inout SeededGenerator) -> String {
        "The \(words(12, random: &random)) *emphasised* and **strong** text, then \(words(20, random: &random))."
    }

    private static let vocabulary = [
        "task", "actor", "await", "suspension", "callback", "future", "promise", "event", "loop", "stream",
        "cancellation", "deadline", "continuation", "executor", "isolation", "sendable", "value", "result",
        "error", "queue", "thread", "group", "child", "parent", "priority", "timeout", "buffer", "signal",
    ]

    private func words(_ count: Int, random: inout SeededGenerator) -> String {
        (0..<count).map { _ in Self.vocabulary[Int(random.next() % UInt64(Self.vocabulary.count))] }.joined(separator: " ")
    }
}
