/// Counts a page's words as ``SearchTokenizer`` finds them: where each is, how often, and the
/// section whose text holds it most often.
///
/// Every occurrence of every word of a page comes through ``take(_:hash:prefix:)``, millions on a
/// large site, nearly all of them words seen before. So the table is its own: one probe reads
/// one slot and one record that holds the word's hash, its first eight bytes and its counts,
/// with no bounds or uniqueness checks, where a ``SearchTermTable`` and an array of counts took
/// five dependent reads. Noncopyable, so the buffers it owns have one owner that frees them.
struct PageWords: SearchWordSink, ~Copyable {
    /// Where the words come from now.
    enum Field { case title, heading, body }

    /// What is known of one word of the page.
    private struct Word {
        var hash: UInt64
        /// The first eight bytes, little-endian, zero past the word's end.
        var prefix: UInt64
        var length: Int32
        /// Where the word's bytes start in ``bytes``.
        var start: Int32
        var flags: UInt32 = 0
        var count: UInt32 = 0
        var headingSection: Int32 = -1
        // A word's occurrences in one section come one after the other, as sections are read
        // in order: the run being counted, and the longest run so far.
        var runSection: Int32 = -1
        var runCount: UInt32 = 0
        var bestSection: Int32 = 0
        var bestCount: UInt32 = 0

        mutating func endRun() {
            if runCount > bestCount {
                bestCount = runCount
                bestSection = runSection
            }
        }
    }

    /// Where the words come from now.
    var field = Field.body
    /// The section the words are in now.
    var section: Int32 = 0

    /// Word numbers by hash, `-1` where empty; `mask + 1` of them, a power of two.
    private var slots: UnsafeMutablePointer<Int32>
    private var mask: Int
    /// The words in the order they were first seen, room for half as many as there are slots.
    private var words: UnsafeMutablePointer<Word>
    /// The number of words.
    private var count = 0
    /// Every word's bytes, one after the other.
    private var bytes: [UInt8] = []

    /// Creates an empty counter.
    init() {
        let size = 512
        slots = .allocate(capacity: size)
        slots.initialize(repeating: -1, count: size)
        mask = size - 1
        words = .allocate(capacity: size / 2)
    }

    deinit {
        slots.deallocate()
        words.deinitialize(count: count)
        words.deallocate()
    }

    @inline(__always)
    mutating func take(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, prefix: UInt64) {
        let length = word.count
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let number = Int(slots[slot])
            if number < 0 { break }
            let seen = words + number
            if seen.pointee.hash == hash, seen.pointee.prefix == prefix, Int(seen.pointee.length) == length,
                length <= 8 || matchesAfterPrefix(seen.pointee.start, word)
            {
                count(seen)
                return
            }
            slot = (slot + 1) & mask
        }
        let number = count
        (words + number).initialize(to: Word(hash: hash, prefix: prefix, length: Int32(length), start: Int32(bytes.count)))
        bytes.append(contentsOf: word)
        count += 1
        slots[slot] = Int32(number)
        count(words + number)
        if count * 2 > mask { grow() }
    }

    @inline(__always)
    private func count(_ word: UnsafeMutablePointer<Word>) {
        switch field {
        case .title:
            word.pointee.flags |= SearchEntry.titleWeight
        case .heading:
            word.pointee.flags |= SearchEntry.headingWeight
            if word.pointee.headingSection < 0 { word.pointee.headingSection = section }
        case .body:
            word.pointee.count += 1
            if word.pointee.runSection != section {
                word.pointee.endRun()
                word.pointee.runSection = section
                word.pointee.runCount = 0
            }
            word.pointee.runCount += 1
        }
    }

    /// Whether the bytes of `word` after its eighth are those stored from `start` on.
    private func matchesAfterPrefix(_ start: Int32, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { stored in
            let start = Int(start)
            for index in 8..<word.count where stored[start + index] != word[index] { return false }
            return true
        }
    }

    private mutating func grow() {
        let size = (mask + 1) * 2
        let grown = UnsafeMutablePointer<Int32>.allocate(capacity: size)
        grown.initialize(repeating: -1, count: size)
        for number in 0..<count {
            var slot = Int(truncatingIfNeeded: words[number].hash) & (size - 1)
            while grown[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            grown[slot] = Int32(number)
        }
        slots.deallocate()
        slots = grown
        mask = size - 1
        let moved = UnsafeMutablePointer<Word>.allocate(capacity: size / 2)
        moved.moveInitialize(from: words, count: count)
        words.deallocate()
        words = moved
    }

    /// The page's words, numbered in the order they were first seen, and each word's posting
    /// by its number: `section << 6 | weight` (see ``SearchEntry``).
    mutating func finish() -> (words: SearchTermTable, postings: [UInt32]) {
        var table = SearchTermTable(capacity: count)
        var postings: [UInt32] = []
        postings.reserveCapacity(count)
        bytes.withUnsafeBufferPointer { bytes in
            for number in 0..<count {
                words[number].endRun()
                let word = words[number]
                table.insert(UnsafeBufferPointer(rebasing: bytes[Int(word.start)..<Int(word.start + word.length)]), hash: word.hash)
                let weight = word.flags | min(word.count, SearchEntry.bodyCountLimit)
                let section = word.headingSection >= 0 ? word.headingSection : (word.count > 0 ? word.bestSection : 0)
                postings.append(UInt32(section) << SearchEntry.weightBits | weight)
            }
        }
        return (table, postings)
    }
}
