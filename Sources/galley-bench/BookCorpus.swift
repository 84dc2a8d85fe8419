import Foundation

/// `--corpus book`: a Swift book of 35 chapters in five parts, about 550 programs, shaped like
/// a real one.
///
/// A third of the programs are sessions of 2 to 60 blocks; the others declare structures,
/// classes, enumerations, actors, protocols and extensions, write generic functions and
/// closures, throw and catch, and await; about ten must not compile. Names come from one
/// vocabulary (``BookVocabulary``), so a name comes back in several chapters, at most 8 times.
/// Every program is deterministic, and its `output` blocks hold exactly what it prints.
struct BookCorpus: SnippetSiteGenerator {
    static let chapterCount = 35
    static let programCount = 550

    /// How many of the chapters are written, spread evenly over the book: a chapter holds the
    /// same programs whichever others are written.
    var pages: Int

    struct Chapter {
        var title: String
        var lessons: [LessonWriter.Lesson]
        var sessions: [LessonWriter.SessionKind]
    }

    static let parts = ["the-basics", "building-types", "abstraction", "errors-and-collections", "concurrency"]

    static let chapters: [Chapter] = [
        Chapter(title: "Values and Types", lessons: [.structBasics, .stringFacts, .tuples, .optionals], sessions: [.value]),
        Chapter(title: "Structures", lessons: [.structBasics, .mutatingMethods, .extensionOwnType, .staticMembers], sessions: [.value]),
        Chapter(title: "Classes and References", lessons: [.classReference, .deinitOnNil, .propertyObservers, .inheritance], sessions: [.reference]),
        Chapter(title: "Enumerations", lessons: [.caseIterableEnum, .associatedValues, .commandEnum, .nestedEnum], sessions: [.value]),
        Chapter(title: "Control Flow", lessons: [.switchPatterns, .deferOrder, .strideLazy, .commandEnum], sessions: [.value, .collection]),
        Chapter(title: "Functions", lessons: [.tuples, .counterClosure, .globalConstant, .genericFunction], sessions: [.globalState, .value]),
        Chapter(title: "Optionals", lessons: [.optionals, .failableInit, .optionalTry], sessions: [.value]),
        Chapter(title: "Initialization", lessons: [.failableInit, .extensionOwnType, .staticMembers, .classReference], sessions: [.reference]),
        Chapter(title: "Properties", lessons: [.propertyObservers, .staticMembers, .structBasics], sessions: [.value]),
        Chapter(title: "Methods and Subscripts", lessons: [.subscriptGrid, .mutatingMethods, .customOperator], sessions: [.value]),
        Chapter(title: "Inheritance", lessons: [.inheritance, .deinitOnNil, .classReference], sessions: [.reference]),
        Chapter(title: "Comparing and Hashing", lessons: [.comparableStruct, .hashableSet, .dictionaryGrouping], sessions: [.collection]),
        Chapter(title: "Operators", lessons: [.customOperator, .comparableStruct, .subscriptGrid], sessions: [.value]),
        Chapter(title: "Nested Types", lessons: [.nestedEnum, .associatedValues, .caseIterableEnum], sessions: [.value]),
        Chapter(title: "Protocols", lessons: [.protocolExistentials, .protocolDefaults, .ownProtocolOnStandard], sessions: [.protocol]),
        Chapter(
            title: "Protocol Extensions", lessons: [.protocolDefaults, .ownProtocolOnStandard, .associatedTypeProtocol], sessions: [.protocol]
        ),
        Chapter(title: "Extensions", lessons: [.intExtension, .stringExtension, .arrayExtension, .extensionOwnType], sessions: [.value]),
        Chapter(title: "Generics", lessons: [.genericFunction, .genericContainer, .associatedTypeProtocol], sessions: [.collection]),
        Chapter(title: "Closures", lessons: [.closureHigherOrder, .counterClosure, .escapingHandlers], sessions: [.collection]),
        Chapter(title: "Higher-Order Functions", lessons: [.arrayPipeline, .closureHigherOrder, .dictionaryGrouping], sessions: [.collection]),
        Chapter(title: "Working with Strings", lessons: [.stringFacts, .stringExtension, .foundationFormat], sessions: [.value]),
        Chapter(title: "Error Handling", lessons: [.throwingErrors, .optionalTry, .typedThrows], sessions: [.value]),
        Chapter(title: "Results and Typed Throws", lessons: [.resultType, .typedThrows, .throwingErrors], sessions: [.reference]),
        Chapter(title: "Arrays", lessons: [.arrayPipeline, .arrayExtension, .strideLazy], sessions: [.collection]),
        Chapter(title: "Dictionaries and Sets", lessons: [.dictionaryGrouping, .hashableSet, .optionals], sessions: [.collection]),
        Chapter(title: "Sequences", lessons: [.strideLazy, .genericFunction, .arrayExtension], sessions: [.collection]),
        Chapter(title: "Memory and Lifetimes", lessons: [.deinitOnNil, .escapingHandlers, .classReference], sessions: [.reference]),
        Chapter(title: "Global State", lessons: [.globalConstant, .counterClosure, .staticMembers], sessions: [.globalState, .value]),
        Chapter(title: "Async Functions", lessons: [.asyncSleep, .asyncLet, .actorBasics], sessions: [.actor]),
        Chapter(title: "Actors", lessons: [.actorBasics, .actorTaskGroup, .asyncSleep], sessions: [.actor]),
        Chapter(title: "Task Groups", lessons: [.taskGroup, .actorTaskGroup, .asyncLet], sessions: [.actor]),
        Chapter(title: "Structured Concurrency", lessons: [.asyncLet, .taskGroup, .asyncSleep], sessions: [.actor, .value]),
        Chapter(
            title: "Putting Types Together", lessons: [.protocolExistentials, .genericContainer, .throwingErrors, .resultType],
            sessions: [.protocol, .value]
        ),
        Chapter(title: "Foundation Interop", lessons: [.foundationFormat, .stringExtension, .intExtension], sessions: [.value]),
        Chapter(
            title: "Case Study: A Shop", lessons: [.structBasics, .throwingErrors, .arrayPipeline, .actorBasics],
            sessions: [.collection, .reference, .actor]
        ),
    ]

