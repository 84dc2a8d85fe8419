internal import CCmark

extension MarkdownDocument {
    /// Turns GitHub-style pipe tables into tables: a paragraph with a header row followed by a
    /// delimiter row (`| --- | :-: |`) becomes a table block, its rows the paragraph's lines
    /// after them, each cell's inline content parsed by cmark itself.
    ///
    /// cmark 0.30 has no table extension, so this is a transform of its tree, as GitHub's
    /// specification describes tables: alignment from the delimiter row's colons, `\|` for a
    /// pipe inside a cell (code spans too), rows with fewer cells than the header padded with
    /// empty ones and cells past the header's count dropped, no table when the header and the
    /// delimiter row differ in length. Lines before the header stay a paragraph. A table is
    /// written as cmark-gfm writes it (`<table>`, `<thead>`, `<tbody>`, `align="…"`).
    ///
    /// Reference links defined elsewhere on the page are not seen from inside a cell: each
    /// cell is parsed on its own.
    public func convertTables() {
        guard source.utf8.withContiguousStorageIfAvailable({ $0.contains(UInt8(ascii: "|")) }) ?? source.utf8.contains(UInt8(ascii: "|")) else { return }
        let lines = SourceLines(Array(source.utf8))
        for paragraph in nodes(ofKind: .paragraph) {
            convertTable(in: paragraph, lines: lines)
        }
    }

    private func convertTable(in paragraph: OpaquePointer, lines: SourceLines) {
        let first = Int(cmark_node_get_start_line(paragraph))
        let last = Int(cmark_node_get_end_line(paragraph))
        guard first >= 1, last > first, last <= lines.count else { return }
        let scanner = ContainerScanner(lines: lines, containers: containers(of: paragraph))
        var texts: [String] = []
        for number in first...last {
            // A line that does not continue the containers (a lazy line) leaves the paragraph be.
            guard let position = scanner.position(afterContainersOn: number) else { return }
            let content = lines.content(ofLine: number)
            let start = min(content.startIndex + position.offset, content.endIndex)
            texts.append(String(decoding: content[start...], as: UTF8.self).trimmingSpaces())
        }
        guard let header = texts.indices.dropLast().first(where: { index in
            let cells = Self.cells(texts[index])
            return !cells.isEmpty && Self.alignments(texts[index + 1])?.count == cells.count && texts[index].contains("|")
        }) else { return }
        let headerCells = Self.cells(texts[header])
        let alignments = Self.alignments(texts[header + 1])!
        let rows = texts[(header + 2)...].map(Self.cells)

        arena.serving {
            guard let table = block("<table>\n", "</table>\n") else { return }
            let head = block("<thead>\n", "</thead>\n")
            let headRow = block("<tr>\n", "</tr>\n")
            if let head, let headRow {
                cmark_node_append_child(table, head)
                cmark_node_append_child(head, headRow)
                for (cell, alignment) in zip(headerCells, alignments) { appendCell(cell, tag: "th", alignment, to: headRow) }
            }
            if !rows.isEmpty, let body = block("<tbody>\n", "</tbody>\n") {
                cmark_node_append_child(table, body)
                for row in rows {
                    guard let line = block("<tr>\n", "</tr>\n") else { continue }
                    cmark_node_append_child(body, line)
                    for (index, alignment) in alignments.enumerated() {
                        appendCell(index < row.count ? row[index] : "", tag: "td", alignment, to: line)
                    }
                }
            }
            // The lines before the header stay what they were: a paragraph.
            if header > 0, let before = parseInlines(texts[..<header].joined(separator: "\n"), into: CMARK_NODE_PARAGRAPH) {
                cmark_node_insert_before(paragraph, before)
            }
            cmark_node_insert_before(paragraph, table)
            cmark_node_unlink(paragraph)
            cmark_node_free(paragraph)
        }
    }

