/// Lessons on protocols, extensions and generics.
extension LessonWriter {
    /// A protocol of the vocabulary the program has not picked yet, with its requirement.
    mutating func protocolName() -> (name: String, requirement: String) {
        let chosen = name(from: BookVocabulary.protocols.map(\.name))
        return BookVocabulary.protocols.first { $0.name == chosen }!
    }

    mutating func protocolExistentials() -> BookProgram {
        let (proto, requirement) = protocolName()
        let (one, two) = (entity(), entity())
        let texts = labels(3, one.labelKind)
        let other = self.label(two.labelKind)
        let values = (0..<4).map { _ in number(1...99) }
        let code = #"""
            protocol \#(proto) {
                var \#(requirement): String { get }
            }

            struct \#(one.name): \#(proto) {
                let \#(one.label): String
                let \#(one.first): Int

                var \#(requirement): String { "\(\#(one.label)): \(\#(one.first))" }
            }

            struct \#(two.name): \#(proto) {
                let \#(two.label): String
                let \#(two.second): Int

                var \#(requirement): String { "\(\#(two.label)) with \(\#(two.second))" }
            }

            let entries: [any \#(proto)] = [
                \#(one.name)(\#(one.label): "\#(texts[0])", \#(one.first): \#(values[0])),
                \#(two.name)(\#(two.label): "\#(other)", \#(two.second): \#(values[1])),
                \#(one.name)(\#(one.label): "\#(texts[1])", \#(one.first): \#(values[2])),
            ]
            for entry in entries {
                print(entry.\#(requirement))
            }
            print(entries.count, "entries")

            """#
        let output = """
            \(texts[0]): \(values[0])
            \(other) with \(values[1])
            \(texts[1]): \(values[2])
            3 entries

            """
        return finish(
            BookProgram(
                title: "Two types, one protocol",
                blocks: [.init(lead: "An array of `any \(proto)` holds both kinds of value.", code: code, output: output)],
                declares: [proto, one.name, two.name]
            )
        )
    }

    mutating func protocolDefaults() -> BookProgram {
        let (proto, requirement) = protocolName()
        let (one, two) = (entity(), entity())
        let (first, second) = (self.label(one.labelKind), self.label(two.labelKind))
        let value = number(1...99)
        let code = #"""
            protocol \#(proto) {
                var \#(requirement): String { get }
                func announce() -> String
            }

            extension \#(proto) {
                func announce() -> String {
                    "This is \(\#(requirement))"
                }
            }

            struct \#(one.name): \#(proto) {
                let \#(one.label): String

                var \#(requirement): String { \#(one.label) }
            }

            struct \#(two.name): \#(proto) {
                let \#(two.label): String
                let \#(two.first): Int

                var \#(requirement): String { "\(\#(two.label)) #\(\#(two.first))" }

                func announce() -> String {
                    "Presenting \(\#(requirement))"
                }
            }

            print(\#(one.name)(\#(one.label): "\#(first)").announce())
            print(\#(two.name)(\#(two.label): "\#(second)", \#(two.first): \#(value)).announce())
            let mixed: [any \#(proto)] = [\#(two.name)(\#(two.label): "\#(second)", \#(two.first): \#(value + 1)), \#(one.name)(\#(one.label): "\#(first)")]
            print(mixed.map { $0.announce() })

            """#
        let output = """
            This is \(first)
            Presenting \(second) #\(value)
            \(printed(["Presenting \(second) #\(value + 1)", "This is \(first)"]))

            """
        return finish(
            BookProgram(
                title: "A default implementation",
                blocks: [.init(lead: "A protocol extension gives every conforming type a method it may replace.", code: code, output: output)],
                declares: [proto, one.name, two.name]
            )
        )
    }

    mutating func ownProtocolOnStandard() -> BookProgram {
        let (proto, requirement) = protocolName()
        let (x, y, z) = (number(1...999), number(1...999), number(1...999))
        let word = pick(BookVocabulary.titles)
        let code = #"""
            protocol \#(proto) {
                var \#(requirement): String { get }
            }

            extension Int: \#(proto) {
                var \#(requirement): String { "#\(self)" }
            }

            extension String: \#(proto) {
                var \#(requirement): String { "'\(self)'" }
            }

            let values: [any \#(proto)] = [\#(x), "\#(word)", \#(y)]
            print(values.map(\.\#(requirement)).joined(separator: " "))
            print(\#(z).\#(requirement))

            """#
        let output = "#\(x) '\(word)' #\(y)\n#\(z)\n"
        return finish(
            BookProgram(
                title: "Standard types adopt \(proto)",
                blocks: [.init(lead: "An extension makes `Int` and `String` conform to a protocol of our own.", code: code, output: output)],
                declares: [proto]
            )
        )
    }

    mutating func associatedTypeProtocol() -> BookProgram {
        let proto = name(from: ["Container", "Storage", "Holder", "Collector", "Keeper"])
        let container = name(from: BookVocabulary.containers)
        let words = distinctPicks(3, from: BookVocabulary.places)
        let numbers = (0..<4).map { _ in number(1...50) }
        let code = #"""
            protocol \#(proto) {
                associatedtype Item
                var items: [Item] { get set }
            }

            extension \#(proto) {
                mutating func add(_ item: Item) {
                    items.append(item)
                }

                var size: Int { items.count }
            }

            struct \#(container)<Element>: \#(proto) {
                var items: [Element] = []
            }

            var words = \#(container)<String>()
            for word in \#(literal(words)) {
                words.add(word)
            }
            var numbers = \#(container)<Int>()
            for number in \#(literal(numbers)) {
                numbers.add(number)
            }
            print(words.items, words.size)
            print(numbers.items.reduce(0, +), numbers.size)

            """#
        let output = "\(printed(words)) 3\n\(numbers.reduce(0, +)) 4\n"
        return finish(
            BookProgram(
                title: "A protocol with an associated type",
                blocks: [.init(lead: "`\(container)` decides what its `Item` is through its generic parameter.", code: code, output: output)],
                declares: [proto, container]
            )
        )
    }

    mutating func intExtension() -> BookProgram {
        switch number(0...4) {
        case 0:
            let values = (0..<4).map { _ in number(10...99_999) }
            func digitSum(_ value: Int) -> Int { String(value).compactMap(\.wholeNumberValue).reduce(0, +) }
            let code = #"""
                extension Int {
                    var digitSum: Int {
                        var rest = self < 0 ? -self : self
                        var sum = 0
                        while rest > 0 {
                            sum += rest % 10
                            rest /= 10
                        }
                        return sum
                    }
                }

                print(\#(values[0]).digitSum)
                print(\#(literal(Array(values.dropFirst()))).map(\.digitSum))

                """#
            let output = "\(digitSum(values[0]))\n\(printed(values.dropFirst().map(digitSum)))\n"
            return intExtensionProgram("Adding up digits", code: code, output: output)
        case 1:
            let (times, base) = (number(2...9), number(2...30))
            let code = #"""
                extension Int {
                    func times(_ action: () -> Void) {
                        for _ in 0..<self {
                            action()
                        }
                    }

                    var squared: Int { self * self }
                }

                var calls = 0
                \#(times).times { calls += 1 }
                print(calls, \#(base).squared)

                """#
            return intExtensionProgram("Repeating an action", code: code, output: "\(times) \(base * base)\n")
        case 2:
            let low = number(2...60)
            let high = low + number(10...40)
            func isPrime(_ value: Int) -> Bool {
                guard value > 1 else { return false }
                var divisor = 2
                while divisor * divisor <= value {
                    if value % divisor == 0 { return false }
                    divisor += 1
                }
                return true
            }
            let primes = (low...high).filter(isPrime)
            let code = #"""
                extension Int {
                    var isPrime: Bool {
                        guard self > 1 else { return false }
                        var divisor = 2
                        while divisor * divisor <= self {
                            if self % divisor == 0 { return false }
                            divisor += 1
                        }
                        return true
                    }
                }

                let primes = (\#(low)...\#(high)).filter(\.isPrime)
                print(primes)
                print(primes.count, "primes from \#(low) to \#(high)")

                """#
            return intExtensionProgram("Finding primes", code: code, output: "\(printed(primes))\n\(primes.count) primes from \(low) to \(high)\n")
        case 3:
            let low = number(0...20)
            let high = low + number(5...30)
            let values = (0..<5).map { _ in number(-10...70) }
            let code = #"""
                extension Int {
                    func clamped(to range: ClosedRange<Int>) -> Int {
                        Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
                    }
                }

                print(\#(literal(values)).map { $0.clamped(to: \#(low)...\#(high)) })

                """#
            let clamped = values.map { Swift.min(Swift.max($0, low), high) }
            return intExtensionProgram("Keeping a number in range", code: code, output: "\(printed(clamped))\n")
        default:
            let values = (0..<3).map { _ in number(1...1023) }
            let code = #"""
                extension Int {
                    var binary: String { String(self, radix: 2) }
                }

                for value in \#(literal(values)) {
                    print(value, value.binary, value.binary.count)
                }

                """#
            let output = values.map { "\($0) \(String($0, radix: 2)) \(String($0, radix: 2).count)\n" }.joined()
            return intExtensionProgram("Numbers in binary", code: code, output: output)
        }
    }

    private mutating func intExtensionProgram(_ title: String, code: String, output: String) -> BookProgram {
        finish(
            BookProgram(
                title: title,
                blocks: [.init(lead: "An extension adds to `Int` itself, so every integer has it.", code: code, output: output)],
                declares: []
            )
        )
    }

    mutating func stringExtension() -> BookProgram {
        let code: String
        let output: String
        let title: String
        switch number(0...3) {
        case 0:
            let phrases = [pick(BookVocabulary.people) + " " + pick(BookVocabulary.titles), pick(BookVocabulary.titles) + " of " + pick(BookVocabulary.places)]
            func initials(_ text: String) -> String { text.split(separator: " ").compactMap(\.first).map(String.init).joined() }
            title = "Initials"
            code = #"""
                extension String {
                    var initials: String {
                        split(separator: " ").compactMap(\.first).map(String.init).joined()
                    }
                }

                print("\#(phrases[0])".initials)
                print("\#(phrases[1])".initials, "\#(phrases[1])".count)

                """#
            output = "\(initials(phrases[0]))\n\(initials(phrases[1])) \(phrases[1].count)\n"
        case 1:
            let words = [pick(["Level", "Racecar", "Noon", "Refer", "Madam"]), pick(BookVocabulary.places), pick(["Civic", "Kayak", "Rotor", "Stats"])]
            func isPalindrome(_ text: String) -> Bool {
                let letters = text.lowercased().filter(\.isLetter)
                return letters == String(letters.reversed())
            }
            title = "Palindromes"
            code = #"""
                extension String {
                    var isPalindrome: Bool {
                        let letters = lowercased().filter(\.isLetter)
                        return letters == String(letters.reversed())
                    }
                }

                for word in \#(literal(words)) {
                    print(word, word.isPalindrome)
                }

                """#
            output = words.map { "\($0) \(isPalindrome($0))\n" }.joined()
        case 2:
            let words = distinctPicks(3, from: BookVocabulary.places)
            let width = number(7...12)
            func padded(_ text: String) -> String {
                text.count >= width ? text : text + String(repeating: ".", count: width - text.count)
            }
            title = "Padding to a width"
            code = #"""
                extension String {
                    func padded(to width: Int) -> String {
                        count >= width ? self : self + String(repeating: ".", count: width - count)
                    }
                }

                for word in \#(literal(words)) {
                    print(word.padded(to: \#(width)) + "|")
                }

                """#
            output = words.map { padded($0) + "|\n" }.joined()
        default:
            let sentence = (0..<number(3...6)).map { _ in pick(["the", "quiet", "river", "runs", "past", "old", "stone", "mills", "at", "dawn"]) }
                .joined(separator: " ")
            let vowels = sentence.filter { "aeiou".contains($0) }.count
            title = "Counting words and vowels"
            code = #"""
                extension String {
                    var wordCount: Int { split(separator: " ").count }
                    var vowelCount: Int { lowercased().filter { "aeiou".contains($0) }.count }
                }

                let sentence = "\#(sentence)"
                print(sentence.wordCount, "words,", sentence.vowelCount, "vowels")

                """#
            output = "\(sentence.split(separator: " ").count) words, \(vowels) vowels\n"
        }
        return finish(
            BookProgram(
                title: title,
                blocks: [.init(lead: "An extension of `String` reads like part of the language.", code: code, output: output)],
                declares: []
            )
        )
    }

    mutating func arrayExtension() -> BookProgram {
        let code: String
        let output: String
        let title: String
        switch number(0...2) {
        case 0:
            let readings = (0..<number(4...8)).map { _ in number(1...99) }
            let average = readings.reduce(0, +) / readings.count
            title = "The average of an array"
            code = #"""
                extension Array where Element == Int {
                    var average: Int {
                        isEmpty ? 0 : reduce(0, +) / count
                    }

                    func above(_ limit: Int) -> [Int] {
                        filter { $0 > limit }
                    }
                }

                let readings = \#(literal(readings))
                print(readings.average)
                print(readings.above(readings.average))
                print([Int]().average)

                """#
            output = "\(average)\n\(printed(readings.filter { $0 > average }))\n0\n"
        case 1:
            let words = (0..<number(5...9)).map { _ in pick(["red", "green", "blue", "amber", "teal"]) }
            var counts: [String: Int] = [:]
            for word in words { counts[word, default: 0] += 1 }
            title = "Counting what a sequence holds"
            code = #"""
                extension Sequence where Element: Hashable {
                    func frequencies() -> [Element: Int] {
                        reduce(into: [:]) { counts, element in
                            counts[element, default: 0] += 1
                        }
                    }
                }

                let counts = \#(literal(words)).frequencies()
                for word in counts.keys.sorted() {
                    print(word, counts[word]!)
                }

                """#
            output = counts.keys.sorted().map { "\($0) \(counts[$0]!)\n" }.joined()
        default:
            let values = (0..<number(5...11)).map { _ in number(1...9) }
            let size = number(2...4)
            let chunks = stride(from: 0, to: values.count, by: size).map { Array(values[$0..<Swift.min($0 + size, values.count)]) }
            title = "Splitting an array into chunks"
            code = #"""
                extension Array {
                    func chunked(into size: Int) -> [[Element]] {
                        stride(from: 0, to: count, by: size).map { start in
                            Array(self[start..<Swift.min(start + size, count)])
                        }
                    }
                }

                let chunks = \#(literal(values)).chunked(into: \#(size))
                print(chunks)
                print(chunks.map { $0.reduce(0, +) })

                """#
            output = "[\(chunks.map(printed).joined(separator: ", "))]\n\(printed(chunks.map { $0.reduce(0, +) }))\n"
        }
        return finish(
            BookProgram(
                title: title,
                blocks: [.init(lead: "A constrained extension adds methods only where they make sense.", code: code, output: output)],
                declares: []
            )
        )
    }

    mutating func genericFunction() -> BookProgram {
        let function = name(from: BookVocabulary.genericFunctions)
        let numbers = (0..<number(4...8)).map { _ in number(1...20) }
        let words = (0..<number(3...6)).map { _ in pick(BookVocabulary.places) }
        let code: String
        let output: String
        switch function {
        case "largest", "smallest":
            let comparison = function == "largest" ? ">" : "<"
            code = #"""
                func \#(function)<T: Comparable>(_ values: [T]) -> T? {
                    guard var best = values.first else { return nil }
                    for value in values.dropFirst() where value \#(comparison) best {
                        best = value
                    }
                    return best
                }

                print(\#(function)(\#(literal(numbers))) ?? 0)
                print(\#(function)(\#(literal(words))) ?? "none")
                print(\#(function)([Double]()) as Any)

                """#
            let pickNumber = function == "largest" ? numbers.max()! : numbers.min()!
            let pickWord = function == "largest" ? words.max()! : words.min()!
            output = "\(pickNumber)\n\(pickWord)\nnil\n"
        case "mostCommon":
            code = #"""
                func mostCommon<T: Hashable & Comparable>(_ values: [T]) -> T? {
                    var counts: [T: Int] = [:]
                    for value in values {
                        counts[value, default: 0] += 1
                    }
                    // Of the values seen most often, the smallest, so ties always end the same way.
                    return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
                }

                print(mostCommon(\#(literal(numbers)))!)
                print(mostCommon(\#(literal(words)))!)

                """#
            func mostCommon<T: Hashable & Comparable>(_ values: [T]) -> T {
                var counts: [T: Int] = [:]
                for value in values { counts[value, default: 0] += 1 }
                let top = counts.values.max()!
                return counts.filter { $0.value == top }.keys.min()!
            }
            output = "\(mostCommon(numbers))\n\(mostCommon(words))\n"
        case "firstRepeated":
            code = #"""
                func firstRepeated<T: Hashable>(_ values: [T]) -> T? {
                    var seen: Set<T> = []
                    for value in values where !seen.insert(value).inserted {
                        return value
                    }
                    return nil
                }

                print(firstRepeated(\#(literal(numbers))) ?? -1)
                print(firstRepeated(\#(literal(words))) ?? "none")

                """#
            func firstRepeated<T: Hashable>(_ values: [T]) -> T? {
                var seen: Set<T> = []
                for value in values where !seen.insert(value).inserted { return value }
                return nil
            }
            output = "\(firstRepeated(numbers) ?? -1)\n\(firstRepeated(words) ?? "none")\n"
        case "countMatching":
            let limit = number(5...15)
            code = #"""
                func countMatching<T>(_ values: [T], where predicate: (T) -> Bool) -> Int {
                    var count = 0
                    for value in values where predicate(value) {
                        count += 1
                    }
                    return count
                }

                print(countMatching(\#(literal(numbers))) { $0 > \#(limit) })
                print(countMatching(\#(literal(words))) { $0.count > 5 })

                """#
            output = "\(numbers.filter { $0 > limit }.count)\n\(words.filter { $0.count > 5 }.count)\n"
        default:
            let halves = numbers.map { Double($0) / 4 }
            code = #"""
                func runningTotals<T: AdditiveArithmetic>(_ values: [T]) -> [T] {
                    var total = T.zero
                    return values.map { value in
                        total += value
                        return total
                    }
                }

                print(runningTotals(\#(literal(numbers))))
                print(runningTotals(\#("[" + halves.map { "\($0)" }.joined(separator: ", ") + "]")))

                """#
            var total = 0
            var fractional = 0.0
            let totals = numbers.map { total += $0; return total }
            let fractionalTotals = halves.map { fractional += $0; return fractional }
            output = "\(printed(totals))\n[\(fractionalTotals.map { "\($0)" }.joined(separator: ", "))]\n"
        }
        return finish(
            BookProgram(
                title: "A generic `\(function)`",
                blocks: [.init(lead: "One function, written once, for numbers and for strings.", code: code, output: output)],
                declares: [function]
            )
        )
    }

    mutating func genericContainer() -> BookProgram {
        let type = name(from: BookVocabulary.containers)
        let item = type.lowercased()
        let words = distinctPicks(3, from: BookVocabulary.titles)
        let (x, y) = (number(1...99), number(1...99))
        let code = #"""
            struct \#(type)<Element> {
                private var elements: [Element] = []

                var isEmpty: Bool { elements.isEmpty }
                var top: Element? { elements.last }

                mutating func push(_ element: Element) {
                    elements.append(element)
                }

                mutating func pop() -> Element? {
                    elements.popLast()
                }
            }

            var \#(item) = \#(type)<String>()
            for word in \#(literal(words)) {
                \#(item).push(word)
            }
            print(\#(item).pop() ?? "empty", \#(item).top ?? "empty")
            var numbers = \#(type)<Int>()
            numbers.push(\#(x))
            numbers.push(\#(y))
            print(numbers.pop() ?? 0, numbers.pop() ?? 0, numbers.isEmpty)

            """#
        let output = "\(words[2]) \(words[1])\n\(y) \(x) true\n"
        return finish(
            BookProgram(
                title: "A generic \(type)",
                blocks: [.init(lead: "`\(type)` works for any element type; the compiler checks each use.", code: code, output: output)],
                declares: [type]
            )
        )
    }
}
