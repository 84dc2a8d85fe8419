/// The site's search index: every page's words merged into posting lists, split into chunks by
/// the words' first characters, so that a search loads only the chunks its words start with.
///
/// The files, under ``folder`` in the output:
///
/// - `manifest.json`: `{"version":1,"build":"…","pages":N,"keys":[…],"split":[…]}`. Chunk `n`
///   holds the words that start with `keys[n]`; `split` lists the chunks that were too large and
///   were split by one more character.
/// - `terms/n.json`: `{"terms":{"word":[page,posting,page,posting,…],…}}`. Pages are numbers,
///   each given as the difference from the one before it; a posting is `section << 6 | weight`
///   (see ``SearchEntry``). A split chunk holds only the word equal to its key, if any, and
///   under `"prefix"` the merged postings of every word that starts with its key (each page's
///   greatest weight), for a search that stops at the key.
/// - `pages/n.json`: page `n`'s record: its title, route and sections (anchor, heading and the
///   start of the section's text), loaded only for the pages a search shows.
///
/// An index of at most ``chunkLimit`` bytes is one chunk, whose key is empty. A larger one has
/// keys one character long to start with; a chunk larger than ``chunkLimit`` bytes is split,
/// down to keys of ``keyLengthLimit`` characters. A search for `asy` loads the chunk of the
/// longest key that starts it (`a`, `as` or `asy`), whose words are then matched by prefix.
struct SearchIndex {
    /// The output folder of the index, from the site root.
    static let folder = "galley-search"
    /// The version of the files' format, which `search.js` checks.
    static let version = 1
    /// A chunk larger than this, in bytes, is split by one more character.
    static let chunkLimit = 16 * 1024
    /// The longest key, in characters.
    static let keyLengthLimit = 12

    /// The files of the index: path in the output and contents.
    let files: [(path: String, contents: [UInt8])]

    /// Merges the entries of a site's pages; page `n` of the index is `entries[n]`, and a page
    /// without an entry is found by no search.
    init(entries: [SearchEntry?]) {
        let merged = Merge(entries: entries)
        var files: [(path: String, contents: [UInt8])] = []
        files.reserveCapacity(entries.count + 64)
        let chunks = merged.chunks()
        var keys: [String] = []
        var split: [Int] = []
        var build = SearchTermTable.hash(UnsafeBufferPointer(start: nil, count: 0))
        for (number, chunk) in chunks.enumerated() {
            keys.append(chunk.key)
            if chunk.isSplit { split.append(number) }
            build = Self.mix(build, chunk.contents.withUnsafeBufferPointer(SearchTermTable.hash))
            files.append(("\(Self.termsFolder)/\(number).json", chunk.contents))
        }
        for (number, entry) in entries.enumerated() {
            guard let entry else { continue }
            build = Self.mix(build, entry.recordHash)
            files.append((Self.recordPath(page: number), entry.record))
        }

        var manifest: [UInt8] = []
        manifest.append(contentsOf: "{\"version\":".utf8)
        SearchJSON.appendNumber(Self.version, to: &manifest)
        manifest.append(contentsOf: ",\"build\":".utf8)
        SearchJSON.appendString(String(build, radix: 16), to: &manifest)
        manifest.append(contentsOf: ",\"pages\":".utf8)
        SearchJSON.appendNumber(entries.count, to: &manifest)
        manifest.append(contentsOf: ",\"keys\":[".utf8)
        for (position, key) in keys.enumerated() {
            if position > 0 { manifest.append(UInt8(ascii: ",")) }
            SearchJSON.appendString(key, to: &manifest)
        }
        manifest.append(contentsOf: "],\"split\":[".utf8)
        for (position, number) in split.enumerated() {
            if position > 0 { manifest.append(UInt8(ascii: ",")) }
            SearchJSON.appendNumber(number, to: &manifest)
        }
        manifest.append(contentsOf: "]}\n".utf8)
        files.insert((Self.manifestPath, manifest), at: 0)
        self.files = files
    }

    /// The path of the manifest in the output.
    static let manifestPath = "\(folder)/manifest.json"
    /// The folder of the chunks in the output, whose files are known once the words are merged.
    static let termsFolder = "\(folder)/terms"

    /// The paths of the files whose names do not depend on the words: the manifest and the
    /// records of the pages that have an entry.
    static func pathsBeforeMerging(entries: [SearchEntry?]) -> [String] {
        [manifestPath] + entries.indices.filter { entries[$0] != nil }.map { recordPath(page: $0) }
    }

    /// The folder of the pages' records in the output, ending in `/`.
    static let recordFolder = "\(folder)/pages/"

    /// The path of page `page`'s record in the output.
    static func recordPath(page: Int) -> String {
        "\(recordFolder)\(page).json"
    }

    private static func mix(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        (hash ^ value) &* 0x9E37_79B9_7F4A_7C15
    }
}

