/// Lessons on structures, classes and enumerations.
extension LessonWriter {
    mutating func structBasics() -> BookProgram {
        let e = entity()
        let (type, item, label, first, second) = (e.name, e.variable, e.label, e.first, e.second)
        let text = self.label(e.labelKind)
        let (x, y, factor) = (number(2...90), number(1...40), number(2...5))
        let code = #"""
            struct \#(type) {
                var \#(label): String
                var \#(first): Int
                var \#(second): Int

                var combined: Int { \#(first) + \#(second) }

                func scaled(by factor: Int) -> \#(type) {
                    \#(type)(\#(label): \#(label), \#(first): \#(first) * factor, \#(second): \#(second) * factor)
                }
            }

            let \#(item) = \#(type)(\#(label): "\#(text)", \#(first): \#(x), \#(second): \#(y))
            let larger = \#(item).scaled(by: \#(factor))
            print("\(\#(item).\#(label)): \(\#(item).\#(first)) and \(\#(item).\#(second)), combined \(\#(item).combined)")
            print("scaled by \#(factor): combined \(larger.combined)")
            print(larger)

            """#
        let output = """
            \(text): \(x) and \(y), combined \(x + y)
            scaled by \(factor): combined \((x + y) * factor)
            \(type)(\(label): \(quoted(text)), \(first): \(x * factor), \(second): \(y * factor))

            """
        return finish(
            BookProgram(
                title: "\(type): stored and computed properties",
                blocks: [.init(lead: "A `\(type)` keeps two numbers and works out a third from them.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func mutatingMethods() -> BookProgram {
        let e = entity()
        let (type, item, label, first, second) = (e.name, e.variable, e.label, e.first, e.second)
        let text = self.label(e.labelKind)
        let (x, y, up, down) = (number(0...60), number(10...90), number(1...20), number(1...30))
        let code = #"""
            struct \#(type) {
                var \#(label): String
                var \#(first): Int
                var \#(second): Int

                mutating func shift(_ delta: Int) {
                    \#(first) += delta
                    \#(second) -= delta
                }