    /// A custom block whose HTML is `enter`, its children, then `exit`. Call inside `arena.serving`.
    private func block(_ enter: String, _ exit: String) -> OpaquePointer? {
        guard let node = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, NodeArena.allocator) else { return nil }
        cmark_node_set_on_enter(node, enter)
        cmark_node_set_on_exit(node, exit)
        return node
    }

    private func appendCell(_ text: String, tag: String, _ alignment: Alignment, to row: OpaquePointer) {
        let attribute = alignment == .none ? "" : " align=\"\(alignment.rawValue)\""
        // An inline node: a custom block would put line breaks around its text.
        guard let cell = parseInlines(text, into: CMARK_NODE_CUSTOM_INLINE) else { return }
        cmark_node_set_on_enter(cell, "<\(tag)\(attribute)>")
        cmark_node_set_on_exit(cell, "</\(tag)>\n")
        cmark_node_append_child(row, cell)
    }

    /// A new node of `type` holding `text` parsed as inline Markdown by cmark, in this
    /// document's arena. Call inside `arena.serving`.
    ///
    /// The text is parsed as a document of its own after a no-break space, which starts no
    /// block (`#`, `>`, `-` or `1.` at the start of a cell stay text) and counts as white
    /// space for emphasis; the space is then taken off again.
    private func parseInlines(_ text: String, into type: cmark_node_type) -> OpaquePointer? {
        guard let holder = cmark_node_new_with_mem(type, NodeArena.allocator) else { return nil }
        var options = CMARK_OPT_DEFAULT
        if self.options.smartTypography { options |= CMARK_OPT_SMART }
        var marked = "\u{00A0}" + text
        let parsed: OpaquePointer? = marked.withUTF8 { bytes in
            let parser = cmark_parser_new_with_mem(options, NodeArena.allocator)
            defer { cmark_parser_free(parser) }
            bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
            return cmark_parser_finish(parser)
        }
        guard let parsed else { return holder }
        defer { cmark_node_free(parsed) }
        guard let paragraph = cmark_node_first_child(parsed), NodeKind(cmark_node_get_type(paragraph)) == .paragraph else { return holder }
        while let child = cmark_node_first_child(paragraph) {
            cmark_node_unlink(child)
            cmark_node_append_child(holder, child)
        }
        // Take the no-break space off the first text node, and drop the node if that empties it.
        if let text = cmark_node_first_child(holder), NodeKind(cmark_node_get_type(text)) == .text {
            let literal = string(cmark_node_get_literal(text))
            let rest = String(literal.unicodeScalars.dropFirst())
            if rest.isEmpty {
                cmark_node_unlink(text)
                cmark_node_free(text)
            } else {
                cmark_node_set_literal(text, rest)
            }
        }
        return holder
    }

    /// A column's alignment, as its delimiter cell's colons say.
    private enum Alignment: String {
        case none, left, center, right
    }

    /// The alignment of each cell of a delimiter row (`| :-- | :-: | --: |`), or `nil` when the
    /// line is not one.
    private static func alignments(_ line: String) -> [Alignment]? {
        guard line.contains("-") else { return nil }
        // One column without pipes would be a setext heading's underline, never a row.
        guard line.contains("|") else { return nil }
        var alignments: [Alignment] = []
        for cell in cells(line) {
            guard !cell.isEmpty else { return nil }
            let left = cell.hasPrefix(":")
            let right = cell.hasSuffix(":") && cell.count > 1
            let dashes = cell.dropFirst(left ? 1 : 0).dropLast(right ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            alignments.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        return alignments.isEmpty ? nil : alignments
    }

    /// The cells of a row: split at pipes not escaped with a backslash, one leading and one
    /// trailing pipe dropped, each trimmed, `\|` turned into `|`.
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        var characters = Substring(line.trimmingSpaces())
        if characters.hasPrefix("|") { characters = characters.dropFirst() }
        for character in characters {
            if escaped {
                // A backslash before a pipe only protects the pipe; before anything else it stays.
                if character != "|" { current.append("\\") }
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(current.trimmingSpaces())
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        let tail = current.trimmingSpaces()
        // A trailing pipe ends the row; text after the last pipe is one more cell.
        if !tail.isEmpty || !line.trimmingSpaces().hasSuffix("|") || line.trimmingSpaces().hasSuffix("\\|") {
            cells.append(tail)
        }
        return cells
    }
}
