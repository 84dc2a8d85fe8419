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
/// The text is read as UTF-8 bytes: ASCII words, nearly all of them, are lowercased eight bytes
/// at a time without making a string; only a run that holds non-ASCII bytes is decoded to look
/// up the properties of its characters.
enum SearchTokenizer {
    /// The longest word indexed, in UTF-8 bytes.
    static let maximumLength = 64

    /// Gives each word of `text`, lowercased, to `sink`, as UTF-8 bytes that are valid only
    /// during the call.
    ///
    /// A sink rather than a closure: the indexer's counters are then its own stored properties,
    /// not variables captured by a closure, which Swift checks for exclusive access on every use.
    ///
    /// The text is read 64 bytes at a time into a mask with one bit per byte that belongs to
    /// words, in which the words' starts and ends are found with bit operations. Branching
    /// byte by byte, the processor mispredicted the end of nearly every word, which cost more
    /// than all the rest of the work on it.
    static func forEachWord<Sink: SearchWordSink & ~Copyable>(in text: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        guard let base = text.baseAddress else { return }
        let count = text.count
        // A chunk past the longest word: lowercased bytes are stored eight at a time.
        let word = UnsafeMutableRawBufferPointer.allocate(byteCount: maximumLength + 8, alignment: 8)
        defer { word.deallocate() }
        let wordStart = word.baseAddress!.assumingMemoryBound(to: UInt8.self)

        @inline(__always)
        func take(_ start: Int, _ end: Int) {
            let length = end - start
            let run = UnsafeBufferPointer(start: base + start, count: length)
            guard length <= maximumLength else {
                // Too long to be a word, unless non-ASCII characters in it separate words.
                if run.contains(where: { $0 >= 0x80 }) { forEachUnicodeWord(in: run, into: &sink) }
                return
            }
            // Lowercased, copied and hashed eight bytes at a time.
            var hasher = SearchTermTable.WordHasher(length: length)
            var nonASCII: UInt64 = 0
            var offset = 0
            var prefix: UInt64 = 0
            repeat {
                let taken = min(8, length - offset)
                let bytes = chunk(base + start + offset, count: taken, readable: count - start - offset)
                nonASCII |= bytes
                let lowered = lowercasedASCII(bytes)
                word.storeBytes(of: lowered.littleEndian, toByteOffset: offset, as: UInt64.self)
                hasher.add(chunk: lowered, count: taken)
                if offset == 0 { prefix = lowered }
                offset += 8
            } while offset < length
            guard nonASCII & highBits == 0 else { return forEachUnicodeWord(in: run, into: &sink) }
            sink.take(UnsafeBufferPointer(start: wordStart, count: length), hash: hasher.finish(), prefix: prefix)
        }

        var block = 0
        // 1 when the byte before the block belongs to a word.
        var carried: UInt64 = 0
        // The start of a word whose end is not found yet.
        var open: Int?
        while block < count {
            let mask = wordMask(base + block, readable: count - block)
            let previous = mask << 1 | carried
            var starts = mask & ~previous
            // The first byte after each word; past the end of the text, bytes count as
            // separators, so a word that ends the text ends there.
            var ends = ~mask & previous
            while true {
                if open == nil {
                    guard starts != 0 else { break }
                    open = block + starts.trailingZeroBitCount
                    starts &= starts &- 1
                }
                guard ends != 0, let start = open else { break }
                take(start, min(count, block + ends.trailingZeroBitCount))
                ends &= ends &- 1
                open = nil
            }
            carried = mask >> 63
            block += 64
        }
        if let start = open { take(start, count) }
    }

    /// One bit for each of the 64 bytes at `bytes` (fewer when fewer are `readable`, the rest
    /// zero), set when the byte belongs to a word.
    @inline(__always)
    private static func wordMask(_ bytes: UnsafePointer<UInt8>, readable: Int) -> UInt64 {
        var mask: UInt64 = 0
        var offset = 0
        while offset < min(64, readable) {
            let bits = wordBytes(chunk(bytes + offset, count: min(8, readable - offset), readable: readable - offset))
            // Each byte's top bit gathered into the top byte, in order, then moved into place.
            mask |= ((bits &* 0x0002_0408_1020_4081) >> 56) << UInt64(offset)
            offset += 8
        }
        return mask
    }

