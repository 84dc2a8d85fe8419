import Foundation

/// Lessons on functions, closures, control flow, collections, text and errors.
extension LessonWriter {
    mutating func closureHigherOrder() -> BookProgram {
        let e = entity()
        let (type, label, first, second) = (e.name, e.label, e.first, e.second)
        let texts = labels(4, e.labelKind)
        let firsts = distinctNumbers(4, in: 1...20)
        let seconds = (0..<4).map { _ in number(1...99) }
        let threshold = number(5...15)
        let list = plural(e.variable)
        let rows = (0..<4).map { "\(type)(\(label): \"\(texts[$0])\", \(first): \(firsts[$0]), \(second): \(seconds[$0]))" }
        let code = #"""
            struct \#(type) {
                let \#(label): String
                let \#(first): Int
                let \#(second): Int
            }

            let \#(list) = [
                \#(rows.joined(separator: ",\n    ")),
            ]
            let chosen = \#(list).filter { $0.\#(first) >= \#(threshold) }.map(\.\#(label))
            let total = \#(list).reduce(0) { $0 + $1.\#(second) }
            let ranked = \#(list).sorted { $0.\#(first) > $1.\#(first) }.map(\.\#(label))
            print(chosen)
            print(total)
            print(ranked)

            """#
        let order = (0..<4).sorted { firsts[$0] > firsts[$1] }
        let output = """
            \(printed((0..<4).filter { firsts[$0] >= threshold }.map { texts[$0] }))
            \(seconds.reduce(0, +))
            \(printed(order.map { texts[$0] }))

            """
        return finish(
            BookProgram(
                title: "Filtering, adding up and sorting \(list)",
                blocks: [.init(lead: "Closures tell `filter`, `reduce` and `sorted` what to do.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func counterClosure() -> BookProgram {
        let function = name(from: ["makeCounter", "makeAccumulator", "makeTicker", "makeTally", "makeStepper"])
        let (step, other) = (number(1...9), number(10...50))
        let code = #"""
            func \#(function)(step: Int) -> () -> Int {
                var count = 0
                return {
                    count += step
                    return count
                }
            }

            let next = \#(function)(step: \#(step))
            print(next(), next(), next())
            let other = \#(function)(step: \#(other))
            print(other(), next())

            """#
        let output = "\(step) \(2 * step) \(3 * step)\n\(other) \(4 * step)\n"
        return finish(
            BookProgram(
                title: "A closure that keeps its state",
                blocks: [.init(lead: "Each closure that `\(function)` returns captures a `count` of its own.", code: code, output: output)],
                declares: [function]
            )
        )
    }

    mutating func escapingHandlers() -> BookProgram {
        let e = entity()
        let (type, item, label) = (e.name, e.variable, e.label)
        let text = self.label(e.labelKind)
        let (x, y) = (number(1...99), number(1...99))
        let code = #"""
            final class \#(type) {
                let \#(label): String
                private var handlers: [(Int) -> Void] = []

                init(\#(label): String) {
                    self.\#(label) = \#(label)
                }

                func onChange(_ handler: @escaping (Int) -> Void) {
                    handlers.append(handler)
                }

                func send(_ value: Int) {
                    for handler in handlers {
                        handler(value)
                    }
                }
            }

            let \#(item) = \#(type)(\#(label): "\#(text)")
            var received: [Int] = []
            \#(item).onChange { received.append($0) }
            \#(item).onChange { print("\#(text) got \($0)") }
            \#(item).send(\#(x))
            \#(item).send(\#(y))
            print(received)

            """#
        let output = "\(text) got \(x)\n\(text) got \(y)\n\(printed([x, y]))\n"
        return finish(
            BookProgram(
                title: "Storing closures for later",
                blocks: [.init(lead: "A closure kept after the call returns is `@escaping`.", code: code, output: output)],
                declares: [type]
            )
        )
    }

    mutating func arrayPipeline() -> BookProgram {
        let scores = (0..<8).map { _ in number(20...99) }
        let passed = scores.filter { $0 >= 50 }
        let curved = passed.map { min($0 + 5, 100) }
        let code = #"""
            let scores = \#(literal(scores))
            let passed = scores.filter { $0 >= 50 }
            let curved = passed.map { min($0 + 5, 100) }
            print(passed.count, "of", scores.count, "passed")
            print(curved)
            print(curved.reduce(0, +) / max(curved.count, 1))
            print(scores.sorted(by: >).prefix(3))

            """#
        let output = """
            \(passed.count) of \(scores.count) passed
            \(printed(curved))
            \(curved.reduce(0, +) / max(curved.count, 1))
            \(printed(Array(scores.sorted(by: >).prefix(3))))

            """
        return finish(
            BookProgram(
                title: "A pipeline of array methods",
                blocks: [.init(lead: "Each step hands a new array to the next.", code: code, output: output)],
                declares: []
            )
        )
    }

    mutating func dictionaryGrouping() -> BookProgram {
        let words = (0..<number(5...9)).map { _ in pick(BookVocabulary.places + BookVocabulary.people) }
        let byLength = Dictionary(grouping: words, by: \.count)
        let code = #"""
            let names = \#(literal(words))
            let byLength = Dictionary(grouping: names, by: \.count)
            for length in byLength.keys.sorted() {
                print(length, byLength[length]!.sorted())
            }
            var seen: [String: Int] = [:]
            for name in names {
                seen[name, default: 0] += 1
            }
            print(seen.filter { $0.value > 1 }.keys.sorted())

            """#
        var seen: [String: Int] = [:]
        for word in words { seen[word, default: 0] += 1 }
        let output =
            byLength.keys.sorted().map { "\($0) \(printed(byLength[$0]!.sorted()))\n" }.joined()
            + "\(printed(seen.filter { $0.value > 1 }.keys.sorted()))\n"
        return finish(
            BookProgram(
                title: "Grouping names by length",
                blocks: [.init(lead: "A dictionary's order is not fixed, so the keys are sorted before printing.", code: code, output: output)],
                declares: []
            )
        )
    }

    mutating func strideLazy() -> BookProgram {
        let (start, step) = (number(0...10), number(2...7))
        let end = start + step * number(3...8)
        let limit = number(50...900)
        let firstSquare = (1...).lazy.map { $0 * $0 }.first { $0 > limit }!
        let code = #"""
            let marks = stride(from: \#(start), through: \#(end), by: \#(step))
            print(Array(marks))
            let firstSquare = (1...).lazy.map { $0 * $0 }.first { $0 > \#(limit) }
            print(firstSquare ?? 0)
            print(Array(stride(from: \#(end), to: \#(start), by: -\#(step))).count)

            """#
        let output = """
            \(printed(Array(stride(from: start, through: end, by: step))))
            \(firstSquare)
            \(Array(stride(from: end, to: start, by: -step)).count)

            """
        return finish(
            BookProgram(
                title: "Strides and lazy sequences",
                blocks: [.init(lead: "A lazy sequence computes only what is asked of it, even from an endless range.", code: code, output: output)],
                declares: []
            )
        )
    }

    mutating func switchPatterns() -> BookProgram {
        let function = name(from: ["classify", "locate", "quadrantName", "placeOf", "regionOf"])
        var points = [(0, 0), (number(1...9), 0), (0, number(1...9))]
        let diagonal = number(1...9)
        points += [(diagonal, diagonal), (number(1...9), number(1...9)), (number(10...40), number(1...9))]
        func classify(_ point: (Int, Int)) -> String {
            switch point {
            case (0, 0): "origin"
            case (_, 0): "on the x-axis"
            case (0, _): "on the y-axis"
            case let (x, y) where x == y: "on the diagonal"
            case (1...9, 1...9): "near"
            default: "far"
            }
        }
        let code = #"""
            func \#(function)(_ point: (Int, Int)) -> String {
                switch point {
                case (0, 0): "origin"
                case (_, 0): "on the x-axis"
                case (0, _): "on the y-axis"
                case let (x, y) where x == y: "on the diagonal"
                case (1...9, 1...9): "near"
                default: "far"
                }
            }

            for point in [\#(points.map { "(\($0.0), \($0.1))" }.joined(separator: ", "))] {
                print(point, \#(function)(point))
            }

            """#
        let output = points.map { "(\($0.0), \($0.1)) \(classify($0))\n" }.joined()
        return finish(
            BookProgram(
                title: "Matching tuples",
                blocks: [.init(lead: "Patterns in a `switch` take tuples apart and test their parts.", code: code, output: output)],
                declares: [function]
            )
        )
    }

    mutating func deferOrder() -> BookProgram {
        let function = name(from: ["process", "handle", "perform", "execute", "carryOut"])
        let word = pick(BookVocabulary.titles)
        let code = #"""
            func \#(function)(_ name: String) -> Int {
                print("start [\(name)]")
                defer { print("end [\(name)]") }
                if name.isEmpty { return 0 }
                defer { print("cleanup [\(name)]") }
                return name.count
            }

            print(\#(function)("\#(word)"))
            print(\#(function)(""))

            """#
        let output = "start [\(word)]\ncleanup [\(word)]\nend [\(word)]\n\(word.count)\nstart []\nend []\n0\n"
        return finish(
            BookProgram(
                title: "Deferred work",
                blocks: [.init(lead: "`defer` blocks run as the function returns, the last one first.", code: code, output: output)],
                declares: [function]
            )
        )
    }

    mutating func tuples() -> BookProgram {
        let function = name(from: ["minMax", "bounds", "extremes", "spread", "limits"])
        let values = (0..<number(3...7)).map { _ in number(-50...99) }
        let code = #"""
            func \#(function)(_ values: [Int]) -> (min: Int, max: Int)? {
                guard let first = values.first else { return nil }
                var result = (min: first, max: first)
                for value in values.dropFirst() {
                    if value < result.min { result.min = value }
                    if value > result.max { result.max = value }
                }
                return result
            }

            if let found = \#(function)(\#(literal(values))) {
                print(found.min, found.max)
                print(found)
            }
            print(\#(function)([]) == nil)

            """#
        let output = "\(values.min()!) \(values.max()!)\n(min: \(values.min()!), max: \(values.max()!))\ntrue\n"
        return finish(
            BookProgram(
                title: "Returning two values",
                blocks: [.init(lead: "A tuple with labels returns both ends at once.", code: code, output: output)],
                declares: [function]
            )
        )
    }

    mutating func optionals() -> BookProgram {
        let people = distinctPicks(4, from: BookVocabulary.people)
        let (x, y) = (number(18...80), number(18...80))
        let code = #"""
            let ages = ["\#(people[0])": \#(x), "\#(people[1])": \#(y)]
            let nextYear = ages["\#(people[0])"].map { $0 + 1 } ?? 0
            print(nextYear)
            if let age = ages["\#(people[2])"] {
                print(age)
            } else {
                print("no age for \#(people[2])")
            }
            print(ages["\#(people[1])", default: 0], ages["\#(people[3])"] ?? -1)
            let known = ages["\#(people[1])"]
            print(known as Any, known!)

            """#
        let output = "\(x + 1)\nno age for \(people[2])\n\(y) -1\nOptional(\(y)) \(y)\n"
        return finish(
            BookProgram(
                title: "Values that may be missing",
                blocks: [.init(lead: "A dictionary lookup gives an optional: `map`, `??` and `if let` deal with it.", code: code, output: output)],
                declares: []
            )
        )
    }

    mutating func stringFacts() -> BookProgram {
        let text = pick(BookVocabulary.titles) + " in " + pick(BookVocabulary.places)
        let code = #"""
            let title = "\#(text)"
            print(title.uppercased())
            print(title.count, title.split(separator: " ").count)
            print(String(title.reversed()))
            print(title.hasPrefix("\#(text.prefix(3))"), title.contains("xyz"))

            """#
        let output = "\(text.uppercased())\n\(text.count) \(text.split(separator: " ").count)\n\(String(text.reversed()))\ntrue false\n"
        return finish(
            BookProgram(
                title: "A string's facts",
                blocks: [.init(lead: "A `String` is a collection of characters.", code: code, output: output)],
                declares: []
            )
        )
    }

    mutating func foundationFormat() -> BookProgram {
        let prices = (0..<number(3...5)).map { _ in Double(number(1...400)) / 4 }
        let words = distinctPicks(3, from: BookVocabulary.places)
        let total = prices.reduce(0, +)
        let code = #"""
            import Foundation

            let prices = [\#(prices.map { "\($0)" }.joined(separator: ", "))]
            let total = prices.reduce(0, +)
            print(String(format: "total %.2f", total))
            print(String(format: "average %.3f", total / Double(prices.count)))
            print("\#(words.joined(separator: ", "))".components(separatedBy: ", ").count)

            """#
        let output = """
            \(String(format: "total %.2f", total))
            \(String(format: "average %.3f", total / Double(prices.count)))
            3

            """
        return finish(
            BookProgram(
                title: "Formatting with Foundation",
                blocks: [.init(lead: "Foundation adds `String(format:)` and more to the standard library.", code: code, output: output)],
                declares: []
            )
        )
    }

    mutating func globalConstant() -> BookProgram {
        let function = name(from: ["withTax", "afterTax", "grossAmount", "withVAT", "taxed"])
        let rate = number(5...25)
        let (x, y) = (number(10...500), number(10...500))
        let code = #"""
            let taxRate = \#(rate)

            func \#(function)(_ amount: Int) -> Int {
                amount + amount * taxRate / 100
            }

            print(\#(function)(\#(x)), \#(function)(\#(y)))

            """#
        let output = "\(x + x * rate / 100) \(y + y * rate / 100)\n"
        return finish(
            BookProgram(
                title: "A function that reads a constant",
                blocks: [.init(lead: "Top-level constants are visible to the functions declared beside them.", code: code, output: output)],
                declares: [function], mergeable: false
            )
        )
    }

    mutating func throwingErrors() -> BookProgram {
        let e = entity()
        let (type, item, label, first) = (e.name, e.variable, e.label, e.first)
        let error = "\(type)Error"
        let text = self.label(e.labelKind)
        let limit = number(30...60)
        let start = number(40...99)
        let amounts = [number(1...25), limit + number(1...20), number(1...25), start + 10]
        var left = start
        var lines: [String] = []
        for amount in amounts {
            if amount > limit {
                lines.append("refused \(amount): tooLarge(limit: \(limit))")
            } else if amount > left {
                lines.append("\(amount) is \(amount - left) too many")
            } else {
                left -= amount
                lines.append("removed \(amount), \(left) left")
            }
        }
        let code = #"""
            enum \#(error): Error {
                case notEnough(missing: Int)
                case tooLarge(limit: Int)
            }

            struct \#(type) {
                static let limit = \#(limit)

                let \#(label): String
                var \#(first): Int

                mutating func remove(_ requested: Int) throws {
                    guard requested <= Self.limit else { throw \#(error).tooLarge(limit: Self.limit) }
                    guard requested <= \#(first) else { throw \#(error).notEnough(missing: requested - \#(first)) }
                    \#(first) -= requested
                }
            }

            var \#(item) = \#(type)(\#(label): "\#(text)", \#(first): \#(start))
            for amount in \#(literal(amounts)) {
                do {
                    try \#(item).remove(amount)
                    print("removed \(amount), \(\#(item).\#(first)) left")
                } catch \#(error).notEnough(let missing) {
                    print("\(amount) is \(missing) too many")
                } catch {
                    print("refused \(amount): \(error)")
                }
            }

            """#
        return finish(
            BookProgram(
                title: "Throwing and catching",
                blocks: [.init(lead: "A `catch` clause can match one case of an error and leave the rest to the next.", code: code, output: lines.map { $0 + "\n" }.joined())],
                declares: [type, error]
            )
        )
    }

    mutating func optionalTry() -> BookProgram {
        let e = entity()
        let (type, label, first) = (e.name, e.label, e.first)
        let error = "\(type)ParseError"
        let function = "parse\(type)"
        let texts = labels(4, e.labelKind)
        let (x, y) = (number(1...99), number(1...99))
        let code = #"""
            struct \#(type) {
                let \#(label): String
                let \#(first): Int
            }

            enum \#(error): Error {
                case badField(String)
            }

            func \#(function)(_ line: String) throws -> \#(type) {
                let parts = line.split(separator: ",")
                guard parts.count == 2 else { throw \#(error).badField(line) }
                guard let number = Int(parts[1]) else { throw \#(error).badField(String(parts[1])) }
                return \#(type)(\#(label): String(parts[0]), \#(first): number)
            }

            let lines = ["\#(texts[0]),\#(x)", "\#(texts[1]),many", "\#(texts[2]),\#(y)", "broken"]
            let parsed = lines.compactMap { try? \#(function)($0) }
            print(parsed.map(\.\#(label)))
            print(parsed.map(\.\#(first)).reduce(0, +))
            do {
                _ = try \#(function)("\#(texts[3]),x")
            } catch {
                print("failed:", error)
            }

            """#
        let output = "\(printed([texts[0], texts[2]]))\n\(x + y)\nfailed: badField(\"x\")\n"
        return finish(
            BookProgram(
                title: "`try?` turns errors into nil",
                blocks: [.init(lead: "Lines that do not parse drop out of `compactMap`.", code: code, output: output)],
                declares: [type, error, function]
            )
        )
    }

    mutating func resultType() -> BookProgram {
        let e = entity()
        let (type, label, first) = (e.name, e.label, e.first)
        let error = "\(type)LookupError"
        let function = "find\(type)"
        let texts = labels(4, e.labelKind)
        let values = (0..<3).map { _ in number(1...99) }
        let code = #"""
            struct \#(type) {
                let \#(label): String
                let \#(first): Int
            }

            enum \#(error): Error {
                case unknown(String)
            }

            func \#(function)(_ key: String, in list: [\#(type)]) -> Result<\#(type), \#(error)> {
                if let found = list.first(where: { $0.\#(label) == key }) {
                    return .success(found)
                }
                return .failure(.unknown(key))
            }

            let catalog = [
                \#((0..<3).map { "\(type)(\(label): \"\(texts[$0])\", \(first): \(values[$0]))" }.joined(separator: ",\n    ")),
            ]
            for key in ["\#(texts[0])", "\#(texts[3])", "\#(texts[2])"] {
                switch \#(function)(key, in: catalog) {
                case .success(let found): print("\(found.\#(label)): \(found.\#(first))")
                case .failure(let error): print("error: \(error)")
                }
            }
            print((try? \#(function)("\#(texts[1])", in: catalog).get())?.\#(first) ?? -1)

            """#
        let output = """
            \(texts[0]): \(values[0])
            error: unknown(\(quoted(texts[3])))
            \(texts[2]): \(values[2])
            \(values[1])

            """
        return finish(
            BookProgram(
                title: "A `Result` instead of a throw",
                blocks: [.init(lead: "`Result` keeps a success or a failure as a value, to inspect later.", code: code, output: output)],
                declares: [type, error, function]
            )
        )
    }

    mutating func typedThrows() -> BookProgram {
        let e = entity()
        let type = e.name
        let error = "\(type)CheckError"
        let function = "checked\(type)"
        let (x, y) = (number(1...99), number(1...99))
        let code = #"""
            enum \#(error): Error {
                case empty
                case belowZero(Int)
            }

            func \#(function)(_ value: Int) throws(\#(error)) -> Int {
                if value == 0 { throw .empty }
                if value < 0 { throw .belowZero(value) }
                return value
            }

            for value in [\#(x), 0, -\#(y)] {
                do {
                    let accepted = try \#(function)(value)
                    print("accepted", accepted)
                } catch {
                    switch error {
                    case .empty: print("empty")
                    case .belowZero(let amount): print("below zero by", -amount)
                    }
                }
            }

            """#
        let output = "accepted \(x)\nempty\nbelow zero by \(y)\n"
        return finish(
            BookProgram(
                title: "Typed throws",
                blocks: [.init(lead: "With `throws(\(error))`, `catch` knows the error's type and can switch over it.", code: code, output: output)],
                declares: [error, function]
            )
        )
    }
}
