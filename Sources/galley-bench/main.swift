import Foundation

// galley-bench: measures Galley against a baseline in the same run.
//
//   swift run -c release galley-bench render [--pages N]
//   swift run -c release galley-bench snippets [--snippets N] [--pages N]
//   swift run -c release galley-bench serve
//   swift run -c release galley-bench bless-fuzz [--documents N] [--seed S]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first else {
    print("""
        usage: galley-bench render [--pages N]
               galley-bench snippets [--snippets N] [--pages N]
               galley-bench serve
               galley-bench bless-fuzz [--documents N] [--seed S]
        """)
    exit(2)
}

func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let number = Int(arguments[index + 1]) else {
        return value
    }
    return number
}

do {
    switch mode {
    case "render":
        try RenderBenchmark(pages: option("--pages", default: 1000)).run()
    case "snippets":
        try SnippetBenchmark(snippets: option("--snippets", default: 200), pages: option("--pages", default: 20)).run()
    case "serve":
        ServeBenchmark().run()
    case "bless-fuzz":
        try BlessFuzz(documents: option("--documents", default: 100_000), firstSeed: UInt64(option("--seed", default: 1))).run()
    default:
        print("unknown mode `\(mode)`; use render, snippets, serve or bless-fuzz")
        exit(2)
    }
} catch {
    print("error: \(error)")
    exit(1)
}