/// One chunk file of the index.
struct SearchChunk {
    /// The characters its words start with.
    var key: String
    /// Whether it was split: it then holds the merged postings of its words, not the words.
    var isSplit: Bool
    /// The JSON.
    var contents: [UInt8]
}

/// The pages' words merged into one vocabulary with a posting list for each word.
private struct Merge {
    /// Every word of the site.
    var words: SearchTermTable
    /// Where each word's postings start in ``pages`` and ``postings``; word `n`'s end where word `n + 1`'s start.
    var starts: [Int]
    /// The page of each posting, in order of page within each word.
    var pages: [Int32]
    /// Each posting: `section << 6 | weight`.
    var postings: [UInt32]
    /// The number of pages.
    var pageCount: Int

    init(entries: [SearchEntry?]) {
        pageCount = entries.count
        let estimate = entries.reduce(0) { $0 + ($1?.words.count ?? 0) }
        var words = SearchTermTable(capacity: max(64, estimate / 8))
        // First the vocabulary and the length of each list, then the lists filled in page order.
        var numbers: [Int32] = []
        numbers.reserveCapacity(estimate)
        var counts: [Int] = []
        for entry in entries {
            guard let entry else { continue }
            entry.words.bytes.withUnsafeBufferPointer { bytes in
                var start = 0
                for (local, end) in entry.words.ends.enumerated() {
                    let word = UnsafeBufferPointer(rebasing: bytes[start..<Int(end)])
                    let (number, isNew) = words.insert(word, hash: entry.words.hashes[local])
                    if isNew { counts.append(0) }
                    counts[number] += 1
                    numbers.append(Int32(number))
                    start = Int(end)
                }
            }
        }
        var starts = [Int](repeating: 0, count: counts.count + 1)
        for number in counts.indices { starts[number + 1] = starts[number] + counts[number] }
        var next = Array(starts.dropLast())
        var pages = [Int32](repeating: 0, count: numbers.count)
        var postings = [UInt32](repeating: 0, count: numbers.count)
        var position = 0
        for (page, entry) in entries.enumerated() {
            guard let entry else { continue }
            for posting in entry.postings {
                let number = Int(numbers[position])
                position += 1
                pages[next[number]] = Int32(page)
                postings[next[number]] = posting
                next[number] += 1
            }
        }
        self.words = words
        self.starts = starts
        self.pages = pages
        self.postings = postings
    }

    /// The chunks, their keys in order.
    func chunks() -> [SearchChunk] {
        let order = words.bytes.withUnsafeBufferPointer { bytes in
            (0..<words.count).sorted { left, right in
                let a = range(of: left)
                let b = range(of: right)
                return UnsafeBufferPointer(rebasing: bytes[a]).lexicographicallyPrecedes(UnsafeBufferPointer(rebasing: bytes[b]))
            }
        }
        var entries = EncodedWords(merge: self, order: order)
        // A small site's whole index is one chunk, of the empty key.
        guard entries.size(of: order.indices) > SearchIndex.chunkLimit else {
            return [SearchChunk(key: "", isSplit: false, contents: entries.chunk(order.indices))]
        }
        var chunks: [SearchChunk] = []
        var best = [UInt32](repeating: 0, count: pageCount)
        split(order.indices, keyLength: 1, entries: &entries, best: &best, into: &chunks)
        return chunks
    }

    private func range(of word: Int) -> Range<Int> {
        (word == 0 ? 0 : Int(words.ends[word - 1]))..<Int(words.ends[word])
    }

    /// Makes the chunks of the words at `positions` of the sorted order, which share their
    /// first `keyLength - 1` characters: one chunk per key of `keyLength` characters, split
    /// further when too large.
    private func split(
        _ positions: Range<Int>, keyLength: Int, entries: inout EncodedWords, best: inout [UInt32], into chunks: inout [SearchChunk]
    ) {
        var start = positions.lowerBound
        // Words shorter than the key belong to the chunk above, which holds them.
        while start < positions.upperBound, entries.prefixLength(at: start, characters: keyLength) == nil { start += 1 }
        while start < positions.upperBound {
            guard let length = entries.prefixLength(at: start, characters: keyLength) else {
                start += 1
                continue
            }
            let key = entries.word(at: start).prefix(length)
            var end = start + 1
            while end < positions.upperBound, entries.word(at: end).starts(with: key) { end += 1 }
            let group = start..<end
            let size = entries.size(of: group)
            if size <= SearchIndex.chunkLimit || keyLength >= SearchIndex.keyLengthLimit || group.count == 1 {
                chunks.append(SearchChunk(key: String(decoding: key, as: UTF8.self), isSplit: false, contents: entries.chunk(group)))
            } else {
                // The word equal to the key, if there is one, comes first in the sorted group.
                let exact = entries.word(at: start).count == length ? start..<(start + 1) : start..<start
                var contents = entries.chunk(exact, closing: false)
                contents.append(contentsOf: ",\"prefix\":".utf8)
                appendMergedPostings(of: group, entries: entries, best: &best, to: &contents)
                contents.append(contentsOf: "}\n".utf8)
                chunks.append(SearchChunk(key: String(decoding: key, as: UTF8.self), isSplit: true, contents: contents))
                split(group, keyLength: keyLength + 1, entries: &entries, best: &best, into: &chunks)
            }
            start = end
        }
    }

