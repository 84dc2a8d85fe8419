import ArgumentParser
import Foundation

/// The `galley` command: a thin layer over the GalleySite library.
@main
struct Galley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "galley",
        abstract: "Build a documentation site from Markdown whose Swift examples really run.",
        discussion: """
            Galley turns the Markdown in content/ into an HTML site in _site/ through the \
            Mustache templates in templates/. Errors are printed as path:line:col: error: \
            message. Exit status: 0 on success, 1 when the input has errors, 2 on bad usage.
            """,
        version: "0.1.0",
        subcommands: [Init.self, Build.self, Serve.self, Check.self, Bless.self]
    )

    /// Parses and runs the command; usage errors exit with status 2, as the README promises.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
