internal import CCmark

extension MarkdownDocument {
    /// The anchors that the page's own raw HTML declares: every `id` attribute, and `name` on
    /// `<a>`, in its HTML blocks and inline HTML, so a link to `page.md#setup` finds a
    /// `<div id="setup">` as it finds a heading. None when raw HTML is not rendered.
    public func rawHTMLAnchors() -> [String] {
        guard options.rawHTML else { return [] }
        var anchors: [String] = []
        for kind in [NodeKind.htmlBlock, .htmlInline] {
            for node in nodes(ofKind: kind) {
                let literal = arena.serving { string(cmark_node_get_literal(node)) }
                anchors += RawHTMLAnchors.declared(in: literal)
            }
        }
        return anchors
    }
}

/// Reads the start tags of a piece of raw HTML as a browser's tokenizer does, far enough to
/// find the anchors they declare: comments, doctypes and end tags are skipped, attribute
/// values are quoted or not, and character references in them are decoded.
enum RawHTMLAnchors {
    static func declared(in html: String) -> [String] {
        let bytes = Array(html.utf8)
        var anchors: [String] = []
        var index = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D }
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        func skip(past terminator: [UInt8]) {
            while index < bytes.count {
                if bytes[index...].starts(with: terminator) {
                    index += terminator.count
                    return
                }
                index += 1
            }
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count else {
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if bytes[index...].starts(with: Array("<!--".utf8)) {
                index += 4
                skip(past: Array("-->".utf8))
                continue
            }
            guard isLetter(next) else {
                // An end tag, a doctype, a processing instruction: nothing to declare.
                index += 1
                if next == UInt8(ascii: "/") || next == UInt8(ascii: "!") || next == UInt8(ascii: "?") { skip(past: [UInt8(ascii: ">")]) }
                continue
            }
            index += 1
            let nameStart = index
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") {
                index += 1
            }
            let tag = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            // Attributes until the tag ends.
            while index < bytes.count {
                while index < bytes.count, isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "/") { index += 1 }
                guard index < bytes.count, bytes[index] != UInt8(ascii: ">") else {
                    index += 1
                    break
                }
                let attributeStart = index
                while index < bytes.count, !isSpace(bytes[index]), ![UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[index]) {
                    index += 1
                }
                let attribute = String(decoding: bytes[attributeStart..<index], as: UTF8.self).lowercased()
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                var value: String?
                if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                    index += 1
                    while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                    let valueStart: Int
                    let valueEnd: Int
                    if index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                        let quote = bytes[index]
                        valueStart = index + 1
                        index = valueStart
                        while index < bytes.count, bytes[index] != quote { index += 1 }
                        valueEnd = index
                        if index < bytes.count { index += 1 }
                    } else {
                        valueStart = index
                        while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                        valueEnd = index
                    }
                    value = decodeReferences(String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self))
                }
                if let value, !value.isEmpty, attribute == "id" || (attribute == "name" && tag == "a") {
                    anchors.append(value)
                }
            }
        }
        return anchors
    }

    /// `&amp;`, `&quot;`, `&#39;`, `&#x27;`, `&lt;`, `&gt;`: the references an id is likely to
    /// hold; others are left as written.
    static func decodeReferences(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            rest = rest[ampersand...]
            guard let semicolon = rest.firstIndex(of: ";"), rest.distance(from: rest.startIndex, to: semicolon) <= 10 else {
                result += "&"
                rest = rest.dropFirst()
                continue
            }
            let name = rest[rest.index(after: rest.startIndex)..<semicolon]
            let decoded: String? =
                switch name {
                case "amp": "&"
                case "quot": "\""
                case "apos": "'"
                case "lt": "<"
                case "gt": ">"
                default:
                    if name.hasPrefix("#x") || name.hasPrefix("#X"), let code = UInt32(name.dropFirst(2), radix: 16) {
                        Unicode.Scalar(code).map { String(Character($0)) }
                    } else if name.hasPrefix("#"), let code = UInt32(name.dropFirst()) {
                        Unicode.Scalar(code).map { String(Character($0)) }
                    } else {
                        nil
                    }
                }
            if let decoded {
                result += decoded
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result += "&"
                rest = rest.dropFirst()
            }
        }
        return result + rest
    }
}
