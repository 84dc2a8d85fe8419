internal import CCmark
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

extension MarkdownDocument {
    /// The document's text without markup, split at its headings.
    ///
    /// Text, code spans, link texts, image descriptions and table cells are kept; raw HTML is
    /// left out (it is markup, not text, and Galley never reads HTML with patterns). What a
    /// code block contributes is up to the caller, who knows which blocks are snippets with
    /// hidden lines or output shown elsewhere.
    ///
    /// Call it before ``anchorHeadings(using:)`` and ``replaceCodeBlocks(_:with:)``: it finds
    /// headings and code blocks by their node kinds, which those transforms replace.
    ///
    /// - Parameter codeBlockText: Given a code block's position among the document's code
    ///   blocks (``CodeBlock/index``), the text to include for it, or `nil` to leave it out.
    public func text(codeBlockText: (Int) -> String?) -> DocumentText {
        arena.serving { collectText(codeBlockText: codeBlockText) }
    }

    private func collectText(codeBlockText: (Int) -> String?) -> DocumentText {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(source.utf8.count)
        var sections = [DocumentText.Section(heading: nil, range: 0..<0)]
        var headingCount = 0
        var codeBlockCount = 0
        guard let iterator = cmark_iter_new(root) else { return DocumentText(bytes: bytes, sections: sections) }
        defer { cmark_iter_free(iterator) }

        func separate(_ separator: UInt8) {
            guard let last = bytes.last, last != UInt8(ascii: "\n"), last != separator else { return }
            bytes.append(separator)
        }
        func append(_ literal: UnsafePointer<CChar>?) {
            guard let literal else { return }
            let count = strlen(literal)
            literal.withMemoryRebound(to: UInt8.self, capacity: count) { bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: count)) }
        }
        func startSection(heading: Int?) {
            separate(UInt8(ascii: "\n"))
            let start = sections[sections.count - 1].range.lowerBound
            sections[sections.count - 1].range = start..<bytes.count
            sections.append(DocumentText.Section(heading: heading, range: bytes.count..<bytes.count))
        }

        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let kind = NodeKind(cmark_node_get_type(node))
            guard event == CMARK_EVENT_ENTER else {
                if kind.isBlock || kind == .customInline { separate(UInt8(ascii: "\n")) }
                continue
            }
            switch kind {
            case .heading:
                startSection(heading: headingCount)
                headingCount += 1
                // The heading's words are its own; the section's text starts after it.
                cmark_iter_reset(iterator, node, CMARK_EVENT_EXIT)
            case .codeBlock:
                separate(UInt8(ascii: "\n"))
                if let code = codeBlockText(codeBlockCount) { bytes.append(contentsOf: code.utf8) }
                separate(UInt8(ascii: "\n"))
                codeBlockCount += 1
            case .text, .code:
                append(cmark_node_get_literal(node))
            case .softBreak, .lineBreak:
                separate(UInt8(ascii: " "))
            case .customInline:
                // A table cell: its text is not run into the next cell's.
                separate(UInt8(ascii: " "))
            case .htmlBlock, .htmlInline:
                break
            default:
                if kind.isBlock { separate(UInt8(ascii: "\n")) }
            }
        }
        let start = sections[sections.count - 1].range.lowerBound
        sections[sections.count - 1].range = start..<bytes.count
        return DocumentText(bytes: bytes, sections: sections)
    }
}
