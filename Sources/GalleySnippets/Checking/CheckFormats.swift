internal import Foundation
internal import GalleyMarkdown

/// The ways `galley check` reports verdicts to machines: JUnit XML and GitHub Actions annotations.
public enum CheckFormats {
    /// JUnit XML with one test case per snippet, named `path:line`; failures carry their
    /// message and details, unverified snippets are failures when `strict`, `ignore` ones skipped.
    ///
    /// - Parameter extraFailures: Failures that are not a snippet's verdict (a broken link, a
    ///   program over its budget), each a test case of its own in the class it names.
    public static func junit(
        _ verdicts: [SnippetVerdict], extraFailures: [(name: String, className: String, message: String)] = [], strict: Bool
    ) -> String {
        func failed(_ verdict: SnippetVerdict) -> Bool {
            verdict.kind == .failed || (strict && verdict.kind == .unverified)
        }
        let failures = verdicts.count(where: failed) + extraFailures.count
        let skipped = verdicts.count { $0.kind == .skipped }
        let errors = verdicts.count { $0.kind == .galleyError }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites tests=\"\(verdicts.count + extraFailures.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\">\n"
        xml += "  <testsuite name=\"galley check\" tests=\"\(verdicts.count + extraFailures.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\">\n"
        for verdict in verdicts {
            let name = escape(verdict.snippet.location.description)
            let className = escape(verdict.snippet.location.path)
            xml += "    <testcase name=\"\(name)\" classname=\"\(className)\" time=\"\(String(format: "%.3f", verdict.seconds))\""
            if failed(verdict) {
                xml += ">\n      <failure message=\"\(escape(verdict.message))\">\(escape(verdict.fullDetails))</failure>\n    </testcase>\n"
            } else if verdict.kind == .galleyError {
                xml += ">\n      <error message=\"\(escape(verdict.message))\">\(escape(verdict.fullDetails))</error>\n    </testcase>\n"
            } else if verdict.kind == .skipped {
                xml += ">\n      <skipped/>\n    </testcase>\n"
            } else {
                xml += "/>\n"
            }
        }
        for failure in extraFailures {
            xml += "    <testcase name=\"\(escape(failure.name))\" classname=\"\(escape(failure.className))\">\n"
            xml += "      <failure message=\"\(escape(failure.message))\"/>\n    </testcase>\n"
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// A GitHub Actions workflow command that annotates `path:line` in the pull request.
    ///
    /// Control characters other than newlines are made visible (`\u{1B}`): GitHub's log view
    /// would act on terminal sequences.
    public static func githubAnnotation(severity: String, path: String, line: Int, message: String) -> String {
        // Workflow commands end at a newline; GitHub decodes these escapes back.
        func encode(_ text: String, property: Bool) -> String {
            var result = ""
            for character in text {
                switch character {
                case "%": result += "%25"
                case "\r": result += "%0D"
                case "\n": result += "%0A"
                case ":" where property: result += "%3A"
                case "," where property: result += "%2C"
                default: result.append(character)
                }
            }
            return result
        }
        let path = ControlCharacters.visibleInTerminal(path)
        let message = ControlCharacters.visibleInTerminal(message)
        return "::\(severity) file=\(encode(path, property: true)),line=\(line)::\(encode(message, property: false))"
    }

    static func escape(_ text: String) -> String {
        var result = ""
        // XML 1.0 cannot hold control characters other than tab and newlines, even escaped;
        // they are spelled as Swift spells them, as on the terminal.
        for scalar in ControlCharacters.visibleInTerminal(text).unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
