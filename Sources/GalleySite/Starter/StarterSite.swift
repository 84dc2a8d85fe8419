public import Foundation
#if canImport(Glibc)
internal import Glibc
#endif

/// The site `galley init` writes: a configuration, a home page, a guide page whose snippet
/// runs and shows its output, and a `.gitignore` for what Galley writes.
public enum StarterSite {
    /// The starter's files, by their path in the new site's folder.
    public static let files: [(path: String, text: String)] = [
        ("content/site.yml", siteConfiguration),
        ("content/index.md", home),
        ("content/guide/index.md", guideIndex),
        ("content/guide/first-steps.md", firstSteps),
        (".gitignore", gitignore),
    ]

    /// Why `galley init` wrote nothing.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        /// What is wrong and what to do.
        public var message: String
        public var description: String { message }
    }

    /// Writes the starter into `folder` (made if it does not exist), with `extra` files (the
    /// theme's templates, for `--theme`) beside them.
    ///
    /// Nothing is written when any of the files exists already: `galley init` never replaces a
    /// file. Each file is created exclusively, so a file that appears meanwhile is not replaced
    /// either.
    ///
    /// - Returns: The paths written, relative to `folder`.
    @discardableResult
    public static func create(in folder: URL, extra: [(path: String, data: Data)] = []) throws(Refusal) -> [String] {
        let all = files.map { ($0.path, Data($0.text.utf8)) } + extra.map { ($0.path, $0.data) }
        let existing = all.map(\.0).filter { FileManager.default.fileExists(atPath: folder.appending(path: $0).path) }
        guard existing.isEmpty else {
            throw Refusal(
                message: "`\(folder.path)` already has \(existing.map { "`\($0)`" }.joined(separator: ", ")); galley init never replaces a file, so choose an empty or new folder"
            )
        }
        var written: [String] = []
        for (path, data) in all {
            let url = folder.appending(path: path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw Refusal(message: "cannot create `\(url.deletingLastPathComponent().path)`: \(error.localizedDescription)")
            }
            let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw Refusal(message: "cannot create `\(url.path)`: \(String(cString: strerror(errno))); \(written.count) files were written before it")
            }
            let failed = data.withUnsafeBytes { bytes in write(descriptor, bytes.baseAddress, bytes.count) != bytes.count }
            close(descriptor)
            if failed { throw Refusal(message: "cannot write `\(url.path)`: \(String(cString: strerror(errno)))") }
            written.append(path)
        }
        return written
    }

    static let siteConfiguration = """
        # The site's settings; every key is optional. See Galley's README for them all.
        title: My documentation
        description: Documentation whose examples really run.
        snippets:
          timeout: 10

        """

    static let home = """
        ---
        title: Home
        ---

        # My documentation

        This site is built by Galley from the Markdown in `content/`. Every ```` ```swift ````
        block on its pages is compiled and run, and `galley check` fails when a page no longer
        shows what its code prints.

        Start with the [first steps](guide/first-steps.md).

        """

    static let guideIndex = """
        ---
        title: Guide
        order: 1
        ---

        # Guide

        The pages of this folder make up the guide. Add a page by adding a Markdown file here.

        """

    static let firstSteps = """
        ---
        title: First steps
        order: 1
        ---

        # First steps

        A Swift block is compiled and run when the site is built, and the block right after it
        holds what it prints:

        ```swift
        let words = ["compiled", "and", "run"]
        print(words.joined(separator: " "))
        ```

        ```output
        compiled and run
        ```

        Change the code, run `galley check`, and it tells you that the output block is out of
        date; `galley bless` writes the new output into it.

        ## Blocks that share state

        Blocks with the same `session` name run as one program, each showing its own output:

        ```swift session=counter
        var count = 1
        print("count is \\(count)")
        ```

        ```output
        count is 1
        ```

        ```swift session=counter
        count += 1
        print("count is \\(count)")
        ```

        ```output
        count is 2
        ```

        """

    static let gitignore = """
        # What Galley writes: the built site, its staging folders and the snippet cache.
        _site/
        ._site.galley-staging/
        ._site.galley-old/
        .galley/

        """
}
