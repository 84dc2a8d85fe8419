import Foundation
import _GalleyTestSupport

/// Measures the search index on the render benchmark's corpus, in one run:
///
/// 1. what writing the index adds to `galley build`: the corpus built with `search: true` and
///    with `search: false`, interleaved over several rounds, medians compared;
/// 2. in headless Chromium, on the built site served by a static server without compression,
///    what typing one word into the search box transfers (resource timing's `transferSize` of
///    the client and every index file) and how long results take to appear after each
///    keystroke: cold (the first search after the page loads) and warm (the keystrokes after).
struct SearchBenchmark {
    var pages: Int
    var rounds: Int
    var word: String
    /// Fresh page loads in the browser, each typing the word once.
    var loads = 5

    /// Targets of issue 13.
    static let buildTarget = 1.10
    static let transferTarget = 150_000
    static let latencyTarget = 50.0

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "galley-bench-search-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let withSearch = folder.appending(path: "content")
        let withoutSearch = folder.appending(path: "content-without-search")
        let corpus = try CorpusGenerator(pages: pages).write(into: withSearch)
        try FileManager.default.copyItem(at: withSearch, to: withoutSearch)
        try Data("title: Benchmark\nsearch: false\n".utf8).write(to: withoutSearch.appending(path: "site.yml"))
        let templates = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "templates").path
        say("Corpus: \(pages) pages, \(format(Double(corpus.bytes) / 1_048_576)) MiB of Markdown in \(folder.path)")

        // 1. The build, with and without the index.
        let galley = galleyExecutable()
        func arguments(_ content: URL, _ output: String) -> [String] {
            ["build", "--content", content.path, "--templates", templates, "--output", folder.appending(path: output).path, "--quiet", "--no-run"]
        }
        let with = arguments(withSearch, "_site")
        let without = arguments(withoutSearch, "_site-without-search")
        for warmUp in [with, without] { try require(measure(galley, warmUp), folder: folder) }
        var withTimes: [Double] = []
        var withoutTimes: [Double] = []
        for round in 0..<rounds {
            // Alternating which goes first, so neither always follows the other.
            let order = round.isMultiple(of: 2) ? [true, false] : [false, true]
            for indexes in order {
                let seconds = try require(measure(galley, indexes ? with : without), folder: folder).seconds
                if indexes { withTimes.append(seconds) } else { withoutTimes.append(seconds) }
            }
        }
        let withMedian = median(withTimes)
        let withoutMedian = median(withoutTimes)
        let ratio = withMedian / withoutMedian
        say("galley build without the index (median of \(rounds)): \(format(withoutMedian, 3)) s")
        say("galley build with the index (median of \(rounds)):    \(format(withMedian, 3)) s")
        say("ratio: \(format(ratio, 3))x (+\(format((ratio - 1) * 100, 1)) %)")

        let site = folder.appending(path: "_site")
        let index = try indexSizes(site.appending(path: "galley-search"))
        say(
            "index: \(index.files) files, \(format(Double(index.bytes) / 1_048_576)) MiB: manifest \(index.manifest) B, \(index.chunks) chunks "
                + "(largest \(index.largestChunk) B), \(index.records) page records (median \(index.medianRecord) B)"
        )

        // 2. The browser.
        guard Chromium.executable != nil else {
            say("no chromium on PATH — transfer and latency not measured")
            report(ratio: ratio, transfer: nil, cold: [], warm: [])
            return
        }
        let server = try StaticFileServer(folder: site)
        defer { server.stop() }
        let browser = try Chromium(profile: folder.appending(path: "chromium-profile"))
        var transfers: [Transfer] = []
        var cold: [Double] = []
        var warm: [Double] = []
        var coldComplete: [Double] = []
        do {
            let page = try await browser.openPage()
            for _ in 0..<loads {
                let load = try await typeWord(on: page, at: server.baseURL.appending(path: "part-3/page-503/"))
                transfers.append(load.transfer)
                cold.append(load.latencies[0])
                warm += load.latencies.dropFirst()
                coldComplete += load.completeLatencies.prefix(1)
            }
            let shown = try await page.evaluate("Array.from(document.querySelectorAll('.search-result-title'), title => title.textContent).join(', ')", as: String.self)
            say("results for `\(word)`: \(shown ?? "none")")
            try await saveScreenshot(page)
        } catch {
            await browser.close()
            throw error
        }
        await browser.close()

        let transfer = transfers.max { $0.total < $1.total }!
        say(
            "one-word search `\(word)`, typed a key at a time (largest of \(loads) loads): \(transfer.total) B transferred: client \(transfer.client) B, "
                + "manifest \(transfer.manifest) B, \(transfer.chunkCount) chunks \(transfer.chunks) B, \(transfer.recordCount) page records \(transfer.records) B "
                + "(bodies \(transfer.bodies) B, the rest headers)"
        )
        say("keystroke to results, cold (first search after load, \(loads) loads): median \(format(median(cold), 1)) ms, max \(format(cold.max() ?? 0, 1)) ms")
        say("keystroke to results, warm (\(warm.count) later keystrokes): median \(format(median(warm), 1)) ms, max \(format(warm.max() ?? 0, 1)) ms")
        if !coldComplete.isEmpty {
            say("keystroke to the whole list of results, cold: median \(format(median(coldComplete), 1)) ms, max \(format(coldComplete.max() ?? 0, 1)) ms")
        }
        report(ratio: ratio, transfer: transfer.total, cold: cold, warm: warm)
    }

    private func report(ratio: Double, transfer: Int?, cold: [Double], warm: [Double]) {
        func verdict(_ met: Bool) -> String { met ? "met" : "MISSED" }
        var targets = ["build +\(format((ratio - 1) * 100, 1)) % ≤ 10 % [\(verdict(ratio <= Self.buildTarget))]"]
        if let transfer {
            targets.append("one-word search \(transfer) B ≤ 150 kB [\(verdict(transfer <= Self.transferTarget))]")
            let slowest = (cold + warm).max() ?? 0
            targets.append("results ≤ 50 ms after a keystroke, slowest \(format(slowest, 1)) ms [\(verdict(slowest <= Self.latencyTarget))]")
        }
        say("targets: " + targets.joined(separator: "; "))
    }

    // MARK: - The browser side

    /// What a page load and one typed word fetched, in bytes as resource timing reports them.
    struct Transfer {
        var client = 0
        var manifest = 0
        var chunks = 0
        var chunkCount = 0
        var records = 0
        var recordCount = 0
        var bodies = 0
        var total: Int { client + manifest + chunks + records }
    }

    /// Loads `url`, presses `/`, types the word a key at a time and returns what was fetched
    /// and, for each keystroke that searched (the second on), the milliseconds from its
    /// `keydown` to the results in the page.
    private func typeWord(on page: ChromiumPage, at url: URL) async throws -> (transfer: Transfer, latencies: [Double], completeLatencies: [Double]) {
        try await page.navigate(to: url, timeout: .seconds(30))
        guard try await page.wait(until: "document.querySelector('.search:not([hidden])') !== null", timeout: .seconds(10)) else {
            throw ChromiumError("the search box did not appear on \(url.absoluteString)")
        }
        let instrument = """
            (() => {
              performance.setResourceTimingBufferSize(10000);
              window.__bench = { keys: [], results: [] };
              const input = document.querySelector('.search-input');
              input.addEventListener('keydown', () => window.__bench.keys.push(performance.now()), true);
              document.querySelector('.search').addEventListener('galley-search-results',
                event => window.__bench.results.push([event.detail.query, performance.now(), event.detail.complete ? 1 : 0]));
              return true;
            })()
            """
        _ = try await page.evaluate(instrument, as: Bool.self)
        try await page.type("/")
        for (typed, character) in word.enumerated() {
            try await page.type(String(character))
            let query = ChromiumPage.javaScriptLiteral(String(word.prefix(typed + 1)))
            if typed >= 1 {
                guard try await page.wait(until: "window.__bench.results.some(result => result[0] === \(query))", timeout: .seconds(10)) else {
                    throw ChromiumError("no results for \(query)")
                }
            }
            // About the pace of a quick typist.
            try await Task.sleep(for: .milliseconds(120))
        }
        struct Timings: Decodable, Sendable {
            var keys: [Double]
            var results: [[Entry]]
            var resources: [[Entry]]
            enum Entry: Decodable, Sendable {
                case text(String), number(Double)
                init(from decoder: any Decoder) throws {
                    let value = try decoder.singleValueContainer()
                    if let number = try? value.decode(Double.self) { self = .number(number) } else { self = .text(try value.decode(String.self)) }
                }
                var text: String { if case .text(let text) = self { text } else { "" } }
                var number: Double { if case .number(let number) = self { number } else { 0 } }
            }
        }
        let collect = """
            ({ keys: window.__bench.keys, results: window.__bench.results,
               resources: performance.getEntriesByType('resource').map(entry => [entry.name, entry.transferSize, entry.encodedBodySize]) })
            """
        guard let timings = try await page.evaluate(collect, as: Timings.self) else { throw ChromiumError("no timings") }
        // The first results may come before the whole list (the first records are shown as
        // soon as they arrive): both are timed.
        var latencies: [Double] = []
        var completeLatencies: [Double] = []
        for length in 2...word.count {
            let query = String(word.prefix(length))
            guard let result = timings.results.first(where: { $0.first?.text == query }), length - 1 < timings.keys.count else { continue }
            latencies.append(result[1].number - timings.keys[length - 1])
            if let complete = timings.results.first(where: { $0.first?.text == query && $0.count > 2 && $0[2].number == 1 }) {
                completeLatencies.append(complete[1].number - timings.keys[length - 1])
            }
        }
        var transfer = Transfer()
        for entry in timings.resources {
            let name = entry[0].text
            let size = Int(entry[1].number)
            let body = Int(entry[2].number)
            if name.contains("/assets/search.js") {
                transfer.client += size
            } else if name.contains("/galley-search/manifest.json") {
                transfer.manifest += size
            } else if name.contains("/galley-search/terms/") {
                transfer.chunks += size
                transfer.chunkCount += 1
            } else if name.contains("/galley-search/pages/") {
                transfer.records += size
                transfer.recordCount += 1
            } else {
                continue
            }
            transfer.bodies += body
        }
        return (transfer, latencies, completeLatencies)
    }

    private func saveScreenshot(_ page: ChromiumPage) async throws {
        let screenshots = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: ".build/galley-screenshots")
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
        try await page.screenshot().write(to: screenshots.appending(path: "search-benchmark.png"))
    }

    // MARK: - Sizes and helpers

    private struct IndexSizes {
        var files = 0
        var bytes = 0
        var manifest = 0
        var chunks = 0
        var largestChunk = 0
        var records = 0
        var medianRecord = 0
    }

    private func indexSizes(_ folder: URL) throws -> IndexSizes {
        var sizes = IndexSizes()
        var records: [Int] = []
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        while let file = enumerator?.nextObject() as? URL {
            let values = try file.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
            guard values.isRegularFile == true, let size = values.fileSize else { continue }
            sizes.files += 1
            sizes.bytes += size
            switch file.deletingLastPathComponent().lastPathComponent {
            case "terms":
                sizes.chunks += 1
                sizes.largestChunk = max(sizes.largestChunk, size)
            case "pages": records.append(size)
            default: sizes.manifest = size
            }
        }
        sizes.records = records.count
        sizes.medianRecord = records.isEmpty ? 0 : records.sorted()[records.count / 2]
        return sizes
    }

    @discardableResult
    private func require(_ run: Measurement, folder: URL) -> Measurement {
        guard run.termination.succeeded else {
            say("error: galley build \(run.termination); the corpus is kept in \(folder.path) to run it by hand")
            exit(1)
        }
        return run
    }

    private func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted.count.isMultiple(of: 2) ? (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2 : sorted[sorted.count / 2]
    }
}
