import Foundation

// galley-bench: measures Galley against a baseline in the same run.
//
//   swift run -c release galley-bench render [--pages N] [--write-only DIR]
//   swift run -c release galley-bench search [--pages N] [--rounds N] [--word W]
//   swift run -c release galley-bench snippets [--corpus small] [--snippets N] [--pages N]
//   swift run -c release galley-bench snippets --corpus book [--pages N]
//   swift run -c release galley-bench snippets [--corpus …] --write-only DIR
//   swift run -c release galley-bench serve
//   swift run -c release galley-bench bless-fuzz [--documents N] [--seed S]
//   swift run -c release galley-bench slow-clients [--clients N] [--requests N]
//   swift run galley-bench fuzz [--documents N] [--seed S]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first else {
    print("""
        usage: galley-bench render [--pages N] [--write-only DIR]
               galley-bench search [--pages N] [--rounds N] [--word W]
               galley-bench snippets [--corpus small] [--snippets N] [--pages N]
               galley-bench snippets --corpus book [--pages N]
               galley-bench snippets [--corpus small|book] --write-only DIR
               galley-bench serve
               galley-bench bless-fuzz [--documents N] [--seed S]
               galley-bench slow-clients [--clients N] [--requests N]
               galley-bench fuzz [--documents N] [--seed S]
        """)
    exit(2)
}

func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let number = Int(arguments[index + 1]) else {
        return value
    }
    return number
}

/// The corpus `--corpus` names, sized by `--snippets` and `--pages`.
func snippetCorpus() -> any SnippetSiteGenerator {
    let name = arguments.firstIndex(of: "--corpus").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil } ?? "small"
    switch name {
    case "small":
        let corpus = SnippetCorpus(snippets: option("--snippets", default: 200), pages: option("--pages", default: 20))
        guard corpus.snippets >= 1, corpus.pages >= 1 else {
            say("error: --snippets and --pages must both be at least 1")
            exit(2)
        }
        return corpus
    case "book":
        guard !arguments.contains("--snippets") else {
            say("error: the book corpus has \(BookCorpus.programCount) programs; size it with --pages N (1 to \(BookCorpus.chapterCount) chapters)")
            exit(2)
        }
        let corpus = BookCorpus(pages: option("--pages", default: BookCorpus.chapterCount))
        guard (1...BookCorpus.chapterCount).contains(corpus.pages) else {
            say("error: --pages must be 1 to \(BookCorpus.chapterCount) for the book corpus")
            exit(2)
        }
        return corpus
    default:
        say("error: unknown corpus `\(name)`; use small or book")
        exit(2)
    }
}

do {
    switch mode {
    case "render":
        if let index = arguments.firstIndex(of: "--write-only"), index + 1 < arguments.count {
            // The corpus alone, to profile a build of it.
            let corpus = try CorpusGenerator(pages: option("--pages", default: 1000)).write(into: URL(filePath: arguments[index + 1]).appending(path: "content"))
            say("wrote \(corpus.files.count) files into \(arguments[index + 1])/content")
        } else {
            try RenderBenchmark(pages: option("--pages", default: 1000)).run()
        }
    case "search":
        let word = arguments.firstIndex(of: "--word").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil } ?? "sendable"
        try await SearchBenchmark(pages: option("--pages", default: 1000), rounds: option("--rounds", default: 7), word: word).run()
    case "snippets":
        if let index = arguments.firstIndex(of: "--write-only"), index + 1 < arguments.count {
            // The corpus alone, to look at or profile a check on it.
            let site = try snippetCorpus().write(into: URL(filePath: arguments[index + 1]).appending(path: "content"))
            say("wrote \(site.description) into \(arguments[index + 1])/content")
        } else {
            SnippetBenchmark(corpus: snippetCorpus()).run()
        }
    case "serve":
        ServeBenchmark().run()
    case "slow-clients": SlowClientsBenchmark(clients: option("--clients", default: 1000), requests: option("--requests", default: 200)).run()
    case "bless-fuzz":
        try BlessFuzz(documents: option("--documents", default: 100_000), firstSeed: UInt64(option("--seed", default: 1))).run()
    case "fuzz": try HostileFuzz(documents: option("--documents", default: 300), firstSeed: UInt64(option("--seed", default: 1))).run()
    default:
        print("unknown mode `\(mode)`; use render, search, snippets, serve, bless-fuzz, slow-clients or fuzz")
        exit(2)
    }
} catch {
    print("error: \(error)")
    exit(1)
}