    /// The chapters written, by position in the book.
    var chosenChapters: [Int] {
        (0..<pages).map { ($0 * Self.chapterCount + Self.chapterCount / 2) / pages }
    }

    func write(into folder: URL) throws -> SnippetSite {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("title: Swift by Example\n".utf8).write(to: folder.appending(path: "site.yml"))
        let book = Self.book()
        var programs: [BookProgram] = []
        for chapter in chosenChapters {
            let url = folder.appending(path: Self.path(ofChapter: chapter))
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(Self.page(chapter, book[chapter]).utf8).write(to: url)
            programs += book[chapter]
        }
        let sessions = programs.filter(\.isSession)
        let lengths = sessions.map(\.blocks.count)
        let snippets = programs.reduce(0) { $0 + $1.blocks.count }
        let sessionRange = lengths.isEmpty ? "" : " of \(lengths.min()!) to \(lengths.max()!) blocks"
        let compileFail = programs.count { $0.compileError != nil }
        return SnippetSite(
            programs: programs.map(\.baseline), snippets: snippets,
            description: "book of \(programs.count) programs (\(sessions.count) sessions\(sessionRange), \(compileFail) compile-fail), "
                + "\(snippets) snippets on \(pages) pages",
            meantAlone: programs.count { !$0.mergeable }
        )
    }

    static func path(ofChapter chapter: Int) -> String {
        let part = parts[chapter * parts.count / chapterCount]
        return "\(part)/chapter-\(String(format: "%02d", chapter + 1)).md"
    }

    /// Chapter `chapter`'s page: its programs in order, each under a heading, with prose.
    private static func page(_ chapter: Int, _ programs: [BookProgram]) -> String {
        let title = chapters[chapter].title
        // Quoted: a title such as `Case Study: A Shop` is not plain YAML.
        var text = "---\ntitle: \"\(title)\"\norder: \(chapter + 1)\n---\n# Chapter \(chapter + 1): \(title)\n\n"
        text += "Every example in this chapter runs as shown; the block under each one is what it prints.\n\n"
        var sessions = 0
        for program in programs {
            var name = ""
            if program.isSession {
                sessions += 1
                name = "\(program.declares.first?.lowercased() ?? "example")-\(sessions)"
            }
            text += program.markdown(session: name)
        }
        return text
    }

    // MARK: - The programs

    /// How many blocks session number `index` of the book has: mostly 2 to 8, every twentieth
    /// 20 to 40, and three of 60.
    static func sessionLength(_ index: Int) -> Int {
        if index % 60 == 30 { return 60 }
        if index % 20 == 10 { return [20, 30, 40][(index / 20) % 3] }
        return [2, 3, 4, 5, 2, 6, 3, 8, 2, 4][index % 10]
    }

    /// Every program of the book, chapter by chapter. Program `n` is a session when
    /// `n % 3 == 2`; two chapters in seven hold one program that must not compile.
    static func book() -> [[BookProgram]] {
        var writer = LessonWriter()
        var book: [[BookProgram]] = []
        var compileFails = 0
        for (index, chapter) in chapters.enumerated() {
            let numbers = (index * programCount / chapterCount)..<((index + 1) * programCount / chapterCount)
            // Each chapter prefers eight names, overlapping the next chapter's, as a book's
            // chapters share their running examples.
            let cast = (0..<8).map { (index * 5 + $0) % BookVocabulary.entities.count }
            var programs: [BookProgram] = []
            var (lessons, sessions) = (0, 0)
            var wantsCompileFail = [1, 4].contains(index % 7)
            for number in numbers {
                writer.start(program: number, cast: cast)
                if number % 3 == 2 {
                    programs.append(writer.session(chapter.sessions[sessions % chapter.sessions.count], blocks: sessionLength(number / 3)))
                    sessions += 1
                } else if wantsCompileFail, programs.count >= 5 {
                    programs.append(writer.compileFail(compileFails))
                    compileFails += 1
                    wantsCompileFail = false
                } else {
                    programs.append(writer.program(chapter.lessons[lessons % chapter.lessons.count]))
                    lessons += 1
                }
            }
            book.append(programs)
        }
        let mostUsed = writer.vocabulary.uses.max { $0.value < $1.value }
        precondition(
            (mostUsed?.value ?? 0) <= BookVocabulary.maximumUses,
            "\(mostUsed?.key ?? "") is declared by \(mostUsed?.value ?? 0) programs, more than \(BookVocabulary.maximumUses)"
        )
        return book
    }
}
