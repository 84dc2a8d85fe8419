/// Sessions: blocks of one page that make one program, each block printing its own output.
///
/// The first block declares a type and makes a value of it; each block after it changes the
/// value or adds to the program (an extension, a function, an error type) and prints what it
/// did. The writer keeps the value's state as the program does, to know what each block prints.
extension LessonWriter {
    mutating func session(_ kind: SessionKind, blocks count: Int) -> BookProgram {
        precondition(count >= 2, "a session has at least two blocks")
        var session: SessionWriter
        switch kind {
        case .value, .reference, .globalState:
            let e = entity()
            let helper = kind == .globalState ? name(from: ["report", "showState", "printStatus", "logState", "describeState"]) : ""
            session = SessionWriter(kind: kind, entity: e, text: label(e.labelKind), first: number(10...90), second: number(10...90), helper: helper)
        case .actor:
            let e = entity(preferring: BookVocabulary.entities.indices.filter { ["Ledger", "Wallet", "Server", "Meter", "Budget", "Channel"].contains(BookVocabulary.entities[$0].name) })
            let helper = name(from: ["recordTwice", "recordPair", "recordAgain", "echoRecord", "recordTwiceOver"])
            session = SessionWriter(kind: kind, entity: e, text: label(e.labelKind), first: number(1...50), second: 0, helper: helper)
        case .collection:
            let e = entity()
            session = SessionWriter(kind: kind, entity: e, text: label(e.labelKind), first: number(1...50), second: number(1...50), helper: "")
        case .protocol:
            let (proto, requirement) = protocolName()
            let e = entity()
            let helper = name(from: ["listing", "describeAll", "joinedCaptions", "summaries", "rollCall"])
            session = SessionWriter(kind: kind, entity: e, text: label(e.labelKind), first: number(1...99), second: number(1...99), helper: helper)
            session.protocolName = (proto, requirement)
        }
        var blocks = [session.firstBlock(&self)]
        while blocks.count < count { blocks.append(session.nextBlock(&self)) }
        return finish(BookProgram(title: session.title, blocks: blocks, declares: session.declared, mergeable: kind != .globalState))
    }
}

/// The state of one session as it is written, block by block.
struct SessionWriter {
    let kind: LessonWriter.SessionKind
    let entity: BookVocabulary.Entity
    let text: String
    var first: Int
    var second: Int
    /// The function the session declares for its own use: the report of a global-state
    /// session, the helper of an actor or protocol session; empty for the others.
    let helper: String
    var protocolName: (name: String, requirement: String) = ("", "")

    /// The names the session has declared so far.
    private(set) var declared: [String] = []
    private var added: Set<String> = []
    private var history: [Int] = []
    /// The actor's entries, as a multiset: tasks add them in any order.
    private var entries: [Int] = []
    /// The collection's rows.
    private var rows: [(label: String, first: Int, second: Int)] = []

    init(kind: LessonWriter.SessionKind, entity: BookVocabulary.Entity, text: String, first: Int, second: Int, helper: String) {
        self.kind = kind
        self.entity = entity
        self.text = text
        self.first = first
        self.second = second
        self.helper = helper
    }

    var title: String {
        switch kind {
        case .value: "Working with one \(entity.name)"
        case .reference: "A \(entity.name) shared by reference"
        case .globalState: "Reporting on a \(entity.name)"
        case .actor: "Step by step with an actor"
        case .collection: "A list of \(entity.name) values"
        case .protocol: "Growing the \(protocolName.name) protocol"
        }
    }

    private var type: String { entity.name }
    private var item: String { entity.variable }
    private var label: String { entity.label }
    private var a: String { entity.first }
    private var b: String { entity.second }

    // MARK: - The first block

