import Foundation
@testable import GalleySite
import Testing
import _GalleyTestSupport

/// The search index `galley build` writes under `galley-search/`, read back as `search.js`
/// reads it: the manifest, the chunk of each word's longest key, the records of pages.
@Suite("Search index")
struct SearchIndexTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    static let site: [String: String] = [
        "content/site.yml": "title: Index test\n",
        "content/index.md": """
            # Welcome

            A body that mentions the capacitor once, and [lightning](guide/flux.md) in a link.

            ![a wiring diagram](wiring.svg)
            """,
        "content/guide/flux.md": """
            ---
            title: Flux capacitor
            ---
            Opening words.

            ## Charging the capacitor

            Use `plugIn()` with 1.21 gigawatts. \(Array(repeating: "again", count: 20).joined(separator: " ")).

            | Part | Rating |
            | --- | --- |
            | coil | tablecellword |

            ```swift
            // snippet.hide
            let secretsetupword = 1
            // snippet.show
            print("visiblecodeword")
            ```

            ```output
            printedonlyword
            ```

            <div class="rawhtmlword">rawhtmltext</div>

            ## Safety

            Keep away from the coils.
            """,
    ]

    @Test("Titles, headings with their anchors, and body text are indexed with their weights and sections")
    func entries() async throws {
        try folder.write(Self.site)
        let index = try await build()
        let flux = try #require(index.page(routed: "guide/flux/"))
        let home = try #require(index.page(routed: ""))

        let title = try #require(index.postings("flux")[flux])
        #expect(title.weight & 32 != 0, "a title word has the title weight")
        #expect(title.weight & 16 == 0)

        let heading = try #require(index.postings("charging")[flux])
        #expect(heading.weight & 16 != 0, "a heading word has the heading weight")
        let section = index.records[flux].sections[heading.section]
        #expect(section == ["charging-the-capacitor", "Charging the capacitor", section[2]])
        #expect(section[2].hasPrefix("Use plugIn() with 1.21 gigawatts."), "the excerpt is the section's text without markup")

        // In the title and in a heading, it points at the heading; in the home page's body only.
        let capacitor = index.postings("capacitor")
        #expect(capacitor[flux]?.weight == 32 | 16)
        #expect(capacitor[flux]?.section == heading.section)
        #expect(capacitor[home]?.weight == 1)

        let body = try #require(index.postings("gigawatts")[flux])
        #expect(body.weight == 1 && body.section == heading.section)
        #expect(index.postings("again")[flux]?.weight == 15, "body counts stop at 15")
        for word in ["plugin", "tablecellword", "visiblecodeword", "print", "coils", "lightning", "wiring", "diagram", "21"] {
            #expect(!index.postings(word).isEmpty, "`\(word)` is in the index")
        }
        // Set-up lines the page hides, output shown in the snippet's panel, raw HTML, markers.
        for word in ["secretsetupword", "printedonlyword", "rawhtmlword", "rawhtmltext", "snippet", "hide", "div"] {
            #expect(index.postings(word).isEmpty, "`\(word)` must not be in the index")
            #expect(!index.allWords.contains(word))
        }

        #expect(index.records[flux].title == "Flux capacitor")
        #expect(index.records[home].sections.first?[0] == "")
        #expect(index.manifest.pages == 2)
        #expect(index.manifest.keys == [""], "a small site's index is one chunk")
    }

    @Test("A large index is split into chunks by the words' first characters")
    func chunksByPrefix() async throws {
        var site = ["content/site.yml": "title: Big\n"]
        for page in 0..<40 {
            let words = (0..<150).map { "w\(page % 7)x\(page)y\($0)" }.joined(separator: " ")
            site["content/p\(page).md"] = "# Page \(page)\n\nShared text about actors. \(words)\n"
        }
        try folder.write(site)
        let index = try await build()
        let keys = index.manifest.keys
        #expect(keys.count > 10, "\(keys.count) chunks")
        #expect(Set(keys).count == keys.count)
        for (number, key) in keys.enumerated() {
            let chunk = index.chunks[number]
            let size = try Data(contentsOf: folder.url.appending(path: "_site/galley-search/terms/\(number).json")).count
            if index.manifest.split.contains(number) {
                #expect(chunk.terms.keys.allSatisfy { $0 == key }, "a split chunk holds only the word equal to its key")
                #expect(chunk.prefix != nil)
                #expect(keys.contains { $0.count == key.count + 1 && $0.hasPrefix(key) }, "`\(key)` is split into longer keys")
            } else {
                #expect(!chunk.terms.isEmpty)
                #expect(chunk.terms.keys.allSatisfy { $0.hasPrefix(key) }, "every word of chunk `\(key)` starts with it")
                #expect(size <= SearchIndex.chunkLimit || chunk.terms.count == 1 || key.count == SearchIndex.keyLengthLimit)
            }
        }
        // Every word is found through the chunk of its longest key, and in that chunk only.
        #expect(index.postings("w3x10y42").keys.sorted() == [index.page(routed: "p10/")!])
        #expect(index.postings("actors").count == 40)
        // The unique words, then `page`, the forty numbers, `shared`, `text`, `about` and `actors`.
        let expectedWords: Int = 40 * 150 + 1 + 40 + 4
        #expect(index.allWords.count == expectedWords)
        // A split chunk's merged postings cover every page its words are on.
        let w3 = try #require(keys.firstIndex(of: "w3"))
        if index.manifest.split.contains(w3) {
            #expect(index.chunks[w3].prefixPages.count == 40 / 7 + 1)
        }
    }

    @Test("Rebuilding with fewer chunks leaves none of the old ones, and keeps the rest of the site")
    func staleChunksRemoved() async throws {
        var site = ["content/site.yml": "title: Big\n"]
        for page in 0..<40 {
            site["content/p\(page).md"] = "# Page \(page)\n\n" + (0..<150).map { "w\(page % 7)x\(page)y\($0)" }.joined(separator: " ") + "\n"
        }
        try folder.write(site)
        let large = try await build().manifest.keys.count
        #expect(large > 10)
        // Fewer pages: one chunk. Built twice, so the staging folder that is written over in
        // place holds the large site's chunks each time.
        for page in 3..<40 { try FileManager.default.removeItem(at: folder.url.appending(path: "content/p\(page).md")) }
        for _ in 0..<2 {
            let small = try await build()
            let terms = try FileManager.default.contentsOfDirectory(atPath: folder.url.appending(path: "_site/galley-search/terms").path)
            #expect(Set(terms) == Set((0..<small.manifest.keys.count).map { "\($0).json" }), "\(terms.sorted())")
            #expect(small.manifest.keys.count < large)
            #expect(small.postings("w1x1y7").keys.sorted() == [small.page(routed: "p1/")!])
            let pages = try FileManager.default.contentsOfDirectory(atPath: folder.url.appending(path: "_site/galley-search/pages").path)
            #expect(Set(pages) == ["0.json", "1.json", "2.json"])
        }
    }

    @Test("`search: false` writes no index and no search box")
    func turnedOff() async throws {
        try folder.write(Self.site)
        try folder.write(["content/site.yml": "title: Index test\nsearch: false\n"])
        _ = try await SiteBuilder(options: options()).build()
        #expect(!folder.exists("_site/galley-search"))
        let html = try folder.read("_site/guide/flux/index.html")
        #expect(!html.contains("search.js"))
        #expect(!html.contains("class=\"search\""))
        try folder.write(["content/site.yml": "title: Index test\nsearch: true\n"])
        _ = try await SiteBuilder(options: options()).build()
        #expect(folder.exists("_site/galley-search/manifest.json"))
        #expect(try folder.read("_site/guide/flux/index.html").contains(#"data-search-root="/""#))
    }

    @Test("A content file where the index goes is refused, naming both")
    func clash() async throws {
        try folder.write(Self.site)
        try folder.write(["content/galley-search/manifest.json": "{}"])
        await #expect(throws: BuildFailure.self) { _ = try await SiteBuilder(options: options()).build() }
        do {
            _ = try await SiteBuilder(options: options()).build()
        } catch {
            #expect(error.diagnostics.contains { $0.message.contains("search index") && $0.message.contains("galley-search/manifest.json") })
        }
    }

    @Test(
        "Words are runs of letters, numbers, marks and `_`, lowercased",
        arguments: [
            ("Don't use Task.sleep", ["don", "t", "use", "task", "sleep"]),
            ("ÉCOLE naïve — Straße", ["école", "naïve", "straße"]),
            ("snake_case camelCase 1.21 x", ["snake_case", "camelcase", "1", "21", "x"]),
            ("«quoted» “curly” l’été", ["quoted", "curly", "l", "été"]),
            ("日本語のテキスト", ["日本語のテキスト"]),
            (String(repeating: "a", count: 65) + " kept", ["kept"]),
        ]
    )
    func words(text: String, words: [String]) {
        #expect(SearchTokenizer.words(text) == words)
    }

    /// Texts made of the pieces the tokenizer treats differently: ASCII words of every case,
    /// digits and `_`, separators, control characters, non-ASCII letters, marks and
    /// punctuation, and runs near the length limit, at every offset from the 64-byte blocks
    /// the text is read in.
    static func generatedText(_ random: inout SeededGenerator) -> String {
        let pieces = [
            "a", "Z", "q", "Task", "SLEEP", "x9", "_", "0", "42", " ", "  ", "\n", "\t", ".", "'", "-", "\u{7F}", "\u{1}",
            "é", "Æ", "ß", "日本", "\u{301}", "«", "—", "’", "𝔘", "٣", "Ⅻ", "\u{A0}", "\u{85}",
            String(repeating: "b", count: 64), String(repeating: "C", count: 65), String(repeating: "d", count: 63) + "é",
        ]
        var text = ""
        for _ in 0..<Int.random(in: 0...200, using: &random) { text += pieces.randomElement(using: &random)! }
        return text
    }

    /// The words of `text` as the tokenizer's documentation defines them, a character at a time.
    static func referenceWords(_ text: String) -> [String] {
        var words: [String] = []
        var word = ""
        func end() {
            if !word.isEmpty, word.utf8.count <= SearchTokenizer.maximumLength { words.append(word) }
            word = ""
        }
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            let isWord =
                scalar.isASCII
                ? (scalar.value >= 0x30 && scalar.value <= 0x39) || scalar == "_" || properties.isAlphabetic
                : properties.isAlphabetic
                    || [.decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark].contains(properties.generalCategory)
            guard isWord else {
                end()
                continue
            }
            word += scalar.isASCII ? String(scalar).lowercased() : properties.lowercaseMapping
        }
        end()
        return words
    }

    @Test("Generated texts split into the words the definition gives, at every offset from a block")
    func generatedWords() async {
        var random = SeededGenerator(seed: 0x5EA2C4)
        for _ in 0..<3000 {
            let text = Self.generatedText(&random)
            #expect(SearchTokenizer.words(text) == Self.referenceWords(text), "\(text.debugDescription)")
            // A prefix of padding moves the text across the 64-byte blocks it is read in.
            let shifted = String(repeating: " ", count: Int.random(in: 1...63, using: &random)) + text
            #expect(SearchTokenizer.words(shifted) == Self.referenceWords(text), "\(shifted.debugDescription)")
            await Task.yield()
        }
    }

    @Test("A page's word counts match counting its words one by one")
    func generatedCounts() async {
        var random = SeededGenerator(seed: 0xC0FFEE)
        for _ in 0..<300 {
            // Few distinct words, so most are seen again, and enough to make the table grow.
            let vocabulary = (0..<Int.random(in: 1...600, using: &random)).map { _ in Self.generatedText(&random) }
            var counter = PageWords()
            var expected: [String: (count: Int, first: Int)] = [:]
            var order: [String] = []
            for _ in 0..<Int.random(in: 0...50, using: &random) {
                let text = vocabulary.randomElement(using: &random)!
                SearchTokenizer.forEachWord(in: text, into: &counter)
                for word in SearchTokenizer.words(text) {
                    if expected[word] == nil {
                        expected[word] = (0, order.count)
                        order.append(word)
                    }
                    expected[word]!.count += 1
                }
            }
            let (words, postings) = counter.finish()
            #expect((0..<words.count).map(words.string) == order)
            #expect(postings.map { $0 & 63 } == order.map { UInt32(min(expected[$0]!.count, 15)) })
            await Task.yield()
        }
    }

    // MARK: - Reading the index back

    private func options() -> SiteBuilder.Options {
        var options = SiteBuilder.Options(
            contentFolder: folder.url.appending(path: "content"), templatesFolder: nil, outputFolder: folder.url.appending(path: "_site")
        )
        options.runSnippets = false
        return options
    }

    private func build() async throws -> BuiltIndex {
        _ = try await SiteBuilder(options: options()).build()
        return try BuiltIndex(folder: folder.url.appending(path: "_site/galley-search"))
    }
}

