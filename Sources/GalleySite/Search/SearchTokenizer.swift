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

    /// Gives each word of `text`, lowercased, to `sink`, as UTF-8 bytes that are valid only
    /// during the call.
    ///
    /// A sink rather than a closure: the indexer's counters are then its own stored properties,
    /// not variables captured by a closure, which Swift checks for exclusive access on every use.
    static func forEachWord<Sink: SearchWordSink>(in text: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        let word = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: maximumLength)
        defer { word.deallocate() }
        byteClasses.withUnsafeBufferPointer { classes in
            let count = text.count
            var index = 0
            while index < count {
                while index < count, classes[Int(text[index])] == 0 { index += 1 }
                let start = index
                var kinds: UInt8 = 0
                while index < count {
                    let kind = classes[Int(text[index])]
                    if kind == 0 { break }
                    kinds |= kind
                    index += 1
                }
                let length = index - start
                guard length > 0 else { break }
                guard kinds & 2 == 0 else {
                    forEachUnicodeWord(in: UnsafeBufferPointer(rebasing: text[start..<index]), into: &sink)
                    continue
                }
                guard length <= maximumLength else { continue }
                // Lowercased and hashed in one pass.
                var hasher = SearchTermTable.WordHasher(length: length)
                for offset in 0..<length {
                    let byte = text[start + offset]
                    let lower = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
                    word[offset] = lower
                    hasher.add(lower)
                }
                sink.take(UnsafeBufferPointer(rebasing: word[0..<length]), hash: hasher.finish())
            }
        }
    }

    /// For each byte: 0 when it separates words, 1 for an ASCII letter, digit or `_`, 2 for a
    /// byte of a non-ASCII character (whose class is decided once the run is decoded).
    private static let byteClasses: [UInt8] = (0...255).map { byte in
        if byte >= 0x80 { return 2 }
        return isWordByte(UInt8(byte)) ? 1 : 0
    }

    /// Gives each word of `text`, lowercased, to `sink`.
    static func forEachWord<Sink: SearchWordSink>(in text: String, into sink: inout Sink) {
        var text = text
        text.withUTF8 { forEachWord(in: $0, into: &sink) }
    }

    /// The words of `text`, lowercased, in order and repeated as they are repeated.
    static func words(_ text: String) -> [String] {
        struct Collected: SearchWordSink {
            var words: [String] = []
            mutating func take(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) { words.append(String(decoding: word, as: UTF8.self)) }
        }
        var collected = Collected()
        forEachWord(in: text, into: &collected)
        return collected.words
    }

    /// An ASCII letter, digit or `_`, or any byte of a non-ASCII character (decided later).
    @inline(__always)
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    /// The words of a run of ASCII word bytes and non-ASCII characters, split at the characters
    /// that are not letters, numbers or marks.
    private static func forEachUnicodeWord<Sink: SearchWordSink>(in run: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        var word: [UInt8] = []
        for scalar in String(decoding: run, as: UTF8.self).unicodeScalars {
            let isWord: Bool
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                isWord = isWordByte(byte)
                if isWord { word.append(byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte) }
            } else {
                isWord = isWordCharacter(scalar)
                if isWord { word.append(contentsOf: scalar.properties.lowercaseMapping.utf8) }
            }
            if !isWord {
                if !word.isEmpty, word.count <= maximumLength { word.withUnsafeBufferPointer { sink.take($0, hash: SearchTermTable.hash($0)) } }
                word.removeAll(keepingCapacity: true)
            }
        }
        if !word.isEmpty, word.count <= maximumLength { word.withUnsafeBufferPointer { sink.take($0, hash: SearchTermTable.hash($0)) } }
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

/// What takes the words of a text from ``SearchTokenizer``, one at a time.
protocol SearchWordSink {
    /// Takes one word, lowercased UTF-8, whose bytes are valid only during the call, with its
    /// ``SearchTermTable/hash(_:)``.
    mutating func take(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64)
}