    mutating func firstBlock(_ writer: inout LessonWriter) -> BookProgram.Block {
        // A protocol session declares its type in its second block.
        declared.append(kind == .protocol ? protocolName.name : type)
        switch kind {
        case .value, .globalState:
            let code = #"""
                struct \#(type) {
                    var \#(label): String
                    var \#(a): Int
                    var \#(b): Int

                    mutating func shift(_ delta: Int) {
                        \#(a) += delta
                        \#(b) -= delta
                    }
                }

                var \#(item) = \#(type)(\#(label): "\#(text)", \#(a): \#(first), \#(b): \#(second))
                print(\#(item))

                """#
            return block("We start with a `\(type)`, kept in a variable that the next blocks change.", code, wholeValue())
        case .reference:
            let code = #"""
                final class \#(type) {
                    let \#(label): String
                    var \#(a): Int
                    var \#(b): Int

                    init(\#(label): String, \#(a): Int, \#(b): Int) {
                        self.\#(label) = \#(label)
                        self.\#(a) = \#(a)
                        self.\#(b) = \#(b)
                    }

                    func shift(_ delta: Int) {
                        \#(a) += delta
                        \#(b) -= delta
                    }
                }

                let \#(item) = \#(type)(\#(label): "\#(text)", \#(a): \#(first), \#(b): \#(second))
                print(\#(item).\#(label), \#(item).\#(a), \#(item).\#(b))

                """#
            return block("A class this time: the constant refers to one instance that the next blocks change.", code, "\(text) \(first) \(second)\n")
        case .actor:
            entries = [first]
            let code = #"""
                actor \#(type) {
                    let \#(label): String
                    private(set) var entries: [Int] = []

                    init(\#(label): String) {
                        self.\#(label) = \#(label)
                    }

                    func record(_ amount: Int) {
                        entries.append(amount)
                    }

                    var total: Int { entries.reduce(0, +) }
                }

                let \#(item) = \#(type)(\#(label): "\#(text)")
                await \#(item).record(\#(first))
                print(\#(item).\#(label), await \#(item).total)

                """#
            return block("An actor, used from top-level code with `await`.", code, "\(text) \(first)\n")
        case .collection:
            let texts = writer.labels(2, entity.labelKind)
            rows = [(texts[0], first, second), (texts[1], writer.number(1...50), writer.number(1...50))]
            let code = #"""
                struct \#(type) {
                    let \#(label): String
                    let \#(a): Int
                    let \#(b): Int
                }

                var \#(list) = [
                    \#(rows.map(row).joined(separator: ",\n    ")),
                ]
                print(\#(list).count)

                """#
            return block("A list of values that the blocks below add to, search and sort.", code, "2\n")
        case .protocol:
            let number = writer.number(1...999)
            let code = #"""
                protocol \#(protocolName.name) {
                    var \#(protocolName.requirement): String { get }
                }