/// The files of an index, decoded.
private struct BuiltIndex {
    struct Manifest: Decodable {
        var version: Int
        var build: String
        var pages: Int
        var keys: [String]
        var split: [Int]
    }

    struct Chunk: Decodable {
        var terms: [String: [Int]]
        var prefix: [Int]?

        /// The pages of the merged postings.
        var prefixPages: [Int] { Self.decode(prefix ?? []).map(\.page) }

        static func decode(_ postings: [Int]) -> [(page: Int, section: Int, weight: Int)] {
            var page = 0
            return stride(from: 0, to: postings.count - 1, by: 2).map { index in
                page += postings[index]
                return (page, postings[index + 1] >> 6, postings[index + 1] & 63)
            }
        }
    }

    struct Record: Decodable {
        var title: String
        var route: String
        var sections: [[String]]
    }

    let manifest: Manifest
    let chunks: [Chunk]
    let records: [Record]

    init(folder: URL) throws {
        func read<Value: Decodable>(_ path: String, as type: Value.Type) throws -> Value {
            try JSONDecoder().decode(type, from: Data(contentsOf: folder.appending(path: path)))
        }
        manifest = try read("manifest.json", as: Manifest.self)
        #expect(manifest.version == 1)
        chunks = try manifest.keys.indices.map { try read("terms/\($0).json", as: Chunk.self) }
        records = try (0..<manifest.pages).map { try read("pages/\($0).json", as: Record.self) }
    }

    /// Every word of every chunk.
    var allWords: Set<String> {
        Set(chunks.flatMap(\.terms.keys))
    }

    func page(routed route: String) -> Int? {
        records.firstIndex { $0.route == route }
    }

    /// The postings of `word`, by page, from the chunk of the longest key that starts it, as
    /// `search.js` finds them.
    func postings(_ word: String) -> [Int: (section: Int, weight: Int)] {
        let characters = Array(word)
        for length in stride(from: characters.count, through: 0, by: -1) {
            guard let number = manifest.keys.firstIndex(of: String(characters.prefix(length))) else { continue }
            if manifest.split.contains(number), length < characters.count { return [:] }
            let postings = Chunk.decode(chunks[number].terms[word] ?? [])
            return Dictionary(uniqueKeysWithValues: postings.map { ($0.page, ($0.section, $0.weight)) })
        }
        return [:]
    }
}
