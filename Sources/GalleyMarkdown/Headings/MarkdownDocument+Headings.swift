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
        for node in nodes(ofKind: .heading) {
            var heading = heading(from: node)
            let id = slugger.uniqueSlug(heading.text)
            heading.id = id
            anchored.append(heading)
            guard let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
            let escapedID = HTML.escapeAttribute(id)
            cmark_node_set_on_enter(block, "<h\(heading.level) id=\"\(escapedID)\">")
            cmark_node_set_on_exit(
                block,
                " <a class=\"heading-anchor\" href=\"#\(escapedID)\" aria-label=\"Link to this section\">#</a></h\(heading.level)>"
            )
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
        return anchored
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
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
