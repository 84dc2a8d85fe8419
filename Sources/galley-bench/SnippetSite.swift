import Foundation

/// A generated site of snippets, as the snippet benchmark checks it: the programs its baseline
/// compiles one by one, and the verdict `galley check` must reach.
struct SnippetSite {
    /// Every program of the site, in page order, as one source file.
    var programs: [BaselineProgram]
    /// The snippets `galley check` judges, each block of a session counting as one: all of
    /// them must pass.
    var snippets: Int
    /// What the corpus holds, for the benchmark's first line: `200 snippets on 20 pages`.
    var description: String
    /// How many programs Galley's rules keep out of merged modules (a `compile-fail` one, one
    /// whose functions read its top-level variables): the rest are meant to be merged.
    var meantAlone = 0
}

/// One program as the baseline compiles and runs it: a session's blocks are one file, as
/// Galley compiles them.
struct BaselineProgram {
    enum Expectation {
        /// It compiles, runs, exits with 0 and prints exactly this.
        case output(String)
        /// The compiler rejects it, and its diagnostics hold this line.
        case compileError(String)
    }

    var source: String
    var expectation: Expectation
}

/// A corpus the snippet benchmark can run: `--corpus small` or `--corpus book`.
protocol SnippetSiteGenerator {
    /// Writes `site.yml` and the pages into `folder`, and says what they hold.
    func write(into folder: URL) throws -> SnippetSite
}