                mutating func reset() {
                    \#(second) += \#(first)
                    \#(first) = 0
                }
            }

            var \#(item) = \#(type)(\#(label): "\#(text)", \#(first): \#(x), \#(second): \#(y))
            \#(item).shift(\#(up))
            print(\#(item).\#(first), \#(item).\#(second))
            \#(item).shift(-\#(down))
            print(\#(item).\#(first), \#(item).\#(second))
            \#(item).reset()
            print(\#(item))

            """#
        let output = """
            \(x + up) \(y - up)
            \(x + up - down) \(y - up + down)
            \(type)(\(label): \(quoted(text)), \(first): 0, \(second): \(x + y))

            """
        return finish(
            BookProgram(
                title: "Mutating methods on \(type)",
                blocks: [.init(lead: "A method that changes a structure is marked `mutating`, and needs a `var`.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func extensionOwnType() -> BookProgram {
        let e = entity()
        let (type, item, label, first) = (e.name, e.variable, e.label, e.first)
        let text = self.label(e.labelKind)
        let (x, y) = (number(1...50), number(1...50))
        let code = #"""
            struct \#(type) {
                let \#(label): String
                var \#(first): Int
            }

            extension \#(type) {
                init(\#(label): String) {
                    self.init(\#(label): \#(label), \#(first): 0)
                }

                var isEmpty: Bool { \#(first) == 0 }

                mutating func add(_ delta: Int) {
                    \#(first) += delta
                }
            }

            var \#(item) = \#(type)(\#(label): "\#(text)")
            print(\#(item).isEmpty)
            \#(item).add(\#(x))
            \#(item).add(\#(y))
            print(\#(item).\#(first), \#(item).isEmpty)

            """#
        let output = "true\n\(x + y) false\n"
        return finish(
            BookProgram(
                title: "Extending \(type)",
                blocks: [
                    .init(
                        lead: "An initializer written in an extension keeps the memberwise one.", code: code, output: output
                    )
                ],
                declares: [type]
            )
        )
    }

    mutating func staticMembers() -> BookProgram {
        let e = entity()
        let (type, label, first) = (e.name, e.label, e.first)
        let texts = labels(2, e.labelKind)
        let limit = number(20...60)
        let (x, y) = (number(1...(limit - 1)), number((limit + 1)...99))
        let code = #"""
            struct \#(type) {
                static let limit = \#(limit)
                static let empty = \#(type)(\#(label): "none", \#(first): 0)

                let \#(label): String
                let \#(first): Int

                static func capped(_ \#(label): String, \#(first): Int) -> \#(type) {
                    \#(type)(\#(label): \#(label), \#(first): min(\#(first), limit))
                }
            }

            let small = \#(type).capped("\#(texts[0])", \#(first): \#(x))
            let large = \#(type).capped("\#(texts[1])", \#(first): \#(y))
            print(small.\#(first), large.\#(first), \#(type).limit)
            print(\#(type).empty.\#(label), \#(type).empty.\#(first))

            """#
        let output = "\(x) \(limit) \(limit)\nnone 0\n"
        return finish(
            BookProgram(
                title: "Type properties of \(type)",
                blocks: [.init(lead: "`static` members belong to the type itself.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func failableInit() -> BookProgram {
        let e = entity()
        let (type, label, first) = (e.name, e.label, e.first)
        let texts = labels(3, e.labelKind)
        let (x, y, z) = (number(0...40), number(1...40), number(1...40))
        let code = #"""
            struct \#(type) {
                let \#(label): String
                let \#(first): Int

                init?(\#(label): String, \#(first): Int) {
                    guard !\#(label).isEmpty, \#(first) >= 0 else { return nil }
                    self.\#(label) = \#(label)
                    self.\#(first) = \#(first)
                }
            }

            let candidates = [("\#(texts[0])", \#(x)), ("", \#(y)), ("\#(texts[1])", -\#(z)), ("\#(texts[2])", \#(y))]
            let valid = candidates.compactMap { \#(type)(\#(label): $0.0, \#(first): $0.1) }
            print(valid.count, valid.map(\.\#(label)))
            print(\#(type)(\#(label): "", \#(first): 1) == nil)

            """#
        let output = "2 \(printed([texts[0], texts[2]]))\ntrue\n"
        return finish(
            BookProgram(
                title: "An initializer that can fail",
                blocks: [.init(lead: "`init?` returns `nil` for values that make no `\(type)`.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func comparableStruct() -> BookProgram {
        let e = entity()
        let (type, label, first) = (e.name, e.label, e.first)
        let texts = labels(3, e.labelKind)
        let values = distinctNumbers(3, in: -20...99)
        let code = #"""
            struct \#(type): Comparable, CustomStringConvertible {
                let \#(label): String
                let \#(first): Int

                static func < (lhs: \#(type), rhs: \#(type)) -> Bool {
                    lhs.\#(first) < rhs.\#(first)
                }

                var description: String { "\(\#(label)) (\(\#(first)))" }
            }

            let \#(plural(e.variable)) = [
                \#(type)(\#(label): "\#(texts[0])", \#(first): \#(values[0])),
                \#(type)(\#(label): "\#(texts[1])", \#(first): \#(values[1])),
                \#(type)(\#(label): "\#(texts[2])", \#(first): \#(values[2])),
            ]
            print(\#(plural(e.variable)).sorted())
            print(\#(plural(e.variable)).max()!)
            print(\#(plural(e.variable)).min()!.\#(label))

            """#
        let described = zip(texts, values).map { (text: $0, value: $1) }
        let sorted = described.sorted { $0.value < $1.value }
        let output = """
            [\(sorted.map { "\($0.text) (\($0.value))" }.joined(separator: ", "))]
            \(sorted.last!.text) (\(sorted.last!.value))
            \(sorted.first!.text)

            """
        return finish(
            BookProgram(
                title: "Sorting \(plural(e.variable))",
                blocks: [.init(lead: "`Comparable` needs only `<`; `sorted()`, `max()` and `min()` follow.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func hashableSet() -> BookProgram {
        let e = entity()
        let (type, first, second) = (e.name, e.first, e.second)
        let distinct = (0..<3).map { _ in (number(1...9), number(1...9)) }
        let pairs = distinct + [distinct[0], distinct[2]]
        let unique = Set(pairs.map { "\($0.0),\($0.1)" }).count
        let entries = pairs.map { "\(type)(\(first): \($0.0), \(second): \($0.1))" }
        let code = #"""
            struct \#(type): Hashable {
                let \#(first): Int
                let \#(second): Int
            }

            let entries = [
                \#(entries.joined(separator: ",\n    ")),
            ]
            let unique = Set(entries)
            print(entries.count, "entries,", unique.count, "distinct")
            print(unique.contains(\#(type)(\#(first): \#(distinct[1].0), \#(second): \#(distinct[1].1))))
            print(unique.contains(\#(type)(\#(first): 10, \#(second): 10)))

            """#
        let output = "\(pairs.count) entries, \(unique) distinct\ntrue\nfalse\n"
        return finish(
            BookProgram(
                title: "\(type) in a set",
                blocks: [.init(lead: "A `Hashable` structure can go in a `Set`, which keeps one of each.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func nestedEnum() -> BookProgram {
        let e = entity()
        let (type, item, label) = (e.name, e.variable, e.label)
        let text = self.label(e.labelKind)
        let states = ["open", "paused", "closed", "archived"]
        let (start, end) = (number(0...1), number(2...3))
        let code = #"""
            struct \#(type) {
                enum State {
                    case \#(states.joined(separator: ", "))
                }

                let \#(label): String
                var state: State = .\#(states[start])
            }

            var \#(item) = \#(type)(\#(label): "\#(text)")
            print(\#(item).state)
            \#(item).state = .\#(states[end])
            print([\#(item).state, \#(type).State.\#(states[start])])
            print(\#(item))

            """#
        let output = """
            \(states[start])
            [main.\(type).State.\(states[end]), main.\(type).State.\(states[start])]
            \(type)(\(label): \(quoted(text)), state: main.\(type).State.\(states[end]))

            """
        return finish(
            BookProgram(
                title: "A type inside \(type)",
                blocks: [.init(lead: "Inside a collection, a value prints with its full name.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func classReference() -> BookProgram {
        let e = entity()
        let (type, item, label, first, second) = (e.name, e.variable, e.label, e.first, e.second)
        let text = self.label(e.labelKind)
        let (x, y, more) = (number(1...40), number(41...99), number(1...9))
        let code = #"""
            final class \#(type) {
                let \#(label): String
                var \#(first): Int
                var \#(second): Int

                init(\#(label): String, \#(first): Int, \#(second): Int) {
                    self.\#(label) = \#(label)
                    self.\#(first) = \#(first)
                    self.\#(second) = \#(second)
                }

                var headroom: Int { \#(second) - \#(first) }
            }

            let \#(item) = \#(type)(\#(label): "\#(text)", \#(first): \#(x), \#(second): \#(y))
            let shared = \#(item)
            shared.\#(first) += \#(more)
            print(\#(item).\#(first), \#(item).headroom)
            print(\#(item) === shared)
            print(\#(item))

            """#
        let output = "\(x + more) \(y - x - more)\ntrue\nmain.\(type)\n"
        return finish(
            BookProgram(
                title: "\(type) is a reference type",
                blocks: [.init(lead: "Two constants can refer to one instance of a class.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func deinitOnNil() -> BookProgram {
        let e = entity()
        let (type, item, label) = (e.name, e.variable, e.label)
        let texts = labels(2, e.labelKind)
        let code = #"""
            final class \#(type) {
                let \#(label): String

                init(\#(label): String) {
                    self.\#(label) = \#(label)
                    print("open \(\#(label))")
                }

                deinit {
                    print("close \(\#(label))")
                }
            }

            var \#(item): \#(type)? = \#(type)(\#(label): "\#(texts[0])")
            print(\#(item)?.\#(label) ?? "none")
            \#(item) = \#(type)(\#(label): "\#(texts[1])")
            \#(item) = nil
            print(\#(item)?.\#(label) ?? "none")

            """#
        let output = "open \(texts[0])\n\(texts[0])\nopen \(texts[1])\nclose \(texts[0])\nclose \(texts[1])\nnone\n"
        return finish(
            BookProgram(
                title: "When a \(type) goes away",
                blocks: [.init(lead: "`deinit` runs when the last reference to an instance is gone.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func propertyObservers() -> BookProgram {
        let e = entity()
        let (type, item, first) = (e.name, e.variable, e.first)
        let values = distinctNumbers(3, in: 1...99)
        let code = #"""
            struct \#(type) {
                var \#(first): Int = 0 {
                    willSet {
                        print("\(\#(first)) -> \(newValue)")
                    }
                    didSet {
                        changes += 1
                    }
                }
                var changes = 0
            }

            var \#(item) = \#(type)()
            \#(item).\#(first) = \#(values[0])
            \#(item).\#(first) += \#(values[1])
            \#(item).\#(first) = \#(values[2])
            print("changes:", \#(item).changes)

            """#
        let output = """
            0 -> \(values[0])
            \(values[0]) -> \(values[0] + values[1])
            \(values[0] + values[1]) -> \(values[2])
            changes: 3

            """
        return finish(
            BookProgram(
                title: "Watching \(type).\(first)",
                blocks: [.init(lead: "`willSet` and `didSet` run around every change.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func inheritance() -> BookProgram {
        let e = entity()
        let (type, label, first) = (e.name, e.label, e.first)
        let premium = "Premium\(type)"
        let texts = labels(3, e.labelKind)
        let values = (0..<3).map { _ in number(1...50) }
        let code = #"""
            class \#(type) {
                let \#(label): String
                var \#(first): Int

                init(\#(label): String, \#(first): Int) {
                    self.\#(label) = \#(label)
                    self.\#(first) = \#(first)
                }

                func describe() -> String {
                    "\(\#(label)): \(\#(first))"
                }

                var rank: Int { \#(first) }
            }

            final class \#(premium): \#(type) {
                override func describe() -> String {
                    super.describe() + " (premium)"
                }

                override var rank: Int { \#(first) * 2 }
            }

            let all: [\#(type)] = [
                \#(type)(\#(label): "\#(texts[0])", \#(first): \#(values[0])),
                \#(premium)(\#(label): "\#(texts[1])", \#(first): \#(values[1])),
                \#(type)(\#(label): "\#(texts[2])", \#(first): \#(values[2])),
            ]
            for entry in all {
                print(entry.describe(), entry.rank)
            }
            print(all.map(\.rank).reduce(0, +))

            """#
        let output = """
            \(texts[0]): \(values[0]) \(values[0])
            \(texts[1]): \(values[1]) (premium) \(values[1] * 2)
            \(texts[2]): \(values[2]) \(values[2])
            \(values[0] + 2 * values[1] + values[2])

            """
        return finish(
            BookProgram(
                title: "\(premium) overrides \(type)",
                blocks: [.init(lead: "A subclass overrides a method and a computed property.", code: code, output: output)],
                declares: [type, premium]
            )
        )
    }

    mutating func caseIterableEnum() -> BookProgram {
        let chosen = name(from: BookVocabulary.caseLists.map(\.name))
        let list = BookVocabulary.caseLists.first { $0.name == chosen }!
        let (type, cases) = (list.name, list.cases)
        let start = number(1...cases.count)
        let next = start % cases.count + 1
        let afterNext = next % cases.count + 1
        let code = #"""
            enum \#(type): Int, CaseIterable {
                case \#(cases[0]) = 1, \#(cases.dropFirst().joined(separator: ", "))

                var next: \#(type) {
                    \#(type)(rawValue: rawValue % \#(type).allCases.count + 1)!
                }
            }

            let start = \#(type)(rawValue: \#(start))!
            print(start, "is followed by", start.next)
            print(\#(type).allCases.count, "cases:", \#(type).allCases.map { "\($0)" }.joined(separator: ", "))
            print(\#(type)(rawValue: 0) as Any)
            print([start, start.next.next])

            """#
        let output = """
            \(cases[start - 1]) is followed by \(cases[next - 1])
            \(cases.count) cases: \(cases.joined(separator: ", "))
            nil
            [main.\(type).\(cases[start - 1]), main.\(type).\(cases[afterNext - 1])]

            """
        return finish(
            BookProgram(
                title: "Every \(type)",
                blocks: [.init(lead: "`CaseIterable` lists the cases in order; raw values number them.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func associatedValues() -> BookProgram {
        let type = name(from: ["Shape", "Figure", "Tile", "Outline", "Region"])
        let item = type.lowercased()
        let (radius, width, height, side) = (number(1...9), number(1...12), number(1...12), number(1...15))
        let code = #"""
            enum \#(type) {
                case circle(radius: Int)
                case rectangle(width: Int, height: Int)
                case square(side: Int)

                var area: Int {
                    switch self {
                    case .circle(let radius): 3 * radius * radius
                    case .rectangle(let width, let height): width * height
                    case .square(let side): side * side
                    }
                }
            }

            let \#(plural(item)): [\#(type)] = [.circle(radius: \#(radius)), .rectangle(width: \#(width), height: \#(height)), .square(side: \#(side))]
            for \#(item) in \#(plural(item)) {
                print(\#(item), \#(item).area)
            }
            print("total area:", \#(plural(item)).map(\.area).reduce(0, +))

            """#
        let areas = [3 * radius * radius, width * height, side * side]
        let output = """
            circle(radius: \(radius)) \(areas[0])
            rectangle(width: \(width), height: \(height)) \(areas[1])
            square(side: \(side)) \(areas[2])
            total area: \(areas.reduce(0, +))

            """
        return finish(
            BookProgram(
                title: "Cases that carry values",
                blocks: [.init(lead: "Each case of `\(type)` carries its own measurements.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func commandEnum() -> BookProgram {
        let type = name(from: ["Command", "Instruction", "Move", "Step", "Action"])
        let count = number(5...9)
        var commands: [String] = []
        var (position, heading, waits) = (0, 1, 0)
        for _ in 0..<count {
            switch number(0...3) {
            case 0, 1:
                let steps = number(1...9)
                commands.append(".forward(\(steps))")
                position += heading * steps
            case 2:
                commands.append(".turn")
                heading = -heading
            default:
                commands.append(".wait")
                waits += 1
            }
        }
        let code = #"""
            enum \#(type) {
                case forward(Int)
                case turn
                case wait
            }

            let plan: [\#(type)] = [\#(commands.joined(separator: ", "))]
            var position = 0
            var heading = 1
            for command in plan {
                switch command {
                case .forward(let steps): position += heading * steps
                case .turn: heading = -heading
                case .wait: continue
                }
            }
            print("position \(position), heading \(heading)")
            print(plan.filter { if case .wait = $0 { true } else { false } }.count, "waits")

            """#
        let output = "position \(position), heading \(heading)\n\(waits) waits\n"
        return finish(
            BookProgram(
                title: "Following a plan of \(plural(type.lowercased()))",
                blocks: [.init(lead: "A `switch` over the cases moves a position along a line.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func subscriptGrid() -> BookProgram {
        let type = name(from: ["Grid", "Board", "Canvas", "Table", "Lattice"])
        let item = type.lowercased()
        let (rows, columns) = (number(2...6), number(2...6))
        let (x, y, z) = (number(1...9), number(1...9), number(1...9))
        let code = #"""
            struct \#(type) {
                let rows: Int
                let columns: Int
                private var cells: [Int]

                init(rows: Int, columns: Int) {
                    self.rows = rows
                    self.columns = columns
                    cells = Array(repeating: 0, count: rows * columns)
                }

                subscript(row: Int, column: Int) -> Int {
                    get { cells[row * columns + column] }
                    set { cells[row * columns + column] = newValue }
                }

                var total: Int { cells.reduce(0, +) }
            }

            var \#(item) = \#(type)(rows: \#(rows), columns: \#(columns))
            \#(item)[0, 1] = \#(x)
            \#(item)[\#(rows - 1), \#(columns - 1)] = \#(y)
            \#(item)[0, 1] += \#(z)
            print(\#(item)[0, 1], \#(item)[\#(rows - 1), \#(columns - 1)], \#(item)[1, 0])
            print(\#(item).total)

            """#
        let output = "\(x + z) \(y) 0\n\(x + y + z)\n"
        return finish(
            BookProgram(
                title: "A subscript with two arguments",
                blocks: [.init(lead: "`\(type)` reads and writes its cells by row and column.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func customOperator() -> BookProgram {
        let type = name(from: ["Vector", "Offset", "Delta", "Velocity", "Displacement"])
        let symbol = name(from: ["<*>", "|*|", "~*~", "<+>", "%%%"])
        let (a, b, c, d, factor) = (number(-9...9), number(-9...9), number(-9...9), number(-9...9), number(2...4))
        let code = #"""
            struct \#(type): CustomStringConvertible {
                var dx: Int
                var dy: Int

                static func + (lhs: \#(type), rhs: \#(type)) -> \#(type) {
                    \#(type)(dx: lhs.dx + rhs.dx, dy: lhs.dy + rhs.dy)
                }

                static func * (lhs: \#(type), factor: Int) -> \#(type) {
                    \#(type)(dx: lhs.dx * factor, dy: lhs.dy * factor)
                }

                var description: String { "(\(dx), \(dy))" }
            }

            infix operator \#(symbol): MultiplicationPrecedence

            func \#(symbol) (lhs: \#(type), rhs: \#(type)) -> Int {
                lhs.dx * rhs.dx + lhs.dy * rhs.dy
            }

            let first = \#(type)(dx: \#(a), dy: \#(b))
            let second = \#(type)(dx: \#(c), dy: \#(d))
            print(first + second, first * \#(factor))
            print(first \#(symbol) second)

            """#
        let output = "(\(a + c), \(b + d)) (\(a * factor), \(b * factor))\n\(a * c + b * d)\n"
        return finish(
            BookProgram(
                title: "Operators for \(type)",
                blocks: [.init(lead: "Operators are static functions, and a new one needs a declaration.", code: code, output: output)],
                declares: [type, symbol]
            )
        )
    }
}
