internal import GalleyMarkdown

/// What the search index holds of one page, made while the page is rendered, so that the work
/// is spread over the rendering tasks and the merge only combines finished lists.
///
/// Each word of the page gets one posting: how much it weighs on the page and the section
/// where it weighs most. The weight is 6 bits: 32 when the word is in the title, 16 when it is
/// in a heading, plus how often it is in the body text, at most 15. Title over heading over
/// body, whatever the counts. The section is the first whose heading holds the word, else the
/// one whose text holds it most often (the first of those); a word only in the title points at
/// the top of the page.
struct SearchEntry: Sendable, Hashable {
    /// The page's words, numbered.
    var words: SearchTermTable
    /// Each word's posting, by its number: `section << 6 | weight`, as the index stores it.
    var postings: [UInt32]
    /// The page's record, the JSON the browser loads to show it as a result (see ``record(title:route:sections:)``).
    var record: [UInt8]
    /// ``SearchTermTable/hash(_:)`` of the record, for the index's build number.
    var recordHash: UInt64

    /// The greatest body count a weight holds.
    static let bodyCountLimit: UInt32 = 15
    /// The weight of a word in a heading.
    static let headingWeight: UInt32 = 16
    /// The weight of a word in the title.
    static let titleWeight: UInt32 = 32
    /// How many bits of a posting the weight takes.
    static let weightBits: UInt32 = 6

    /// The characters of a section's text kept for its excerpt, at most.
    static let excerptLength = 160

    /// Indexes a page.
    ///
    /// - Parameters:
    ///   - title: The page's title.
    ///   - route: The page's URL below the site root, percent-encoded (`guide/callbacks/`).
    ///   - headings: The page's headings with their ids, in the order of `text`'s sections.
    ///   - text: The page's text, from ``MarkdownDocument/text(codeBlockText:)``.
    init(title: String, route: String, headings: [Heading], text: DocumentText) {
        var counter = PageWords()
        counter.field = .title
        SearchTokenizer.forEachWord(in: title, into: &counter)
        text.bytes.withUnsafeBufferPointer { bytes in
            for (position, section) in text.sections.enumerated() {
                counter.section = Int32(position)
                if let heading = section.heading, heading < headings.count {
                    counter.field = .heading
                    SearchTokenizer.forEachWord(in: headings[heading].text, into: &counter)
                }
                counter.field = .body
                SearchTokenizer.forEachWord(in: UnsafeBufferPointer(rebasing: bytes[section.range]), into: &counter)
            }
        }
        postings = counter.postings()
        words = counter.words
        record = Self.record(title: title, route: route, sections: Self.sections(headings: headings, text: text))
        recordHash = record.withUnsafeBufferPointer(SearchTermTable.hash)
    }

    /// Counts a page's words as the tokenizer finds them: where each is, how often, and the
    /// section whose text holds it most often.
    private struct PageWords: SearchWordSink {
        /// What one word of the page has been seen in so far.
        struct Seen {
            var flags: UInt32 = 0
            var count: UInt32 = 0
            var headingSection: Int32 = -1
            // A word's occurrences in one section come one after the other, as sections are
            // read in order: the run being counted, and the longest run so far.
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

        enum Field { case title, heading, body }

        var words = SearchTermTable(capacity: 256)
        var seen: [Seen] = []
        /// Where the words come from now.
        var field = Field.body
        var section: Int32 = 0

        @inline(__always)
        mutating func take(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) {
            let (number, isNew) = words.insert(word, hash: hash)
            // One read and one write of the array: each access checks it is not shared.
            var entry = isNew ? Seen() : seen[number]
            switch field {
            case .title:
                entry.flags |= SearchEntry.titleWeight
            case .heading:
                entry.flags |= SearchEntry.headingWeight
                if entry.headingSection < 0 { entry.headingSection = section }
            case .body:
                entry.count += 1
                if entry.runSection != section {
                    entry.endRun()
                    entry.runSection = section
                    entry.runCount = 0
                }
                entry.runCount += 1
            }
            if isNew { seen.append(entry) } else { seen[number] = entry }
        }

        /// Each word's posting, by its number.
        mutating func postings() -> [UInt32] {
            seen.indices.map { number in
                seen[number].endRun()
                let word = seen[number]
                let weight = word.flags | min(word.count, SearchEntry.bodyCountLimit)
                let section = word.headingSection >= 0 ? word.headingSection : (word.count > 0 ? word.bestSection : 0)
                return UInt32(section) << SearchEntry.weightBits | weight
            }
        }
    }

    /// Each section's anchor, heading and excerpt; the text before the first heading has none
    /// of the first two.
    private static func sections(headings: [Heading], text: DocumentText) -> [(anchor: String, heading: String, excerpt: String)] {
        text.sections.map { section in
            let heading = section.heading.flatMap { $0 < headings.count ? headings[$0] : nil }
            return (heading?.id ?? "", heading?.text ?? "", excerpt(text.text(of: section)))
        }
    }

    /// The page's record: `{"title":…,"route":…,"sections":[[anchor,heading,excerpt],…]}`.
    ///
    /// The route is relative to the site root, which the client prefixes, so a site served
    /// under a sub-path finds its pages.
    static func record(title: String, route: String, sections: [(anchor: String, heading: String, excerpt: String)]) -> [UInt8] {
        var json: [UInt8] = []
        json.reserveCapacity(64 + sections.reduce(0) { $0 + $1.anchor.utf8.count + $1.heading.utf8.count + $1.excerpt.utf8.count + 12 })
        json.append(contentsOf: "{\"title\":".utf8)
        SearchJSON.appendString(ControlCharacters.visibleInHTML(title), to: &json)
        json.append(contentsOf: ",\"route\":".utf8)
        SearchJSON.appendString(route, to: &json)
        json.append(contentsOf: ",\"sections\":[".utf8)
        for (position, section) in sections.enumerated() {
            if position > 0 { json.append(UInt8(ascii: ",")) }
            json.append(UInt8(ascii: "["))
            SearchJSON.appendString(section.anchor, to: &json)
            json.append(UInt8(ascii: ","))
            SearchJSON.appendString(ControlCharacters.visibleInHTML(section.heading), to: &json)
            json.append(UInt8(ascii: ","))
            SearchJSON.appendString(section.excerpt, to: &json)
            json.append(UInt8(ascii: "]"))
        }
        json.append(contentsOf: "]}\n".utf8)
        return json
    }

    /// The start of a section's text, white space and control characters collapsed to single
    /// spaces, cut at a word boundary after at most ``excerptLength`` bytes, with `…` when
    /// something was cut.
    static func excerpt(_ text: ArraySlice<UInt8>) -> String {
        var excerpt: [UInt8] = []
        excerpt.reserveCapacity(excerptLength + 3)
        var pendingSpace = false
        var truncated = false
        for byte in text {
            // Control characters are white space here: they separate words as it does.
            if byte <= 0x20 || byte == 0x7F {
                pendingSpace = !excerpt.isEmpty
                continue
            }
            if excerpt.count + (pendingSpace ? 1 : 0) >= excerptLength, byte & 0xC0 != 0x80 {
                truncated = true
                break
            }
            if pendingSpace {
                excerpt.append(0x20)
                pendingSpace = false
            }
            excerpt.append(byte)
        }
        if truncated {
            // Back to the last space, unless that would leave little.
            if let space = excerpt.lastIndex(of: 0x20), space >= excerptLength / 2 { excerpt.removeSubrange(space...) }
            excerpt.append(contentsOf: "…".utf8)
        }
        return String(decoding: excerpt, as: UTF8.self)
    }
}
