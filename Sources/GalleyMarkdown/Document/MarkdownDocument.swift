internal import CCmark
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A Markdown document parsed by cmark, owning its syntax tree.
///
/// This type (with its extensions in this module) is the only code in Galley that calls
/// `cmark_*`. Queries return Swift value types (``Heading``, ``Link``, ``CodeBlock``);
/// transforms change the tree in place through cmark's node API, and ``renderHTML()``
/// renders the result with `cmark_render_html`. The tree is freed when the document is.
///
/// A document is not thread-safe: parse, transform and render it on one task.
public final class MarkdownDocument {
    let root: OpaquePointer
    /// The memory of the tree: every call into cmark that may allocate runs inside
    /// `arena.serving`, and the whole tree is released with the document.
    let arena = NodeArena()
    /// The path reported in source locations.
    public let path: String
    /// The options the document was parsed with, and will be rendered with.
    public let options: MarkdownOptions
    /// The text the document was parsed from, for transforms that read its lines (tables).
    let source: String

    /// Parses Markdown source with cmark.
    ///
    /// - Parameters:
    ///   - source: The Markdown text. Lines keep their numbers, so a caller that strips
    ///     front matter should blank those lines rather than remove them.
    ///   - path: The file path used in every ``SourceLocation`` this document reports.
    ///   - options: Typography and raw-HTML options.
    public init(parsing source: String, path: String, options: MarkdownOptions = MarkdownOptions()) {
        var parseOptions = CMARK_OPT_DEFAULT
        if options.smartTypography { parseOptions |= CMARK_OPT_SMART }
        var source = source
        // The parser copies the bytes it is fed, so the buffer only has to outlive this call.
        self.root = arena.serving {
            source.withUTF8 { bytes in
                let parser = cmark_parser_new_with_mem(parseOptions, NodeArena.allocator)
                defer { cmark_parser_free(parser) }
                bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
                guard let root = cmark_parser_finish(parser) else {
                    fatalError("cmark returned no document; it does so only when it cannot allocate memory")
                }
                return root
            }
        }
        self.path = path
        self.options = options
        self.source = source
    }

    deinit {
        // Blocks from the arena go with it; the walk frees any block that came from the C
        // library because it was allocated outside `arena.serving`.
        arena.serving { cmark_node_free(root) }
    }

    /// Renders the (possibly transformed) tree as HTML.
    public func renderHTML() -> String {
        var renderOptions = CMARK_OPT_DEFAULT
        if options.rawHTML { renderOptions |= CMARK_OPT_UNSAFE }
        return arena.serving {
            // The HTML comes from the tree's allocator and goes back to it.
            guard let html = cmark_render_html(root, renderOptions) else { return "" }
            defer { NodeArena.allocator.pointee.free(html) }
            return String(cString: html)
        }
    }

    // MARK: - Walking

    /// Every node of the tree in document order (each node once, on entering it).
    ///
    /// The nodes are collected before they are returned, so callers may transform the tree
    /// while going through the list.
    func nodes(ofKind kind: NodeKind) -> [OpaquePointer] {
        arena.serving { findNodes(ofKind: kind) }
    }

    private func findNodes(ofKind kind: NodeKind) -> [OpaquePointer] {
        var found: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(root) else { return found }
        defer { cmark_iter_free(iterator) }
        // Paragraphs and headings hold only inline nodes, most of a page's nodes: a search for
        // a kind of block goes past what they hold.
        let skipsInlines = kind.isBlock
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let nodeKind = NodeKind(cmark_node_get_type(node))
            if nodeKind == kind { found.append(node) }
            if skipsInlines && (nodeKind == .paragraph || nodeKind == .heading) {
                cmark_iter_reset(iterator, node, CMARK_EVENT_EXIT)
            }
        }
        return found
    }

    /// The location of a node; inline nodes without positions of their own take their
    /// nearest block's.
    func location(of node: OpaquePointer) -> SourceLocation {
        var current: OpaquePointer? = node
        while let candidate = current {
            let line = Int(cmark_node_get_start_line(candidate))
            if line > 0 {
                let column = Int(cmark_node_get_start_column(candidate))
                return SourceLocation(path: path, line: line, column: column > 0 ? column : nil)
            }
            current = cmark_node_parent(candidate)
        }
        return SourceLocation(path: path, line: 1, column: nil)
    }

    /// The text of a node's inline content, without markup (text, code spans, breaks as spaces).
    func plainText(of node: OpaquePointer) -> String {
        arena.serving { collectText(of: node) }
    }

    private func collectText(of node: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(node) else { return text }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            switch NodeKind(cmark_node_get_type(child)) {
            case .text, .code:
                text += string(cmark_node_get_literal(child))
            case .softBreak, .lineBreak:
                text += " "
            default:
                break
            }
        }
        return text
    }

    /// Replaces `node` by a custom block whose HTML is `html`, and frees `node`.
    ///
    /// A custom block is used rather than an HTML block because cmark renders it even when
    /// raw HTML is turned off: Galley's own markup must not depend on that option.
    ///
    /// - Returns: `false` when cmark refuses the replacement (a node without a parent, such
    ///   as the document itself): the new block is freed and `node` stays where it was.
    @discardableResult
    func replace(_ node: OpaquePointer, withHTML html: String) -> Bool {
        arena.serving {
            guard let block = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, NodeArena.allocator) else { return false }
            cmark_node_set_on_enter(block, html)
            guard cmark_node_replace(node, block) != 0 else {
                cmark_node_free(block)
                return false
            }
            cmark_node_free(node)
            return true
        }
    }
}

/// A Swift string from a C string that cmark owns; `nil` becomes empty.
func string(_ pointer: UnsafePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
}