                extension Int: \#(protocolName.name) {
                    var \#(protocolName.requirement): String { "#\(self)" }
                }

                print(\#(number).\#(protocolName.requirement))

                """#
            return block("A protocol, and the first type to adopt it: `Int`.", code, "#\(number)\n")
        }
    }

    // MARK: - The blocks after it

    mutating func nextBlock(_ writer: inout LessonWriter) -> BookProgram.Block {
        switch kind {
        case .value, .reference, .globalState: valueStep(&writer)
        case .actor: actorStep(&writer)
        case .collection: collectionStep(&writer)
        case .protocol: protocolStep(&writer)
        }
    }

    /// Declares `name` once; `true` the first time.
    private mutating func adding(_ name: String) -> Bool {
        added.insert(name).inserted
    }

    private mutating func valueStep(_ writer: inout LessonWriter) -> BookProgram.Block {
        if kind == .globalState, adding("report") {
            declared.append(helper)
            let code = #"""
                @MainActor func \#(helper)() {
                    print("\(\#(item).\#(label)): \(\#(item).\#(a)) and \(\#(item).\#(b))")
                }

                \#(helper)()

                """#
            return block("A function that reads the variable saves repeating the `print`.", code, reported())
        }
        let mutates = kind == .value || kind == .globalState ? "mutating " : ""
        switch writer.number(0...11) {
        case 0:
            let amount = writer.number(1...30)
            first += amount
            return block("Add to `\(a)`:", "\(item).\(a) += \(amount)\nprint(\(item).\(a))\n", "\(first)\n")
        case 1:
            let delta = writer.number(-15...15)
            first += delta
            second -= delta
            return block("`shift` moves an amount from one property to the other.", "\(item).shift(\(delta))\nprint(\(item).\(a), \(item).\(b))\n", "\(first) \(second)\n")
        case 2:
            let share = first + second == 0 ? 0 : first * 100 / (first + second)
            guard adding("share") else {
                return block("The share again, after the changes:", "print(\(item).share)\n", "\(share)\n")
            }
            let code = #"""
                extension \#(type) {
                    var share: Int {
                        \#(a) + \#(b) == 0 ? 0 : \#(a) * 100 / (\#(a) + \#(b))
                    }
                }

                print("\(\#(item).\#(label)) holds \(\#(item).share)%")

                """#
            return block("An extension adds a computed property to the type we declared above.", code, "\(text) holds \(share)%\n")
        case 3:
            if adding("history") {
                history = [first]
                return block("Keep a history of `\(a)`:", "var history = [\(item).\(a)]\nprint(history)\n", "\(printed(history))\n")
            }
            history.append(first)
            return block("Record the current value:", "history.append(\(item).\(a))\nprint(history.count, history.max()!)\n", "\(history.count) \(history.max()!)\n")
        case 4:
            let formatter = "format\(type)"
            let formatted = "\(text): \(first)/\(second)\n"
            guard adding("formatter") else {
                return block("Formatted again:", "print(\(formatter)(\(item)))\n", formatted)
            }
            declared.append(formatter)
            let code = #"""
                func \#(formatter)(_ value: \#(type)) -> String {
                    "\(value.\#(label)): \(value.\#(a))/\(value.\#(b))"
                }

                print(\#(formatter)(\#(item)))

                """#
            return block("A function that formats any `\(type)`, not only ours:", code, formatted)
        case 5:
            let error = "\(type)Error"
            let requested = writer.number(1...40)
            let outcome: String
            if requested <= first {
                first -= requested
                outcome = "removed \(requested), \(first) left\n"
            } else {
                outcome = "short by \(requested - first)\n"
            }
            let attempt = #"""
                do {
                    try \#(item).remove(\#(requested))
                    print("removed \#(requested), \(\#(item).\#(a)) left")
                } catch \#(error).notEnough(let missing) {
                    print("short by \(missing)")
                } catch {
                    print("unexpected: \(error)")
                }

                """#
            guard adding("remove") else { return block("Try to remove some more:", attempt, outcome) }
            declared.append(error)
            let code = #"""
                enum \#(error): Error {
                    case notEnough(missing: Int)
                }

                extension \#(type) {
                    \#(mutates)func remove(_ requested: Int) throws {
                        guard requested <= \#(a) else { throw \#(error).notEnough(missing: requested - \#(a)) }
                        \#(a) -= requested
                    }
                }

                """# + "\n" + attempt
            return block("Removing more than there is throws an error:", code, outcome)
        case 6:
            let steps = writer.number(2...5)
            first += (1...steps).reduce(0, +)
            let code = "for step in 1...\(steps) {\n    \(item).\(a) += step\n}\nprint(\(item).\(a))\n"
            return block("A loop adds a growing amount each time:", code, "\(first)\n")
        case 7:
            let offsets = (0..<3).map { _ in writer.number(-9...9) }
            return block(
                "A closure sees the variable as it is now:", "print(\(literal(offsets)).map { \(item).\(a) + $0 })\n",
                "\(printed(offsets.map { first + $0 }))\n"
            )
        case 8:
            let limit = writer.number(20...80)
            let code = #"""
                if \#(item).\#(a) > \#(limit) {
                    print("\#(a) is over \#(limit)")
                } else {
                    print("\#(a) is at most \#(limit)")
                }

                """#
            return block("Compare it with a limit:", code, first > limit ? "\(a) is over \(limit)\n" : "\(a) is at most \(limit)\n")
        case 9:
            return block("The text property is a `String` like any other:", "print(\(item).\(label).uppercased(), \(item).\(label).count)\n", "\(text.uppercased()) \(text.count)\n")
        case 10:
            if kind == .reference {
                if adding("alias") {
                    let amount = writer.number(1...9)
                    first += amount
                    return block(
                        "A second constant refers to the same instance:", "let alias = \(item)\nalias.\(a) += \(amount)\nprint(\(item).\(a), alias === \(item))\n",
                        "\(first) true\n"
                    )
                }
                let amount = writer.number(1...9)
                second += amount
                return block("A change through the alias shows through the original:", "alias.\(b) += \(amount)\nprint(\(item).\(b))\n", "\(second)\n")
            }
            if adding("snapshot") {
                return block(
                    "A copy of a structure is independent of the original:",
                    "var snapshot = \(item)\nsnapshot.\(a) = 0\nprint(\(item).\(a), snapshot.\(a))\n", "\(first) 0\n"
                )
            }
            return block("The copy kept its own value:", "print(snapshot.\(a), \(item).\(a))\n", "0 \(first)\n")
        default:
            if kind == .globalState {
                let amount = writer.number(1...20)
                second += amount
                return block("Change it and report:", "\(item).\(b) += \(amount)\n\(helper)()\n", reported())
            }
            if kind == .reference { return block("Where it stands now:", "print(\(item).\(a), \(item).\(b))\n", "\(first) \(second)\n") }
            return block("The whole value, as it is now:", "print(\(item))\n", wholeValue())
        }
    }

    private mutating func actorStep(_ writer: inout LessonWriter) -> BookProgram.Block {
        switch writer.number(0...6) {
        case 0:
            let amounts = (0..<writer.number(2...4)).map { _ in writer.number(-20...40) }
            entries += amounts
            let code = "for amount in \(literal(amounts)) {\n    await \(item).record(amount)\n}\nprint(await \(item).total, await \(item).entries.count)\n"
            return block("Record a few more, one after the other:", code, "\(entries.reduce(0, +)) \(entries.count)\n")
        case 1:
            let amounts = (0..<writer.number(2...6)).map { _ in writer.number(1...30) }
            entries += amounts
            let code = #"""
                await withTaskGroup(of: Void.self) { group in
                    for amount in \#(literal(amounts)) {
                        group.addTask { await \#(item).record(amount) }
                    }
                }
                print(await \#(item).total)

                """#
            return block("Child tasks record at the same time; the actor takes them one by one.", code, "\(entries.reduce(0, +))\n")
        case 2:
            let amount = writer.number(1...20)
            entries += [amount, amount]
            guard adding("helper") else {
                return block("The helper again:", "await \(helper)(\(amount), in: \(item))\nprint(await \(item).total)\n", "\(entries.reduce(0, +))\n")
            }
            declared.append(helper)
            let code = #"""
                func \#(helper)(_ amount: Int, in target: \#(type)) async {
                    await target.record(amount)
                    await target.record(amount)
                }

                await \#(helper)(\#(amount), in: \#(item))
                print(await \#(item).total)

                """#
            return block("An async function can take the actor as an argument:", code, "\(entries.reduce(0, +))\n")
        case 3:
            let (pause, amount) = (writer.number(1...15), writer.number(1...30))
            entries.append(amount)
            let code = "try await Task.sleep(for: .milliseconds(\(pause)))\nawait \(item).record(\(amount))\nprint(await \(item).entries.count)\n"
            return block("A short pause first:", code, "\(entries.count)\n")
        case 4:
            guard adding("snapshot") else {
                return block("The largest entry so far:", "print(await \(item).entries.max() ?? 0)\n", "\(entries.max() ?? 0)\n")
            }
            let code = "async let snapshotTotal = \(item).total\nasync let snapshotCount = \(item).entries.count\nprint(await snapshotTotal, await snapshotCount)\n"
            return block("`async let` asks for both at once:", code, "\(entries.reduce(0, +)) \(entries.count)\n")
        case 5:
            let average = entries.isEmpty ? 0 : entries.reduce(0, +) / entries.count
            guard adding("average") else { return block("The average now:", "print(await \(item).average())\n", "\(average)\n") }
            let code = #"""
                extension \#(type) {
                    func average() -> Int {
                        entries.isEmpty ? 0 : total / entries.count
                    }
                }

                print(await \#(item).average())

                """#
            return block("An extension of the actor is isolated to it too:", code, "\(average)\n")
        default:
            let amount = writer.number(1...50)
            entries.append(amount)
            return block("One more entry:", "await \(item).record(\(amount))\nprint(await \(item).total)\n", "\(entries.reduce(0, +))\n")
        }
    }

    private var list: String { BookVocabulary.plural(item) }

    private func row(_ row: (label: String, first: Int, second: Int)) -> String {
        "\(type)(\(label): \"\(row.label)\", \(a): \(row.first), \(b): \(row.second))"
    }

    private mutating func collectionStep(_ writer: inout LessonWriter) -> BookProgram.Block {
        switch writer.number(0...9) {
        case 0, 1:
            let added = (writer.label(entity.labelKind), writer.number(1...50), writer.number(1...50))
            rows.append(added)
            return block("Add one:", "\(list).append(\(row(added)))\nprint(\(list).count)\n", "\(rows.count)\n")
        case 2:
            let limit = writer.number(10...40)
            return block(
                "Those above \(limit):", "print(\(list).filter { $0.\(a) > \(limit) }.map(\\.\(label)))\n",
                "\(printed(rows.filter { $0.first > limit }.map(\.label)))\n"
            )
        case 3:
            return block(
                "Sorted by `\(b)`:", "print(\(list).sorted { $0.\(b) < $1.\(b) }.map(\\.\(b)))\n",
                "\(printed(rows.sorted { $0.second < $1.second }.map(\.second)))\n"
            )
        case 4:
            return block(
                "`reduce` folds the list into one number:", "print(\(list).reduce(0) { $0 + $1.\(a) * $1.\(b) })\n",
                "\(rows.reduce(0) { $0 + $1.first * $1.second })\n"
            )
        case 5:
            let limit = writer.number(1...15)
            rows.removeAll { $0.first < limit }
            return block("Remove the small ones:", "\(list).removeAll { $0.\(a) < \(limit) }\nprint(\(list).count)\n", "\(rows.count)\n")
        case 6:
            let limit = writer.number(10...45)
            return block(
                "The first with a large `\(b)`:", "print(\(list).first { $0.\(b) > \(limit) }?.\(label) ?? \"none\")\n",
                "\(rows.first { $0.second > limit }?.label ?? "none")\n"
            )
        case 7:
            return block(
                "The one with the largest `\(a)`:", "print(\(list).max { $0.\(a) < $1.\(a) }?.\(label) ?? \"none\")\n",
                "\(rows.max { $0.first < $1.first }?.label ?? "none")\n"
            )
        case 8:
            let property = "total" + a.prefix(1).uppercased() + a.dropFirst()
            let total = rows.reduce(0) { $0 + $1.first }
            guard adding("total") else { return block("The total again:", "print(\(list).\(property))\n", "\(total)\n") }
            let code = #"""
                extension Array where Element == \#(type) {
                    var \#(property): Int {
                        reduce(0) { $0 + $1.\#(a) }
                    }
                }

                print(\#(list).\#(property))

                """#
            return block("An extension of `Array`, only for arrays of `\(type)`:", code, "\(total)\n")
        default:
            let wanted = writer.label(entity.labelKind)
            return block(
                "Is \(wanted) in the list?", "print(\(list).contains { $0.\(label) == \"\(wanted)\" })\n",
                "\(rows.contains { $0.label == wanted })\n"
            )
        }
    }

    private mutating func protocolStep(_ writer: inout LessonWriter) -> BookProgram.Block {
        let (proto, requirement) = protocolName
        func described(_ label: String, _ value: Int) -> String { "\(label) (\(value))" }
        if adding("type") {
            declared.append(type)
            let code = #"""
                struct \#(type): \#(proto) {
                    let \#(label): String
                    let \#(a): Int

                    var \#(requirement): String { "\(\#(label)) (\(\#(a)))" }
                }

                let \#(item) = \#(type)(\#(label): "\#(text)", \#(a): \#(first))
                print(\#(item).\#(requirement))

                """#
            return block("A type of our own adopts it:", code, described(text, first) + "\n")
        }
        if adding("shout") {
            let number = writer.number(1...999)
            let code = #"""
                extension \#(proto) {
                    var shout: String { \#(requirement).uppercased() }
                }

                print(\#(item).shout, \#(number).shout)

                """#
            return block("A protocol extension gives every adopter a new property:", code, "\(described(text, first).uppercased()) #\(number)\n")
        }
        switch writer.number(0...3) {
        case 0:
            let numbers = (0..<3).map { _ in writer.number(1...99) }
            return block(
                "Integers have it too:", "print(\(literal(numbers)).map(\\.\(requirement)))\n", "\(printed(numbers.map { "#\($0)" }))\n"
            )
        case 1:
            let (other, value) = (writer.label(entity.labelKind), writer.number(1...99))
            let numbers = (0..<2).map { _ in writer.number(1...99) }
            let call = "print(\(helper)(\(literal(numbers))))\nprint(\(helper)([\(item), \(type)(\(label): \"\(other)\", \(a): \(value))]))\n"
            let output = numbers.map { "#\($0)" }.joined(separator: ", ") + "\n" + described(text, first) + ", " + described(other, value) + "\n"
            guard adding("helper") else { return block("The generic function works for any adopter:", call, output) }
            declared.append(helper)
            let code = #"""
                func \#(helper)<T: \#(proto)>(_ values: [T]) -> String {
                    values.map(\.\#(requirement)).joined(separator: ", ")
                }

                """# + "\n" + call
            return block("A generic function over any array of adopters:", code, output)
        case 2:
            let number = writer.number(1...99)
            if adding("mixed") {
                let code = "let mixed: [any \(proto)] = [\(item), \(number)]\nprint(mixed.map(\\.\(requirement)))\n"
                return block("Different adopters in one array:", code, "\(printed([described(text, first), "#\(number)"]))\n")
            }
            return block("The mixed array is unchanged:", "print(mixed.count)\n", "2\n")
        default:
            let (other, value) = (writer.label(entity.labelKind), writer.number(1...99))
            return block(
                "Another value of the type:", "print(\(type)(\(label): \"\(other)\", \(a): \(value)).\(requirement).count)\n",
                "\(described(other, value).count)\n"
            )
        }
    }

    // MARK: - Output

    private func block(_ lead: String, _ code: String, _ output: String) -> BookProgram.Block {
        BookProgram.Block(lead: lead, code: code, output: output)
    }

    /// What `print` shows for the value of a structure session.
    private func wholeValue() -> String {
        "\(type)(\(label): \(quoted(text)), \(a): \(first), \(b): \(second))\n"
    }

    /// What the report function of a global-state session prints.
    private func reported() -> String {
        "\(text): \(first) and \(second)\n"
    }
}
