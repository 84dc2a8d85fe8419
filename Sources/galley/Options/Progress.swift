import Foundation

/// The `snippets 12/84` line on a terminal, rewritten in place; silent when standard error is
/// not a terminal (CI logs) or when quiet.
struct Progress: Sendable {
    let isShown: Bool

    init(quiet: Bool) {
        isShown = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// The callback a runner calls after each program, or `nil` when nothing is shown.
    var callback: (@Sendable (Int, Int) -> Void)? {
        guard isShown else { return nil }
        return { done, total in
            let line = done == total ? "\r\u{1B}[2K" : "\r\u{1B}[2Ksnippets \(done)/\(total)"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
