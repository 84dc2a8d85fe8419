internal import CCmark

extension MarkdownDocument {
    /// The document's headings in order, without ids.
    public func headings() -> [Heading] {
        nodes(ofKind: .heading).map(heading(from:))
    }

    /// Gives every heading a unique `id` and a visible anchor link, and returns the headings.
    ///
    /// Each heading node is replaced by a custom block that renders
    /// `<hN id="slug">…<a class="heading-anchor" href="#slug">#</a></hN>` around the
    /// heading's own inline children, so emphasis and code in headings survive.
    @discardableResult
    public func anchorHeadings(using slugger: inout HeadingSlugger) -> [Heading] {
        var anchored: [Heading] = []
        arena.serving {
            for node in nodes(ofKind: .heading) {
                var heading = heading(from: node)
                let id = slugger.uniqueSlug(heading.text)
                heading.id = id
                anchored.append(heading)
                guard let block = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, NodeArena.allocator) else { continue }
                let escapedID = HTML.escapeAttribute(id)
                let level = String(heading.level)
                let enter = cString("<h", level, " id=\"", escapedID, "\">")
                let exit = cString(" <a class=\"heading-anchor\" href=\"#", escapedID, "\" aria-label=\"Link to this section\">#</a></h", level, ">")
                enter.withUnsafeBytes { _ = cmark_node_set_on_enter(block, $0.baseAddress?.assumingMemoryBound(to: CChar.self)) }
                exit.withUnsafeBytes { _ = cmark_node_set_on_exit(block, $0.baseAddress?.assumingMemoryBound(to: CChar.self)) }
                // Should cmark refuse a step, nothing is left outside the tree: a refused block is
                // freed, and a refused child stays in the heading, which is freed with its children.
                guard cmark_node_replace(node, block) != 0 else {
                    cmark_node_free(block)
                    continue
                }
                // cmark_node_append_child unlinks the child itself, and only when it accepts it.
                while let child = cmark_node_first_child(node) {
                    guard cmark_node_append_child(block, child) != 0 else { break }
                }
                cmark_node_free(node)
            }
        }
        return anchored
    }

    /// The parts joined as one NUL-terminated C string, built in a single buffer: this runs
    /// twice for every heading of every page.
    private func cString(_ parts: String...) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.reduce(1) { $0 + $1.utf8.count })
        for part in parts { bytes.append(contentsOf: part.utf8) }
        bytes.append(0)
        return bytes
    }

    private func heading(from node: OpaquePointer) -> Heading {
        Heading(
            level: Int(cmark_node_get_heading_level(node)),
            text: plainText(of: node).trimmingSpaces(),
            location: location(of: node)
        )
    }
}

extension String {
    /// The text without white space at either end.
    ///
    /// ASCII text, as most headings are, is trimmed by its bytes, since grapheme breaking is
    /// the slow part of Swift strings and this runs for every heading of every page.
    func trimmingSpaces() -> String {
        let utf8 = self.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            var slice = Substring(self)
            while slice.first?.isWhitespace == true { slice.removeFirst() }
            while slice.last?.isWhitespace == true { slice.removeLast() }
            return String(slice)
        }
        // The ASCII white space: tab, line feed, vertical tab, form feed, carriage return, space.
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !isSpace($0) }) ?? first
        if first == utf8.startIndex && utf8.index(after: last) == utf8.endIndex { return self }
        return String(self[first...last])
    }
}
