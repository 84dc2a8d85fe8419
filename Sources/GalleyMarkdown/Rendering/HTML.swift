/// Escaping for text placed into HTML that Galley writes itself.
public enum HTML {
    /// Escapes `&`, `<` and `>` for element content, and replaces control characters other
    /// than tab, newline and carriage return with visible stand-ins, as
    /// ``ControlCharacters/visibleInHTML(_:)`` does (U+001B becomes `␛`).
    public static func escape(_ text: String) -> String {
        escaping(text, quotes: false)
    }

    /// Escapes for a double-quoted attribute value (also `"` and `'`), control characters as
    /// ``escape(_:)`` does.
    public static func escapeAttribute(_ text: String) -> String {
        escaping(text, quotes: true)
    }

    /// Works on UTF-8 bytes: the escaped characters are ASCII, and no byte of a multi-byte
    /// UTF-8 sequence is ASCII, so no other character can be split or changed. Titles, ids and
    /// code are escaped for every page, and most need nothing, so they are returned as they are.
    private static func escaping(_ text: String, quotes: Bool) -> String {
        var text = text
        let escaped: String? = text.withUTF8 { bytes in
            func needsEscape(_ byte: UInt8) -> Bool {
                switch byte {
                case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"): true
                case UInt8(ascii: "\""), UInt8(ascii: "'"): quotes
                // A control character, or the lead byte of one from U+0080 to U+00BF.
                case 0x00...0x1F: byte != 0x09 && byte != 0x0A && byte != 0x0D
                case 0x7F, 0xC2: true
                default: false
                }
            }
            guard let first = bytes.firstIndex(where: needsEscape) else { return nil }
            var escaped: [UInt8] = []
            escaped.reserveCapacity(bytes.count + 32)
            escaped.append(contentsOf: bytes[..<first])
            var index = first
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "&"): escaped.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): escaped.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): escaped.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\"") where quotes: escaped.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'") where quotes: escaped.append(contentsOf: "&#39;".utf8)
                case 0xC2 where index < bytes.count && bytes[index] < 0xA0:
                    escaped.append(contentsOf: ControlCharacters.replacementCharacter)
                    index += 1
                default:
                    if let picture = ControlCharacters.picture(forASCII: byte) {
                        escaped.append(contentsOf: picture)
                    } else {
                        escaped.append(byte)
                    }
                }
            }
            return String(decoding: escaped, as: UTF8.self)
        }
        return escaped ?? text
    }
}
