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
    /// The page's record, the JSON the browser loads to show it as a result (see ``record(title:route:headings:text:)``).
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
        (words, postings) = counter.finish()
        record = Self.record(title: title, route: route, headings: headings, text: text)
        recordHash = record.withUnsafeBufferPointer(SearchTermTable.hash)
    }

    /// The page's record: `{"title":…,"route":…,"sections":[[anchor,heading,excerpt],…]}`,
    /// a section's anchor and heading empty for the text before the first heading.
    ///
    /// The route is relative to the site root, which the client prefixes, so a site served
    /// under a sub-path finds its pages.
    static func record(title: String, route: String, headings: [Heading], text: DocumentText) -> [UInt8] {
        var json: [UInt8] = []
        json.reserveCapacity(64 + title.utf8.count + route.utf8.count + text.sections.count * (excerptLength + 64))
        json.append(contentsOf: "{\"title\":".utf8)
        SearchJSON.appendString(ControlCharacters.visibleInHTML(title), to: &json)
        json.append(contentsOf: ",\"route\":".utf8)
        SearchJSON.appendString(route, to: &json)
        json.append(contentsOf: ",\"sections\":[".utf8)
        // One buffer for every excerpt of the page: the longest excerpt, a character finished
        // past it, and `…`.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: excerptLength + 8) { excerpt in
            text.bytes.withUnsafeBufferPointer { bytes in
                for (position, section) in text.sections.enumerated() {
                    let heading = section.heading.flatMap { $0 < headings.count ? headings[$0] : nil }
                    if position > 0 { json.append(UInt8(ascii: ",")) }
                    json.append(UInt8(ascii: "["))
                    SearchJSON.appendString(heading?.id ?? "", to: &json)
                    json.append(UInt8(ascii: ","))
                    SearchJSON.appendString(ControlCharacters.visibleInHTML(heading?.text ?? ""), to: &json)
                    json.append(UInt8(ascii: ","))
                    let length = writeExcerpt(of: UnsafeBufferPointer(rebasing: bytes[section.range]), into: excerpt)
                    SearchJSON.appendString(UnsafeBufferPointer(rebasing: excerpt[0..<length]), to: &json)
                    json.append(UInt8(ascii: "]"))
                }
            }
        }
        json.append(contentsOf: "]}\n".utf8)
        return json
    }

    /// Writes the start of a section's text into `excerpt` and returns its length: white space
    /// and control characters collapsed to single spaces, cut at a word boundary after at most
    /// ``excerptLength`` bytes, with `…` when something was cut. `excerpt` has room for
    /// ``excerptLength`` + 8 bytes: a character started before the limit is finished (at most
    /// 3 more bytes), and `…` is 3.
    private static func writeExcerpt(of text: UnsafeBufferPointer<UInt8>, into excerpt: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var length = 0
        var lastSpace: Int?
        var pendingSpace = false
        var truncated = false
        for byte in text {
            // Control characters are white space here: they separate words as it does.
            if byte <= 0x20 || byte == 0x7F {
                pendingSpace = length > 0
                continue
            }
            if length + (pendingSpace ? 1 : 0) >= excerptLength, byte & 0xC0 != 0x80 {
                truncated = true
                break
            }
            if pendingSpace {
                lastSpace = length
                excerpt[length] = 0x20
                length += 1
                pendingSpace = false
            }
            excerpt[length] = byte
            length += 1
        }
        if truncated {
            // Back to the last space, unless that would leave little.
            if let lastSpace, lastSpace >= excerptLength / 2 { length = lastSpace }
            for byte in "…".utf8 {
                excerpt[length] = byte
                length += 1
            }
        }
        return length
    }
}