    /// The top bit of each of eight bytes.
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The top bit set in each byte of `chunk` that belongs to words: an ASCII letter, digit
    /// or `_`, or any byte of a non-ASCII character (whose class is decided once its run is
    /// decoded). All eight at once: with the top bits cleared, adding a constant to every byte
    /// sets a byte's top bit when it is at least some value, and no addition carries into the
    /// next byte.
    @inline(__always)
    private static func wordBytes(_ chunk: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let ascii = chunk & ~highBits
        let folded = ascii | (ones &* 0x20)
        let letters = (folded &+ ones &* (0x80 - 0x61)) & ~(folded &+ ones &* (0x80 - 0x7B))
        let digits = (ascii &+ ones &* (0x80 - 0x30)) & ~(ascii &+ ones &* (0x80 - 0x3A))
        let underscores = ~((ascii ^ (ones &* 0x5F)) &+ ~highBits)
        return (chunk | letters | digits | underscores) & highBits
    }

    /// `count` bytes (at most 8) at `bytes` as a little-endian number, the bytes above them
    /// zero; eight are read at once when eight are `readable`.
    @inline(__always)
    private static func chunk(_ bytes: UnsafePointer<UInt8>, count: Int, readable: Int) -> UInt64 {
        if readable >= 8 {
            let loaded = UInt64(littleEndian: UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self))
            return count == 8 ? loaded : loaded & ((1 << (UInt64(count) << 3)) &- 1)
        }
        var value: UInt64 = 0
        for offset in 0..<count { value |= UInt64(bytes[offset]) << (UInt64(offset) << 3) }
        return value
    }

    /// Eight ASCII bytes with `A`…`Z` made lowercase, all at once, as in ``wordBytes(_:)``.
    @inline(__always)
    private static func lowercasedASCII(_ chunk: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let atLeastA = chunk &+ ones &* (0x80 - 0x41)
        let pastZ = chunk &+ ones &* (0x80 - 0x5B)
        return chunk | ((atLeastA & ~pastZ & (ones &* 0x80)) >> 2)
    }

    /// Gives each word of `text`, lowercased, to `sink`.
    static func forEachWord<Sink: SearchWordSink & ~Copyable>(in text: String, into sink: inout Sink) {
        var text = text
        text.withUTF8 { forEachWord(in: $0, into: &sink) }
    }

    /// The words of `text`, lowercased, in order and repeated as they are repeated.
    static func words(_ text: String) -> [String] {
        struct Collected: SearchWordSink {
            var words: [String] = []
            mutating func take(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, prefix: UInt64) { words.append(String(decoding: word, as: UTF8.self)) }
        }
        var collected = Collected()
        forEachWord(in: text, into: &collected)
        return collected.words
    }

    /// The first eight bytes of `word`, little-endian, zero past its end.
    static func prefix(of word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let start = word.baseAddress else { return 0 }
        return chunk(start, count: min(8, word.count), readable: word.count)
    }

    /// An ASCII letter, digit or `_`, or any byte of a non-ASCII character (decided later).
    @inline(__always)
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    /// The words of a run of ASCII word bytes and non-ASCII characters, split at the characters
    /// that are not letters, numbers or marks.
    private static func forEachUnicodeWord<Sink: SearchWordSink & ~Copyable>(in run: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        var word: [UInt8] = []
        func end() {
            if !word.isEmpty, word.count <= maximumLength { word.withUnsafeBufferPointer { sink.take($0, hash: SearchTermTable.hash($0), prefix: prefix(of: $0)) } }
            word.removeAll(keepingCapacity: true)
        }
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
            if !isWord { end() }
        }
        end()
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
protocol SearchWordSink: ~Copyable {
    /// Takes one word, lowercased UTF-8, whose bytes are valid only during the call, with its
    /// ``SearchTermTable/hash(_:)`` and its first eight bytes as ``SearchTokenizer/prefix(of:)``
    /// gives them: the tokenizer has both at hand, and a word of up to eight bytes is then
    /// compared as one number.
    mutating func take(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, prefix: UInt64)
}
