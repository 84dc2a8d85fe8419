import Foundation

/// `--corpus small`: pages of short Swift snippets, ten kinds of program in turn, each with
/// its own numbers, and each followed by an `output` block holding exactly what it prints.
struct SnippetCorpus: SnippetSiteGenerator {
    struct Program {
        /// The snippet's source, ending with a newline.
        var code: String
        /// What the program prints, ending with a newline.
        var output: String
    }

    var snippets: Int
    var pages: Int

    func write(into folder: URL) throws -> SnippetSite {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("title: Snippet benchmark\n".utf8).write(to: folder.appending(path: "site.yml"))
        let programs = (0..<snippets).map(Self.program)
        precondition(Set(programs.map(\.code)).count == programs.count, "two generated snippets are the same")
        for page in 0..<pages {
            // Page `page` holds an even share of the snippets, in order.
            let range = (page * snippets / pages)..<((page + 1) * snippets / pages)
            var text = "---\ntitle: Snippets \(page + 1)\norder: \(page + 1)\n---\n# Snippets \(page + 1)\n\n"
            text += "Each program below is compiled and run; the block after it is what it prints.\n\n"
            for index in range {
                text += "## Example \(index + 1)\n\n```swift\n\(programs[index].code)```\n\n```output\n\(programs[index].output)```\n\n"
            }
            let name = "page-\(String(format: "%03d", page + 1)).md"
            try Data(text.utf8).write(to: folder.appending(path: name))
        }
        return SnippetSite(
            programs: programs.map { BaselineProgram(source: $0.code, expectation: .output($0.output)) },
            snippets: snippets, description: "\(snippets) snippets on \(pages) pages"
        )
    }

    private static let words = [
        "actor", "await", "buffer", "channel", "deadline", "executor", "future", "isolation", "queue", "stream",
    ]