    /// The postings of every word at `positions` merged by page, each page's greatest weight
    /// (with the section of the word that has it), as a JSON array.
    private func appendMergedPostings(of positions: Range<Int>, entries: EncodedWords, best: inout [UInt32], to json: inout [UInt8]) {
        // `best` holds `posting + 1` (0 for none) and is left all zero again.
        var touched: [Int32] = []
        for position in positions {
            let word = entries.order[position]
            for index in starts[word]..<starts[word + 1] {
                let page = Int(pages[index])
                let posting = postings[index]
                if best[page] == 0 {
                    touched.append(Int32(page))
                    best[page] = posting + 1
                } else if posting & 63 > (best[page] - 1) & 63 {
                    best[page] = posting + 1
                }
            }
        }
        touched.sort()
        json.append(UInt8(ascii: "["))
        var previous = 0
        for (position, page) in touched.enumerated() {
            if position > 0 { json.append(UInt8(ascii: ",")) }
            SearchJSON.appendNumber(Int(page) - previous, to: &json)
            json.append(UInt8(ascii: ","))
            SearchJSON.appendNumber(Int(best[Int(page)] - 1), to: &json)
            previous = Int(page)
            best[Int(page)] = 0
        }
        json.append(UInt8(ascii: "]"))
    }

    /// Each word's `"word":[…]` entry, encoded once, in sorted order.
    struct EncodedWords {
        let order: [Int]
        private let wordBytes: [UInt8]
        private let wordEnds: [Int32]
        /// The entries one after the other; entry `n` (of sorted position `n`) ends at `ends[n]`.
        private var bytes: [UInt8] = []
        private var ends: [Int] = []

        init(merge: Merge, order: [Int]) {
            self.order = order
            wordBytes = merge.words.bytes
            wordEnds = merge.words.ends
            bytes.reserveCapacity(merge.postings.count * 8 + merge.words.bytes.count * 2)
            ends.reserveCapacity(order.count)
            for word in order {
                SearchJSON.appendString(merge.words.word(word), to: &bytes)
                bytes.append(contentsOf: ":[".utf8)
                var previous = 0
                for index in merge.starts[word]..<merge.starts[word + 1] {
                    if index > merge.starts[word] { bytes.append(UInt8(ascii: ",")) }
                    let page = Int(merge.pages[index])
                    SearchJSON.appendNumber(page - previous, to: &bytes)
                    bytes.append(UInt8(ascii: ","))
                    SearchJSON.appendNumber(Int(merge.postings[index]), to: &bytes)
                    previous = page
                }
                bytes.append(UInt8(ascii: "]"))
                ends.append(bytes.count)
            }
        }

        /// The bytes of the word at sorted position `position`.
        func word(at position: Int) -> ArraySlice<UInt8> {
            let word = order[position]
            return wordBytes[(word == 0 ? 0 : Int(wordEnds[word - 1]))..<Int(wordEnds[word])]
        }

        /// The bytes the first `characters` characters of the word at `position` take, or
        /// `nil` when it is shorter.
        func prefixLength(at position: Int, characters: Int) -> Int? {
            let word = word(at: position)
            var seen = 0
            for index in word.indices where word[index] & 0xC0 != 0x80 {
                if seen == characters { return index - word.startIndex }
                seen += 1
            }
            return seen == characters ? word.count : nil
        }

        private func start(at position: Int) -> Int { position == 0 ? 0 : ends[position - 1] }

        /// The bytes of a chunk of the words at `positions`, with the commas between them.
        func size(of positions: Range<Int>) -> Int {
            guard !positions.isEmpty else { return 0 }
            return ends[positions.upperBound - 1] - start(at: positions.lowerBound) + positions.count + 12
        }

        /// `{"terms":{…}}` for the words at `positions`; without the closing brace of the
        /// whole when `closing` is `false`.
        func chunk(_ positions: Range<Int>, closing: Bool = true) -> [UInt8] {
            var json: [UInt8] = []
            json.reserveCapacity(size(of: positions) + 16)
            json.append(contentsOf: "{\"terms\":{".utf8)
            for position in positions {
                if position > positions.lowerBound { json.append(UInt8(ascii: ",")) }
                json.append(contentsOf: bytes[start(at: position)..<ends[position]])
            }
            json.append(UInt8(ascii: "}"))
            if closing { json.append(contentsOf: "}\n".utf8) }
            return json
        }
    }
}
