internal import GalleyMarkdown

/// A unified diff of two texts, line by line, as `diff -u` prints it.
public enum LineDiff {
    /// The diff from `expected` to `actual` with `context` lines around each change, or an
    /// empty string when they are equal.
    ///
    /// Lines are shown with their control characters made visible (`\u{1B}`, `\r`): they come
    /// from pages and programs, the diff is printed on terminals, and a line that differs only
    /// by an invisible character would otherwise look unchanged.
    public static func unified(
        expected: String, actual: String, expectedName: String = "expected", actualName: String = "actual", context: Int = 3
    ) -> String {
        let old = lines(expected)
        let new = lines(actual)
        guard old != new else { return "" }
        let script = editScript(old, new)

        // Hunks: runs of changes with `context` unchanged lines around them, merged when close.
        var hunks: [Range<Int>] = []
        for (position, edit) in script.enumerated() where edit.kind != .same {
            let start = max(0, position - context)
            let end = min(script.count, position + context + 1)
            if let last = hunks.last, last.upperBound >= start {
                hunks[hunks.count - 1] = last.lowerBound..<max(last.upperBound, end)
            } else {
                hunks.append(start..<end)
            }
        }
        var output = "--- \(expectedName)\n+++ \(actualName)\n"
        for hunk in hunks {
            let edits = script[hunk]
            let oldStart = edits.first!.oldLine
            let newStart = edits.first!.newLine
            let oldCount = edits.filter { $0.kind != .inserted }.count
            let newCount = edits.filter { $0.kind != .removed }.count
            output += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
            for edit in edits {
                let text = ControlCharacters.visibleInTerminal(edit.text)
                switch edit.kind {
                case .same: output += " " + text + "\n"
                case .removed: output += "-" + text + "\n"
                case .inserted: output += "+" + text + "\n"
                }
            }
        }
        return output
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        // diff -u numbers an empty range by the line before it.
        count == 0 ? "\(start - 1),0" : count == 1 ? "\(start)" : "\(start),\(count)"
    }

    /// The lines of a text, without a final empty line after its last newline.
    static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    struct Edit {
        enum Kind { case same, removed, inserted }
        var kind: Kind
        var text: String
        /// 1-based line numbers in the old and new texts where this edit sits.
        var oldLine: Int
        var newLine: Int
    }

    /// Both texts interleaved in order, from the standard library's shortest difference.
    static func editScript(_ old: [String], _ new: [String]) -> [Edit] {
        let difference = new.difference(from: old)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var script: [Edit] = []
        var oldIndex = 0
        var newIndex = 0
        while oldIndex < old.count || newIndex < new.count {
            if oldIndex < old.count, removed.contains(oldIndex) {
                script.append(Edit(kind: .removed, text: old[oldIndex], oldLine: oldIndex + 1, newLine: newIndex + 1))
                oldIndex += 1
            } else if newIndex < new.count, inserted.contains(newIndex) {
                script.append(Edit(kind: .inserted, text: new[newIndex], oldLine: oldIndex + 1, newLine: newIndex + 1))
                newIndex += 1
            } else {
                script.append(Edit(kind: .same, text: old[oldIndex], oldLine: oldIndex + 1, newLine: newIndex + 1))
                oldIndex += 1
                newIndex += 1
            }
        }
        return script
    }
}
