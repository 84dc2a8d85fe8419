internal import GalleyMarkdown
internal import GalleySnippets

/// The HTML of a snippet on its page: its code (hidden lines removed, highlighted), then a
/// panel with what it printed and how it ended.
enum SnippetHTML {
    /// - Parameter running: The snippet's program is running (in `galley serve`) rather than
    ///   not run at all (`--no-run`); said on its badge while there is no result.
    static func render(_ snippet: Snippet, result: SnippetResult?, running: Bool = false) -> String {
        // The hidden set-up lines are in the page, hidden until the reader asks for them.
        let (text, hidden) = HiddenLines.revealable(snippet.code)
        let code = CodeBlockHTML.renderReportingFallback(code: text, language: "swift", hiddenRanges: hidden).html
        guard snippet.attributes.isCompiled else { return code }
        if let result { return code + panel(snippet, result) }
        let expected = snippet.expectedOutput
        guard expected != nil || running else { return code }
        let badge = switch (expected != nil, running) {
        case (true, true): "expected output; running…"
        case (false, _): "running…"
        case (true, false): "expected output, not run here"
        }
        // Without a result the page shows what it says the snippet prints, if it says.
        let output = expected.map { "<pre class=\"snippet-stdout\"><code>\(HTML.escape($0.text))</code></pre>" } ?? ""
        return code + """
            <div class="snippet-output" data-status="\(running ? "running" : "expected")"><div class="snippet-badges">\
            <span class="badge badge-expected">\(badge)</span></div>\(output)</div>

            """
    }

    private static func panel(_ snippet: Snippet, _ result: SnippetResult) -> String {
        let attributes = snippet.attributes
        var badges: [(String, String)] = []
        let status: String
        var stdout = result.standardOutput
        switch result.status {
        case .compiled:
            status = "ok"
            badges.append(("badge-ok", "compiles"))
        case .compileFailed:
            status = attributes.mode == .compileFail ? "compile-error-expected" : "compile-error"
            badges.append(("badge-compile-error", attributes.mode == .compileFail ? "does not compile, as intended" : "compile error"))
            stdout = CapturedOutput(text: result.compilerOutput)
        case .exited(let code):
            let expected = attributes.mode == .run && code == attributes.expectedExitStatus
            status = expected ? "ok" : "failed"
            badges.append((code == 0 && expected ? "badge-ok" : "badge-exit", "exit \(code)"))
        case .signalled(let signal):
            status = attributes.mode == .crash ? "crash-expected" : "crash"
            badges.append(("badge-crash", "crashed: \(signalName(signal))"))
        case .timedOut(let seconds):
            status = "timeout"
            badges.append(("badge-timeout", "stopped after \(formatSeconds(seconds)) timeout"))
        case .notReached:
            status = "failed"
            badges.append(("badge-exit", "not reached"))
        case .galleyFailed(let failure):
            status = "galley-error"
            badges.append(("badge-crash", "not run: \(failure.message)"))
        }
        if result.status.ranProgram { badges.append(("badge-time", formatSeconds(result.runSeconds))) }
        var html = "<div class=\"snippet-output\" data-status=\"\(status)\"><div class=\"snippet-badges\">"
        for (cssClass, text) in badges { html += "<span class=\"badge \(cssClass)\">\(HTML.escape(text))</span>" }
        html += "</div>"
        if !stdout.text.isEmpty { html += "<pre class=\"snippet-stdout\"><code>\(HTML.escape(stdout.text))</code></pre>" }
        if !result.standardError.text.isEmpty {
            html += "<pre class=\"snippet-stderr\"><code>\(HTML.escape(CrashReport.summary(of: result.standardError.text)))</code></pre>"
        }
        for (name, stream) in [("standard output", stdout), ("standard error", result.standardError)] where stream.isTruncated {
            html += "<p class=\"snippet-truncated\">The \(name) was cut here: \(formatBytes(stream.droppedBytes)) more were dropped.</p>"
        }
        return html + "</div>\n"
    }

    static func formatSeconds(_ seconds: Double) -> String {
        if seconds >= 1 { return "\((seconds * 100).rounded() / 100) s" }
        return "\(Int((seconds * 1000).rounded())) ms"
    }

    static func formatBytes(_ bytes: Int) -> String {
        if bytes >= 1 << 20 { return "\((Double(bytes) / Double(1 << 20) * 10).rounded() / 10) MiB" }
        if bytes >= 1 << 10 { return "\((Double(bytes) / Double(1 << 10) * 10).rounded() / 10) KiB" }
        return "\(bytes) bytes"
    }
}
