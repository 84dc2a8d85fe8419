import Foundation
import _GalleyTestSupport

/// `galley-bench bless-fuzz`: blesses generated pages (snippets and output blocks in block
/// quotes, list items and both, every fence style, tabs, CRLF) and fails on the first page
/// where bless changes anything but output blocks, writes something else than was printed,
/// or changes the page again on a second run.
struct BlessFuzz {
    let documents: Int
    let firstSeed: UInt64

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        var total = BlessProperty.Outcome()
        for seed in firstSeed..<(firstSeed + UInt64(documents)) {
            let page = BlessDocumentGenerator.document(seed: seed)
            let outcome = BlessProperty.check(page)
            total.snippets += outcome.snippets
            total.written += outcome.written
            total.writtenNested += outcome.writtenNested
            total.refused += outcome.refused
            guard outcome.problems.isEmpty else {
                print("seed \(seed) breaks bless:")
                print(String(decoding: page.source, as: UTF8.self))
                print("--")
                print(outcome.problems.joined(separator: "\n"))
                throw FuzzFailure(seed: seed)
            }
        }
        let seconds = Double((clock.now - start).components.seconds) + Double((clock.now - start).components.attoseconds) / 1e18
        print(
            "bless-fuzz: \(documents) pages, \(total.snippets) snippets, \(total.written) output blocks written (\(total.writtenNested) in quotes or lists), \(total.refused) refused for unclosed fences; every property held (\(String(format: "%.1f", seconds)) s)"
        )
    }

    struct FuzzFailure: Error, CustomStringConvertible {
        var seed: UInt64
        var description: String { "bless-fuzz failed at seed \(seed)" }
    }
}
