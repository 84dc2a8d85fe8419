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
        var words = SearchTermTable(capacity: 256)
        var flags: [UInt32] = []
        var counts: [UInt32] = []
        var headingSections: [Int32] = []
        // A word's occurrences in one section come one after the other, as sections are read
        // in order: the run being counted, and the longest run so far.
        var runSections: [Int32] = []
        var runCounts: [UInt32] = []
        var bestSections: [Int32] = []
        var bestCounts: [UInt32] = []

        func number(of word: UnsafeBufferPointer<UInt8>) -> Int {
            let (number, isNew) = words.insert(word)
            if isNew {
                flags.append(0)
                counts.append(0)
                headingSections.append(-1)
                runSections.append(-1)
                runCounts.append(0)
                bestSections.append(0)
                bestCounts.append(0)
            }
            return number
        }
        func endRun(_ word: Int) {
            if runCounts[word] > bestCounts[word] {
                bestCounts[word] = runCounts[word]
                bestSections[word] = runSections[word]
            }
        }

        SearchTokenizer.forEachWord(in: title) { flags[number(of: $0)] |= Self.titleWeight }
        text.bytes.withUnsafeBufferPointer { bytes in
            for (position, section) in text.sections.enumerated() {
                let sectionNumber = Int32(position)
                if let heading = section.heading, heading < headings.count {
                    SearchTokenizer.forEachWord(in: headings[heading].text) { word in
                        let word = number(of: word)
                        flags[word] |= Self.headingWeight
                        if headingSections[word] < 0 { headingSections[word] = sectionNumber }
                    }
                }
                SearchTokenizer.forEachWord(in: UnsafeBufferPointer(rebasing: bytes[section.range])) { word in
                    let word = number(of: word)
                    counts[word] += 1
                    if runSections[word] != sectionNumber {
                        endRun(word)
                        runSections[word] = sectionNumber
                        runCounts[word] = 0
                    }
                    runCounts[word] += 1
                }
            }
        }

        var postings: [UInt32] = []
        postings.reserveCapacity(words.count)
        for word in 0..<words.count {
            endRun(word)
            let weight = flags[word] | min(counts[word], Self.bodyCountLimit)
            let section = headingSections[word] >= 0 ? headingSections[word] : (counts[word] > 0 ? bestSections[word] : 0)
            postings.append(UInt32(section) << Self.weightBits | weight)
        }
        self.words = words
        self.postings = postings
        self.record = Self.record(title: title, route: route, sections: Self.sections(headings: headings, text: text))
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
            SearchJSON.appendString(ControlCharacters.visibleInHTML(section.excerpt), to: &json)
            json.append(UInt8(ascii: "]"))
        }
        json.append(contentsOf: "]}\n".utf8)
        return json
    }

    /// The start of a section's text, white space collapsed, cut at a word boundary after at
    /// most ``excerptLength`` bytes, with `…` when something was cut.
    static func excerpt(_ text: ArraySlice<UInt8>) -> String {
        var excerpt: [UInt8] = []
        excerpt.reserveCapacity(excerptLength + 3)
        var pendingSpace = false
        var truncated = false
        for byte in text {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
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
