/// Lessons on async functions, actors and task groups. No program sleeps longer than 20 ms,
/// and none prints anything whose order depends on scheduling.
extension LessonWriter {
    /// Entities that read naturally as actors: shared state that many tasks update.
    private static let actorCast = [
        "Ledger", "Inventory", "Warehouse", "Server", "Channel", "Library", "Portfolio", "Hotel", "Budget", "Counter",
        "Meter", "Sensor", "Wallet", "Account", "Cart", "Team",
    ].compactMap { name in BookVocabulary.entities.firstIndex { $0.name == name } }

    private mutating func actorEntity() -> BookVocabulary.Entity {
        entity(preferring: Self.actorCast)
    }

    mutating func actorBasics() -> BookProgram {
        let e = actorEntity()
        let (type, item, label) = (e.name, e.variable, e.label)
        let text = self.label(e.labelKind)
        let amounts = (0..<number(3...6)).map { _ in number(-20...60) }
        let code = #"""
            actor \#(type) {
                let \#(label): String
                private var entries: [Int] = []

                init(\#(label): String) {
                    self.\#(label) = \#(label)
                }

                func record(_ amount: Int) {
                    entries.append(amount)
                }

                var total: Int { entries.reduce(0, +) }
                var count: Int { entries.count }
            }

            let \#(item) = \#(type)(\#(label): "\#(text)")
            for amount in \#(literal(amounts)) {
                await \#(item).record(amount)
            }
            print(\#(item).\#(label), await \#(item).total, await \#(item).count)

            """#
        let output = "\(text) \(amounts.reduce(0, +)) \(amounts.count)\n"
        return finish(
            BookProgram(
                title: "An actor keeps its state to itself",
                blocks: [.init(lead: "Outside the actor, every use of its mutable state is an `await`.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func asyncLet() -> BookProgram {
        let e = entity()
        let function = "load\(e.name)Count"
        let (factor, pause) = (number(2...9), number(1...10))
        let ids = (0..<3).map { _ in number(1...99) }
        let code = #"""
            func \#(function)(_ id: Int) async -> Int {
                try? await Task.sleep(for: .milliseconds(\#(pause)))
                return id * \#(factor)
            }

            async let first = \#(function)(\#(ids[0]))
            async let second = \#(function)(\#(ids[1]))
            async let third = \#(function)(\#(ids[2]))
            let counts = await [first, second, third]
            print(counts)
            print("sum:", counts.reduce(0, +))

            """#
        let counts = ids.map { $0 * factor }
        let output = "\(printed(counts))\nsum: \(counts.reduce(0, +))\n"
        return finish(
            BookProgram(
                title: "Three loads at once",
                blocks: [.init(lead: "`async let` starts each call at once; `await` collects them in order.", code: code, output: output)],
                declares: [function]
            )
        )
    }

    mutating func taskGroup() -> BookProgram {
        let function = name(from: ["weigh", "gauge", "rate", "appraise", "assess"])
        let words = (0..<number(3...7)).map { _ in pick(BookVocabulary.places + BookVocabulary.titles) }
        func weigh(_ word: String) -> Int { word.unicodeScalars.reduce(0) { $0 + Int($1.value) } % 97 }
        let scores = words.map(weigh).sorted()
        let code = #"""
            func \#(function)(_ word: String) async -> Int {
                word.unicodeScalars.reduce(0) { $0 + Int($1.value) } % 97
            }

            let words = \#(literal(words))
            let scores = await withTaskGroup(of: Int.self) { group in
                for word in words {
                    group.addTask { await \#(function)(word) }
                }
                var all: [Int] = []
                for await score in group {
                    all.append(score)
                }
                return all.sorted()
            }
            print(scores)
            print("total:", scores.reduce(0, +))

            """#
        let output = "\(printed(scores))\ntotal: \(scores.reduce(0, +))\n"
        return finish(
            BookProgram(
                title: "A task group",
                blocks: [.init(lead: "Child tasks finish in any order, so the results are sorted before printing.", code: code, output: output)],
                declares: [function]
            )
        )
    }

    mutating func actorTaskGroup() -> BookProgram {
        let e = actorEntity()
        let (type, item) = (e.name, e.variable)
        let count = number(3...12)
        let step = number(1...9)
        let code = #"""
            actor \#(type) {
                private(set) var value = 0

                func add(_ amount: Int) {
                    value += amount
                }
            }

            let \#(item) = \#(type)()
            await withTaskGroup(of: Void.self) { group in
                for index in 1...\#(count) {
                    group.addTask { await \#(item).add(index * \#(step)) }
                }
            }
            print(await \#(item).value)

            """#
        let output = "\((1...count).reduce(0) { $0 + $1 * step })\n"
        return finish(
            BookProgram(
                title: "Many tasks, one actor",
                blocks: [.init(lead: "The actor takes one change at a time, so no addition is lost.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func asyncSleep() -> BookProgram {
        let function = name(from: ["brew", "bake", "prepare", "simmer", "steep"])
        let dishes = distinctPicks(3, from: ["tea", "soup", "bread", "rice", "stew", "coffee"])
        let pauses = (0..<3).map { _ in number(1...20) }
        let code = #"""
            func \#(function)(_ name: String, milliseconds: Int) async throws -> String {
                try await Task.sleep(for: .milliseconds(milliseconds))
                return "\(name) after \(milliseconds) ms"
            }

            print(try await \#(function)("\#(dishes[0])", milliseconds: \#(pauses[0])))
            let more = try await [\#(function)("\#(dishes[1])", milliseconds: \#(pauses[1])), \#(function)("\#(dishes[2])", milliseconds: \#(pauses[2]))]
            print(more)

            """#
        let output = "\(dishes[0]) after \(pauses[0]) ms\n\(printed(["\(dishes[1]) after \(pauses[1]) ms", "\(dishes[2]) after \(pauses[2]) ms"]))\n"
        return finish(
            BookProgram(
                title: "Waiting without blocking",
                blocks: [.init(lead: "`Task.sleep` suspends the task; the thread is free meanwhile.", code: code, output: output)],
                declares: [function]
            )
        )
    }
}
