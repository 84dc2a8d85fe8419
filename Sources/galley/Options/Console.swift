import Foundation
import GalleyMarkdown
import GalleySite

/// Writes diagnostics and summaries where a terminal user and CI expect them.
///
/// Everything printed here may hold text from pages, file names or what snippets printed, so
/// control characters other than tab and newline are shown as Swift spells them (`\u{1B}`)
/// rather than sent to the terminal, where they could recolour, clear or retitle it, or
/// overprint a failure with a pass.
enum Console {
    /// Prints to standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((ControlCharacters.visibleInTerminal(text) + "\n").utf8))
    }

    /// Prints to standard output.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((ControlCharacters.visibleInTerminal(text) + "\n").utf8))
    }

    /// Prints every diagnostic in the compiler's format on standard error.
    static func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { error(diagnostic.description) }
    }

    /// `1 page`, `2 pages`.
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// `1.23 s` or `456 ms`.
    static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds >= 1 ? String(format: "%.2f s", seconds) : String(format: "%.0f ms", seconds * 1000)
    }
}
