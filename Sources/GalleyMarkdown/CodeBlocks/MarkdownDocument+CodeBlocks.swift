internal import CCmark

extension MarkdownDocument {
    /// Every code block in document order.
    public func codeBlocks() -> [CodeBlock] {
        codeBlocks(of: nodes(ofKind: .codeBlock))
    }

    /// The code blocks of `nodes`, the document's code block nodes in order.
    private func codeBlocks(of nodes: [OpaquePointer]) -> [CodeBlock] {
        var indexOfNode: [OpaquePointer: Int] = [:]
        var blocks: [CodeBlock] = []
        blocks.reserveCapacity(nodes.count)
        var lines = LineCursor(source)
        for (index, node) in nodes.enumerated() {
            indexOfNode[node] = index
            let previous = cmark_node_previous(node).flatMap { indexOfNode[$0] }
            let code = string(cmark_node_get_literal(node))
            let startLine = Int(cmark_node_get_start_line(node))
            let endLine = Int(cmark_node_get_end_line(node))
            // cmark 0.30 has no accessor for "fenced": an indented block's lines are all code,
            // while a fenced block also spans its fence lines.
            let codeLines = code.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            let fenced = codeLines < endLine - startLine + 1
            let info = string(cmark_node_get_fence_info(node)).trimmingSpaces()
            let column = Int(cmark_node_get_start_column(node))
            var infoWordColumns: [Int] = []
            if fenced, !info.isEmpty, let line = lines.line(startLine) {
                infoWordColumns = CodeBlock.infoWordColumns(
                    onLine: line, fenceColumn: column, count: CodeBlock.wordRanges(in: info[...]).count
                )
            }
            blocks.append(
                CodeBlock(
                    index: index,
                    info: info,
                    code: code,
                    isFenced: fenced,
                    location: SourceLocation(path: path, line: startLine),
                    endLine: endLine,
                    previousAdjacentIndex: previous,
                    column: column,
                    containers: containers(of: node),
                    infoWordColumns: infoWordColumns
                )
            )
        }
        return blocks
    }

    /// Finds lines of a text by number, walking forward from the last one found, since code
    /// blocks come in the order of their lines; lines end as cmark ends them (`\n`, `\r\n`, `\r`).
    struct LineCursor {
        let text: String
        /// The text's bytes, read by offset: stepping a `String.Index` byte by byte over
        /// every page's text cost more than the rest of finding its code blocks.
        private let bytes: [UInt8]
        private var number = 1
        private var start = 0

        init(_ text: String) {
            self.text = text
            bytes = Array(text.utf8)
        }

        /// Line `wanted` (1-based) without its ending, or `nil` past the end of the text.
        mutating func line(_ wanted: Int) -> Substring? {
            if wanted < number {
                number = 1
                start = 0
            }
            while number < wanted {
                guard let end = lineEnd(from: start) else { return nil }
                var next = end + 1
                if bytes[end] == UInt8(ascii: "\r"), next < bytes.count, bytes[next] == UInt8(ascii: "\n") { next += 1 }
                start = next
                number += 1
            }
            let end = lineEnd(from: start) ?? bytes.count
            let utf8 = text.utf8
            return text[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]
        }

        private func lineEnd(from offset: Int) -> Int? {
            bytes[offset...].firstIndex { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        }
    }

    /// The block quotes and list items that hold `node`, outermost first.
    func containers(of node: OpaquePointer) -> [BlockContainer] {
        var containers: [BlockContainer] = []
        var current = cmark_node_parent(node)
        while let container = current {
            switch NodeKind(cmark_node_get_type(container)) {
            case .blockQuote: containers.append(.blockQuote)
            case .item:
                containers.append(
                    .listItem(line: Int(cmark_node_get_start_line(container)), column: Int(cmark_node_get_start_column(container)))
                )
            default: break
            }
            current = cmark_node_parent(container)
        }
        return containers.reversed()
    }

    /// Replaces code blocks with HTML of the caller's making.
    ///
    /// - Parameters:
    ///   - blocks: The blocks ``codeBlocks()`` returned, when the caller has them already and
    ///     has not replaced any code block since; they are read again otherwise.
    ///   - render: Returns the HTML that stands for a block, or `nil` to leave the block to
    ///     cmark. Returning an empty string removes the block from the page.
    public func replaceCodeBlocks(_ blocks: [CodeBlock]? = nil, with render: (CodeBlock) -> String?) {
        let nodes = nodes(ofKind: .codeBlock)
        let blocks = blocks.flatMap { $0.count == nodes.count ? $0 : nil } ?? codeBlocks(of: nodes)
        for (node, block) in zip(nodes, blocks) {
            if let html = render(block) {
                replace(node, withHTML: html)
            }
        }
    }
}

extension MarkdownDocument {
    /// Takes the code blocks for which `isRemoved` is `true` out of the tree.
    public func removeCodeBlocks(where isRemoved: (CodeBlock) -> Bool) {
        let nodes = nodes(ofKind: .codeBlock)
        for (node, block) in zip(nodes, codeBlocks(of: nodes)) where isRemoved(block) {
            arena.serving {
                cmark_node_unlink(node)
                cmark_node_free(node)
            }
        }
    }

    /// The tree as cmark's XML, without source positions: two documents with the same
    /// structure and text give the same XML wherever their blocks sit in the file.
    public func structureXML() -> String {
        arena.serving {
            guard let xml = cmark_render_xml(root, CMARK_OPT_DEFAULT) else { return "" }
            defer { NodeArena.allocator.pointee.free(xml) }
            return String(cString: xml)
        }
    }
}
