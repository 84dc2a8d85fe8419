import ArgumentParser

/// How snippets are run; shared by `build`, `check` and `bless`.
struct SnippetOptions: ParsableArguments {
    @Flag(name: .long, help: "Run every snippet again instead of reusing results cached in .galley/cache.")
    var noCache = false

    @Flag(name: .long, help: "Compile every snippet program alone instead of merging those that can be into shared modules.")
    var noMerge = false

    @Flag(
        inversion: .prefixedNo,
        help: "Run snippets in the bubblewrap sandbox (read-only files, the site hidden, no network), or not; overrides snippets.sandbox."
    )
    var sandbox: Bool?
}

/// Which pages' snippets a command looks at; shared by `check` and `bless`.
struct SelectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Only snippets of pages whose path contains this text.", valueName: "text"))
    var filter: String?
}
