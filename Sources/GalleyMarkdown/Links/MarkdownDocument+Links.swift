internal import CCmark

extension MarkdownDocument {
    /// Every link and image in document order.
    public func links() -> [Link] {
        linkNodes().map { link(from: $0) }
    }

    /// Rewrites link and image destinations in place.
    ///
    /// - Parameter rewrite: Returns the new destination for a link, or `nil` to keep it.
    public func rewriteLinks(_ rewrite: (Link) -> String?) {
        for node in linkNodes() {
            if let destination = rewrite(link(from: node)) {
                arena.serving { _ = cmark_node_set_url(node, destination) }
            }
        }
    }

    private func linkNodes() -> [OpaquePointer] {
        arena.serving { findLinkNodes() }
    }

    private func findLinkNodes() -> [OpaquePointer] {
        var found: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(root) else { return found }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let kind = NodeKind(cmark_node_get_type(node))
            if kind == .link || kind == .image { found.append(node) }
        }
        return found
    }

    private func link(from node: OpaquePointer) -> Link {
        Link(
            destination: string(cmark_node_get_url(node)),
            isImage: NodeKind(cmark_node_get_type(node)) == .image,
            location: location(of: node)
        )
    }
}
