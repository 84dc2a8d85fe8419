/// Control characters in text that Galley shows, made visible.
///
/// Pages, file names and what snippets print may hold control characters: an escape (`ESC`,
/// U+001B) starts a terminal sequence that moves the cursor, recolours or clears the screen,
/// retitles the window or writes a link; `BEL` rings; a carriage return rewrites the line, so a
/// failure could be overprinted with a pass. None of them should act on the terminal that shows
/// Galley's messages, nor be invisible on a page. Tab and newline are kept everywhere.
public enum ControlCharacters {
    /// `text` with each control character spelled as a Swift string literal spells it: `\0`,
    /// `\r`, and `\u{1B}` for the others (C0 controls, DEL and the C1 controls U+0080–U+009F).
    ///
    /// Tab and newline are kept. Text without control characters is returned as it is.
    public static func visibleInTerminal(_ text: String) -> String {
        guard needsReplacing(text, keepingCarriageReturn: false) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A: result.unicodeScalars.append(scalar)
            case 0x00: result += "\\0"
            case 0x0D: result += "\\r"
            case 0x01...0x1F, 0x7F...0x9F: result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `text` with each control character replaced by a visible stand-in that is not a control,
    /// for HTML and XML: a C0 control by its Control Pictures symbol (U+001B → `␛` U+241B,
    /// U+0000 → `␀`), DEL by `␡` (U+2421), a C1 control (U+0080–U+009F) by `�` (U+FFFD).
    ///
    /// Tab, newline and carriage return are kept (HTML reads a carriage return as a line end).
    /// Text without control characters is returned as it is, without a copy.
    public static func visibleInHTML(_ text: String) -> String {
        guard needsReplacing(text, keepingCarriageReturn: true) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 32)
        appendVisibleInHTML(text.utf8, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends UTF-8 `source` to `bytes` with its control characters replaced as
    /// ``visibleInHTML(_:)`` does; `source` holds whole characters.
    static func appendVisibleInHTML(_ source: some Collection<UInt8>, to bytes: inout [UInt8]) {
        var index = source.startIndex
        while index < source.endIndex {
            let byte = source[index]
            let next = source.index(after: index)
            if let picture = picture(forASCII: byte) {
                bytes.append(contentsOf: picture)
            } else if byte == 0xC2, next < source.endIndex, (0x80...0x9F).contains(source[next]) {
                bytes.append(contentsOf: replacementCharacter)
                index = source.index(after: next)
                continue
            } else {
                bytes.append(byte)
            }
            index = next
        }
    }

    /// The UTF-8 of the stand-in for an ASCII control byte other than tab, newline and
    /// carriage return, or `nil` for every other byte.
    static func picture(forASCII byte: UInt8) -> [UInt8]? {
        switch byte {
        case 0x09, 0x0A, 0x0D: nil
        // U+2400 + byte is E2 90 80+byte; DEL's picture is U+2421.
        case 0x00...0x1F: [0xE2, 0x90, 0x80 + byte]
        case 0x7F: [0xE2, 0x90, 0xA1]
        default: nil
        }
    }

    /// U+FFFD in UTF-8.
    static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Whether `text` holds a control character that must be replaced: every page goes
    /// through here whole and nearly none holds one, so the scan reads eight bytes at a time
    /// and looks at single bytes only in a word that may hold one (a newline, say).
    static func needsReplacing(_ text: String, keepingCarriageReturn: Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let count = bytes.count
            var index = 0
            if let base = bytes.baseAddress {
                while index + 8 <= count {
                    let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    if mayHoldControl(word) {
                        for position in index..<index + 8 where isControl(at: position, in: bytes, keepingCarriageReturn: keepingCarriageReturn) {
                            return true
                        }
                    }
                    index += 8
                }
            }
            while index < count {
                if isControl(at: index, in: bytes, keepingCarriageReturn: keepingCarriageReturn) { return true }
                index += 1
            }
            return false
        }
    }

    /// Whether one of the eight bytes of `word` is below 0x20, DEL or 0xC2 (the first byte of
    /// U+0080 … U+00BF, the C1 controls among them); never `false` when one is.
    private static func mayHoldControl(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        // The classic tests: a byte below n sets its high bit in (w - n·ones) & ~w, and a
        // byte equal to c is a zero byte of w ^ c·ones.
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highBits != 0 }
        let below20 = (word &- ones &* 0x20) & ~word & highBits != 0
        return below20 || hasZeroByte(word ^ (ones &* 0x7F)) || hasZeroByte(word ^ (ones &* 0xC2))
    }

    /// Whether the character at byte `index` of `bytes` is one that must be replaced.
    private static func isControl(at index: Int, in bytes: UnsafeBufferPointer<UInt8>, keepingCarriageReturn: Bool) -> Bool {
        let byte = bytes[index]
        if byte < 0x20 {
            return byte != 0x09 && byte != 0x0A && (byte != 0x0D || !keepingCarriageReturn)
        }
        if byte == 0x7F { return true }
        // C2 80 … C2 9F are U+0080 … U+009F; C2 A0 and above are printable.
        return byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] < 0xA0
    }
}
