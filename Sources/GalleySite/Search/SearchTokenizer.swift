/// Splits text into the words the search index holds, the way `assets/search.js` splits what a
/// reader types, so that both sides agree on every word.
///
/// A word is a run of letters (Unicode's `Alphabetic`), numbers (`N*`), combining marks (`M*`)
/// and `_`, lowercased character by character with Unicode's full lowercase mapping. Everything
/// else separates words, apostrophes and dots included (`don't` is `don` and `t`, `Task.sleep`
/// is `task` and `sleep`). Words longer than ``maximumLength`` bytes (hashes, encoded data) are
/// left out. There is no stemming and no word segmentation for scripts written without spaces:
/// a run of Han characters is one word, found by its beginning.
///
/// The text is read as UTF-8 bytes: ASCII words, nearly all of them, are lowercased in place
/// without making a string; only a run that holds non-ASCII bytes is decoded to look up the
/// properties of its characters.
enum SearchTokenizer {
    /// The longest word indexed, in UTF-8 bytes.
    static let maximumLength = 64

    /// Calls `body` with each word of `text`, lowercased, as UTF-8 bytes that are valid only
    /// during the call.
    static func forEachWord(in text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength) { word in
            let count = text.count
            var index = 0
            while index < count {
                while index < count, !isWordByte(text[index]) { index += 1 }
                let start = index
                var isASCII = true
                while index < count, isWordByte(text[index]) {
                    if text[index] >= 0x80 { isASCII = false }
                    index += 1
                }
                let length = index - start
                guard length > 0 else { break }
                guard isASCII else {
                    forEachUnicodeWord(in: UnsafeBufferPointer(rebasing: text[start..<index]), body)
                    continue
                }
                guard length <= maximumLength else { continue }
                for offset in 0..<length {
                    let byte = text[start + offset]
                    word[offset] = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
                }
                body(UnsafeBufferPointer(rebasing: word[0..<length]))
            }
        }
    }

    /// Calls `body` with each word of `text`, lowercased.
    static func forEachWord(in text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { forEachWord(in: $0, body) }
    }

    /// The words of `text`, lowercased, in order and repeated as they are repeated.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        forEachWord(in: text) { words.append(String(decoding: $0, as: UTF8.self)) }
        return words
    }

    /// An ASCII letter, digit or `_`, or any byte of a non-ASCII character (decided later).
    @inline(__always)
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    /// The words of a run of ASCII word bytes and non-ASCII characters, split at the characters
    /// that are not letters, numbers or marks.
    private static func forEachUnicodeWord(in run: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var word: [UInt8] = []
        func finish() {
            if !word.isEmpty, word.count <= maximumLength { word.withUnsafeBufferPointer(body) }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in String(decoding: run, as: UTF8.self).unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                if isWordByte(byte) {
                    word.append(byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte)
                } else {
                    finish()
                }
            } else if isWordCharacter(scalar) {
                word.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            } else {
                finish()
            }
        }
        finish()
    }

    /// Whether a non-ASCII character belongs to words: `[\p{Alphabetic}\p{N}\p{M}]` in the
    /// client's regular expression.
    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
