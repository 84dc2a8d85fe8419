import Foundation

/// Builds a generated corpus of Markdown pages with `galley build` and compares it with the
/// `cmark` command rendering the same files (the floor: parsing and HTML alone) and, when it
/// is installed, with Hugo building the same pages into a site of the same shape.
struct RenderBenchmark {
    var pages: Int

    /// Runs of each program, interleaved.
    static let rounds = 7

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "galley-bench-render-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let corpus = try CorpusGenerator(pages: pages).write(into: folder.appending(path: "content"))
        let galley = galleyExecutable()
        let templates = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "templates").path
        print("Corpus: \(pages) pages, \(format(Double(corpus.bytes) / 1_048_576)) MiB of Markdown in \(folder.path)")

        let content = folder.appending(path: "content")
        let output = folder.appending(path: "_site")
        let arguments = ["build", "--content", content.path, "--templates", templates, "--output", output.path, "--quiet", "--no-run"]
        let cmark = which("cmark")
        let files = corpus.files.map { content.appending(path: $0).path }
        let hugoCommand = which("hugo")
        let hugoArguments = try hugoCommand.map { _ in
            let site = try HugoSite.write(into: folder.appending(path: "hugo"), content: content)
            return ["--source", site.path, "--destination", folder.appending(path: "hugo-public").path, "--quiet"]
        }
        // One run of each to warm the file cache, then rounds of one run of each, so that the
        // three see the same machine: a shared machine's speed drifts over a minute, and runs
        // of one program after all runs of another compared different machines.
        try require(measure(galley, arguments), "galley build", folder: folder)
        if let cmark { try require(measure(cmark, files), "cmark", folder: folder) }
        if let hugoCommand, let hugoArguments { try require(measure(hugoCommand, hugoArguments), "hugo", folder: folder) }
        var builds: [Measurement] = []
        var cmarkRuns: [Double] = []
        var hugoRuns: [Double] = []
        for _ in 0..<Self.rounds {
            builds.append(try require(measure(galley, arguments), "galley build", folder: folder))
            if let cmark { cmarkRuns.append(try require(measure(cmark, files), "cmark", folder: folder).seconds) }
            if let hugoCommand, let hugoArguments { hugoRuns.append(try require(measure(hugoCommand, hugoArguments), "hugo", folder: folder).seconds) }
        }
        let galleyMedian = median(builds.map(\.seconds))
        let peak = builds.map(\.peakMiB).max() ?? 0
        let floor = cmark == nil ? nil : median(cmarkRuns)
        let hugo = hugoCommand == nil ? nil : median(hugoRuns)

        let megabytes = Double(corpus.bytes) / 1_048_576
        print("galley build (median of \(Self.rounds)): \(format(galleyMedian, 3)) s wall, \(format(Double(pages) / galleyMedian, 0)) pages/s, \(format(megabytes / galleyMedian)) MiB/s, peak \(format(peak, 1)) MiB")
        if let floor {
            print("cmark CLI, same files (median of \(Self.rounds)): \(format(floor, 3)) s wall, \(format(megabytes / floor)) MiB/s")
            print("ratio galley/cmark: \(format(galleyMedian / floor))x")
        } else {
            print("cmark CLI not found (apt-get install cmark) — no floor measured")
        }
        if let hugo {
            print("hugo, same pages (median of \(Self.rounds)): \(format(hugo, 3)) s wall")
            print("ratio hugo/galley: \(format(hugo / galleyMedian))x [≥ 10x \(hugo / galleyMedian >= 10 ? "met" : "MISSED")]")
        } else {
            print("hugo not found (apt-get install hugo) — no comparison with Hugo")
        }
        let wallOK = galleyMedian < 1.0
        let memoryOK = peak < 300
        print("target: \(pages) pages under 1.0 s wall [\(wallOK ? "met" : "MISSED")] and under 300 MiB peak [\(memoryOK ? "met" : "MISSED")]")
    }

    /// `run`, unless it failed: then says how it ended and exits with status 1, keeping the
    /// corpus so the failure can be reproduced. A failed or crashed run has no meaningful time.
    @discardableResult
    private func require(_ run: Measurement, _ label: String, folder: URL) -> Measurement {
        guard run.termination.succeeded else {
            print("error: \(label) \(run.termination); the corpus is kept in \(folder.path) to run it by hand")
            exit(1)
        }
        return run
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}

/// A Hugo site around the corpus, shaped like Galley's output so the two builds do the same
/// work: every page with its title, a table of contents, previous and next links and a sidebar
/// of every page (rendered once, as Galley renders its navigation once), code highlighted, and
/// raw HTML kept as Galley keeps it.
enum HugoSite {
    static func write(into folder: URL, content: URL) throws -> URL {
        let files: [String: String] = [
            "hugo.toml": """
                baseURL = "http://localhost/"
                title = "Corpus"
                contentDir = "\(content.path)"
                disableKinds = ["taxonomy", "term", "RSS"]
                [markup.goldmark.renderer]
                unsafe = true
                [markup.highlight]
                codeFences = true
                noClasses = false
                """,
            "layouts/_default/baseof.html": """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
                <body><nav>{{ partialCached "sidebar.html" . }}</nav><main>{{ block "main" . }}{{ end }}</main></body></html>
                """,
            "layouts/_default/single.html": """
                {{ define "main" }}<h1>{{ .Title }}</h1><aside>{{ .TableOfContents }}</aside>{{ .Content }}
                <footer>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
                {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</footer>{{ end }}
                """,
            "layouts/_default/list.html": """
                {{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
                """,
            "layouts/partials/sidebar.html": """
                <ul>{{ range .Site.Sections }}<li>{{ .Title }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></li>{{ end }}</ul>
                """,
        ]
        for (path, text) in files {
            let url = folder.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }
}
