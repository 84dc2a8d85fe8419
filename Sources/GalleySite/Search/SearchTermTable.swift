/// A set of words, each given a number in the order it was first added, looked up by its
/// UTF-8 bytes: the vocabulary of one page while it is indexed, and of the whole site when the
/// pages' words are merged.
///
/// Open addressing over one buffer of bytes, rather than a `[String: Int]`: a page has
/// thousands of words and a large site millions, and making a string of each and hashing it
/// with the standard library's seeded hash cost several times what this does.
struct SearchTermTable: Sendable, Hashable {
    /// Every word's bytes, one after the other.
    private(set) var bytes: [UInt8] = []
    /// Where each word ends in ``bytes``; word `n` starts where word `n - 1` ends.
    private(set) var ends: [Int32] = []
    /// Each word's hash, kept so that growing the table and merging tables need not hash again.
    private(set) var hashes: [UInt64] = []
    /// Word numbers by hash, `-1` where empty; the count is a power of two.
    private var slots: [Int32]

    /// Creates an empty table with room for about `capacity` words before it grows.
    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
    }

    /// The number of words.
    var count: Int { ends.count }

    /// The bytes of word `number`.
    func word(_ number: Int) -> ArraySlice<UInt8> {
        bytes[start(of: number)..<Int(ends[number])]
    }

    /// Word `number` as a string.
    func string(_ number: Int) -> String {
        String(decoding: word(number), as: UTF8.self)
    }

    private func start(of number: Int) -> Int {
        number == 0 ? 0 : Int(ends[number - 1])
    }

    /// The number of `word`, which is added if it is new.
    ///
    /// - Parameter hash: ``hash(_:)`` of `word`, when the caller has it.
    @discardableResult
    mutating func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64? = nil) -> (number: Int, isNew: Bool) {
        let hash = hash ?? Self.hash(word)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let number = Int(slots[slot])
            if number < 0 { break }
            if hashes[number] == hash, matches(number, word) { return (number, false) }
            slot = (slot + 1) & mask
        }
        let number = ends.count
        bytes.append(contentsOf: word)
        ends.append(Int32(bytes.count))
        hashes.append(hash)
        slots[slot] = Int32(number)
        if ends.count * 2 > slots.count { grow() }
        return (number, true)
    }

    private func matches(_ number: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = start(of: number)
        guard Int(ends[number]) - start == word.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            var index = 0
            while index < word.count, stored[start + index] == word[index] { index += 1 }
            return index == word.count
        }
    }

    private mutating func grow() {
        var slots = [Int32](repeating: -1, count: self.slots.count * 2)
        let mask = slots.count - 1
        for (number, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(number)
        }
        self.slots = slots
    }

    /// A hash of the bytes, taken eight at a time (most words are one step), mixed at the end
    /// so that the low bits, which pick the slot, depend on every byte. Not seeded: the words
    /// are the site's own, and the build is reproducible.
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hasher = WordHasher(length: word.count)
        for byte in word { hasher.add(byte) }
        return hasher.finish()
    }

    /// ``hash(_:)`` a byte at a time, for a caller that reads the bytes anyway.
    struct WordHasher {
        private var hash: UInt64
        private var chunk: UInt64 = 0
        private var shift: UInt64 = 0

        /// Starts the hash of a word of `length` bytes.
        @inline(__always)
        init(length: Int) {
            hash = SearchTermTable.hashStart ^ UInt64(length)
        }

        /// Adds the next byte.
        @inline(__always)
        mutating func add(_ byte: UInt8) {
            chunk |= UInt64(byte) << shift
            shift += 8
            if shift == 64 {
                hash = (hash ^ chunk) &* 0x100_0000_01b3
                hash ^= hash >> 31
                chunk = 0
                shift = 0
            }
        }

        /// Adds the next eight bytes, or the last `count` of the word (`count` < 8, the bytes
        /// above them zero), as one little-endian chunk: the same as adding them one at a time.
        /// Only at a chunk boundary, which is where a word's bytes are added eight at a time.
        @inline(__always)
        mutating func add(chunk bytes: UInt64, count: Int) {
            if count == 8 {
                hash = (hash ^ bytes) &* 0x100_0000_01b3
                hash ^= hash >> 31
            } else {
                chunk = bytes
                shift = UInt64(count) << 3
            }
        }

        /// The hash of the bytes added.
        @inline(__always)
        func finish() -> UInt64 {
            SearchTermTable.hashFinish(shift > 0 ? (hash ^ chunk) &* 0x100_0000_01b3 : hash)
        }
    }

    /// Where ``hash(_:)`` starts.
    private static let hashStart: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The end of ``hash(_:)``.
    @inline(__always)
    private static func hashFinish(_ hash: UInt64) -> UInt64 {
        var hash = hash ^ (hash >> 29)
        hash = hash &* 0xbf58_476d_1ce4_e5b9
        return hash ^ (hash >> 32)
    }
}
