import ArgumentParser
import Foundation
import GalleySite

/// Where the pages are and how much runs at once; shared by every subcommand that reads a site.
struct ContentOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The folder of Markdown pages and site.yml (default: content, or the current folder when there is no content/ folder and it holds Markdown pages).",
            valueName: "dir"
        )
    )
    var content: String?

    @Option(
        name: .long,
        help: ArgumentHelp("How many pages render, and snippets compile or run, at once (default: the number of processors).", valueName: "n")
    )
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    /// The folder given with `--content`, or the one Galley finds itself (see
    /// ``ContentInventory/impliedContentFolder(in:)``).
    var contentPath: String {
        content ?? ContentInventory.impliedContentFolder(in: URL(filePath: FileManager.default.currentDirectoryPath))
    }

    var contentURL: URL { URL(filePath: contentPath) }

    /// Said in a command's summary when the current folder was taken for the content folder,
    /// so a run in the wrong folder shows at once what it read: `""` otherwise.
    var impliedContentNote: String {
        content == nil && contentPath == "." ? " (the pages of this folder, which has no content/ folder; pass --content to choose another)" : ""
    }
}

/// The templates and which pages make the site; shared by the subcommands that render pages.
struct RenderOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The site's own Mustache templates and assets/, each in place of the built-in theme's file of the same path (default: templates, when there is such a folder).",
            valueName: "dir"
        )
    )
    var templates: String?

    @Flag(name: .long, help: "Include pages whose front matter says draft: true.")
    var drafts = false

    func validate() throws {
        do {
            _ = try Theme.resolve(templatesOption: templates)
        } catch {
            throw ValidationError(error.diagnostics.map(\.message).joined(separator: "\n"))
        }
    }

    /// The site's templates folder over the built-in theme; `nil` for the built-in theme alone.
    var templatesURL: URL? { (try? Theme.resolve(templatesOption: templates))?.folder }
}

/// Where the built site goes and the address it is published at; for `galley build`.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Where the built site is written (replaced when the build succeeds).", valueName: "dir"))
    var output = "_site"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The address the site is published at, e.g. https://example.com/docs/ or /docs/ (overrides base_url in site.yml).",
            valueName: "url"
        )
    )
    var baseURL: String?

    func validate() throws {
        if let baseURL, let problem = SiteAddress.problem(withBaseURL: baseURL) { throw ValidationError("--base-url: \(problem)") }
    }

    var outputURL: URL { URL(filePath: output) }
}
