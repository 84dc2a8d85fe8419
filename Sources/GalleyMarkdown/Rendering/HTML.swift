/// Escaping for text placed into HTML that Galley writes itself.
public enum HTML {
    /// Escapes `&`, `<` and `>` for element content.
    public static func escape(_ text: String) -> String {
        escaping(text, quotes: false)
    }

    /// Escapes for a double-quoted attribute value (also `"` and `'`).
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
                default: false
                }
            }
            guard let first = bytes.firstIndex(where: needsEscape) else { return nil }
            var escaped: [UInt8] = []
            escaped.reserveCapacity(bytes.count + 32)
            escaped.append(contentsOf: bytes[..<first])
            for byte in bytes[first...] {
                switch byte {
                case UInt8(ascii: "&"): escaped.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): escaped.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): escaped.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\"") where quotes: escaped.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'") where quotes: escaped.append(contentsOf: "&#39;".utf8)
                default: escaped.append(byte)
                }
            }
            return String(decoding: escaped, as: UTF8.self)
        }
        return escaped ?? text
    }
}