    /// Program `index`: its kind is `index % 10`, and `index / 10` sets its numbers, so no two
    /// programs are the same and each prints its own values.
    static func program(_ index: Int) -> Program {
        let n = index / 10
        switch index % 10 {
        case 0:
            let width = n + 2
            let height = 3 + index % 7
            return Program(
                code: #"""
                    // Snippet \#(index): the area and perimeter of a rectangle.
                    let width = \#(width)
                    let height = \#(height)
                    print("area \(width * height), perimeter \(2 * (width + height))")

                    """#,
                output: "area \(width * height), perimeter \(2 * (width + height))\n"
            )
        case 1:
            let limit = n + 5
            let total = (1...limit).reduce(0) { $0 + $1 * $1 }
            return Program(
                code: #"""
                    // Snippet \#(index): a loop adding up squares.
                    var total = 0
                    for value in 1...\#(limit) {
                        total += value * value
                    }
                    print("sum of squares up to \#(limit): \(total)")

                    """#,
                output: "sum of squares up to \(limit): \(total)\n"
            )
        case 2:
            let width = n + 2
            let height = 1 + n % 9
            let factor = 2 + n % 4
            return Program(
                code: #"""
                    // Snippet \#(index): a struct with a computed property and a method.
                    struct Rectangle {
                        var width: Int
                        var height: Int
                        var area: Int { width * height }

                        func scaled(by factor: Int) -> Rectangle {
                            Rectangle(width: width * factor, height: height * factor)
                        }
                    }

                    let original = Rectangle(width: \#(width), height: \#(height))
                    let larger = original.scaled(by: \#(factor))
                    print("\(original.width)x\(original.height) has area \(original.area)")
                    print("scaled by \#(factor): \(larger.width)x\(larger.height), area \(larger.area)")

                    """#,
                output: """
                    \(width)x\(height) has area \(width * height)
                    scaled by \(factor): \(width * factor)x\(height * factor), area \(width * factor * height * factor)

                    """
            )
        case 3:
            let word = words[n % words.count] + String(n)
            let vowels = word.filter { "aeiou".contains($0) }.count
            return Program(
                code: #"""
                    // Snippet \#(index): a few facts about a word.
                    let word = "\#(word)"
                    print(String(word.reversed()))
                    print(word.uppercased(), word.count)
                    print(word.filter { "aeiou".contains($0) }.count, "vowels")

                    """#,
                output: "\(String(word.reversed()))\n\(word.uppercased()) \(word.count)\n\(vowels) vowels\n"
            )
        case 4:
            let count = n + 8
            let divisor = 2 + n % 5
            let squares = (1...count).filter { $0 % divisor == 0 }.map { $0 * $0 }
            return Program(
                code: #"""
                    // Snippet \#(index): filtering and mapping an array.
                    let numbers = Array(1...\#(count))
                    let squares = numbers.filter { $0 % \#(divisor) == 0 }.map { $0 * $0 }
                    print(squares)
                    print("\(squares.count) of \(numbers.count) numbers kept")

                    """#,
                output: "[\(squares.map(String.init).joined(separator: ", "))]\n\(squares.count) of \(count) numbers kept\n"
            )
        case 5:
            let steps = 3 + n % 5
            let phrases = ["stop", "get ready", "go"]
            let lines = (0..<steps).map { "step \($0): \(phrases[($0 + n) % 3])\n" }
            return Program(
                code: #"""
                    // Snippet \#(index): an enum and a switch inside a loop.
                    enum Light: CaseIterable {
                        case red, amber, green
                    }

                    let phases = Light.allCases
                    for step in 0..<\#(steps) {
                        switch phases[(step + \#(n)) % phases.count] {
                        case .red: print("step \(step): stop")
                        case .amber: print("step \(step): get ready")
                        case .green: print("step \(step): go")
                        }
                    }

                    """#,
                output: lines.joined()
            )
        case 6:
            let term = 5 + n % 18
            func fibonacci(_ k: Int) -> Int { k < 2 ? k : fibonacci(k - 1) + fibonacci(k - 2) }
            let value = fibonacci(term)
            return Program(
                code: #"""
                    // Snippet \#(index): a recursive function.
                    func fibonacci(_ n: Int) -> Int {
                        n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2)
                    }

                    let value = fibonacci(\#(term))
                    print("fibonacci(\#(term)) = \(value)")
                    print("times \#(n + 1): \(value * \#(n + 1))")

                    """#,
                output: "fibonacci(\(term)) = \(value)\ntimes \(n + 1): \(value * (n + 1))\n"
            )
        case 7:
            let start = n + 7
            var value = start
            var steps = 0
            while value != 1 {
                value = value % 2 == 0 ? value / 2 : 3 * value + 1
                steps += 1
            }
            return Program(
                code: #"""
                    // Snippet \#(index): a while loop following the Collatz sequence.
                    var value = \#(start)
                    var steps = 0
                    while value != 1 {
                        value = value % 2 == 0 ? value / 2 : 3 * value + 1
                        steps += 1
                    }
                    print("\#(start) reaches 1 after \(steps) steps")

                    """#,
                output: "\(start) reaches 1 after \(steps) steps\n"
            )
        case 8:
            let amounts = [n + 1, 2 * n + 3, index % 7 + 1]
            return Program(
                code: #"""
                    // Snippet \#(index): a class that keeps a running total.
                    final class Tally {
                        private(set) var total = 0
                        private(set) var largest = 0

                        func add(_ amount: Int) {
                            total += amount
                            largest = max(largest, amount)
                        }
                    }

                    let tally = Tally()
                    for amount in [\#(amounts.map(String.init).joined(separator: ", "))] {
                        tally.add(amount)
                    }
                    print("total \(tally.total), largest \(tally.largest)")

                    """#,
                output: "total \(amounts.reduce(0, +)), largest \(amounts.max()!)\n"
            )
        default:
            let stock = ["pears": n + 4, "apples": 3 * n + 1, "plums": 10 - n % 10]
            let lines = stock.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)\n" }
            return Program(
                code: #"""
                    // Snippet \#(index): a dictionary printed in a stable order.
                    let stock = ["pears": \#(stock["pears"]!), "apples": \#(stock["apples"]!), "plums": \#(stock["plums"]!)]
                    for (fruit, amount) in stock.sorted(by: { $0.key < $1.key }) {
                        print("\(fruit): \(amount)")
                    }
                    print("total:", stock.values.reduce(0, +))

                    """#,
                output: lines.joined() + "total: \(stock.values.reduce(0, +))\n"
            )
        }
    }
}
