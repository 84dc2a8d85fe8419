/// Lessons that show a mistake: programs the compiler must reject, each with the error it
/// reports (Swift 6's wording).
extension LessonWriter {
    /// How many different mistakes there are; the `kind` of ``compileFail(_:)`` wraps around.
    static let compileFailKinds = 11

    mutating func compileFail(_ kind: Int) -> BookProgram {
        let e = entity()
        let (type, item, label, first, second) = (e.name, e.variable, e.label, e.first, e.second)
        let text = self.label(e.labelKind)
        let (x, y) = (number(1...99), number(1...99))
        let (title, code, error, declares): (String, String, String, [String])
        switch kind % Self.compileFailKinds {
        case 0:
            title = "A string is not a number"
            code = #"""
                let \#(first): Int = "\#(x)"
                print(\#(first))

                """#
            error = "error: cannot convert value of type 'String' to specified type 'Int'"
            declares = []
        case 1:
            title = "Constants stay constant"
            code = #"""
                struct \#(type) {
                    var \#(label): String
                    var \#(first): Int
                }

                let \#(item) = \#(type)(\#(label): "\#(text)", \#(first): \#(x))
                \#(item).\#(first) = \#(y)

                """#
            error = "error: cannot assign to property: '\(item)' is a 'let' constant"
            declares = [type]
        case 2:
            let (proto, requirement) = protocolName()
            title = "A conformance needs every requirement"
            code = #"""
                protocol \#(proto) {
                    var \#(requirement): String { get }
                }

                struct \#(type): \#(proto) {
                    let \#(label): String
                }

                """#
            error = "error: type '\(type)' does not conform to protocol '\(proto)'"
            declares = [proto, type]
        case 3:
            let function = "parse\(type)"
            title = "Calls that throw need `try`"
            code = #"""
                struct ParseFailure: Error {}

                func \#(function)(_ text: String) throws -> Int {
                    guard let value = Int(text) else { throw ParseFailure() }
                    return value
                }

                let \#(first) = \#(function)("\#(x)")
                print(\#(first))

                """#
            error = "error: call can throw but is not marked with 'try'"
            declares = ["ParseFailure", function]
        case 4:
            let chosen = name(from: ["Season", "Suit", "Direction", "Coin"])
            let list = BookVocabulary.caseLists.first { $0.name == chosen }!
            title = "A switch must cover every case"
            code = #"""
                enum \#(list.name) {
                    case \#(list.cases.joined(separator: ", "))
                }

                let current = \#(list.name).\#(list.cases[1])
                switch current {
                case .\#(list.cases[0]): print(1)
                case .\#(list.cases[1]): print(2)
                case .\#(list.cases[2]): print(3)
                }

                """#
            error = "error: switch must be exhaustive"
            declares = [list.name]
        case 5:
            title = "A constant array cannot grow"
            code = #"""
                let \#(plural(first)) = [\#(x), \#(y)]
                \#(plural(first)).append(\#(x + y))

                """#
            error = "error: cannot use mutating member on immutable value: '\(plural(first))' is a 'let' constant"
            declares = []
        case 6:
            title = "A misspelt name"
            code = #"""
                let \#(first) = \#(x)
                let \#(second) = \#(y)
                print(\#(first) + \#(second)x)

                """#
            error = "error: cannot find '\(second)x' in scope"
            declares = []
        case 7:
            title = "An optional is not a value"
            code = #"""
                let stock: [String: Int] = ["\#(text)": \#(x)]
                let \#(first): Int = stock["\#(text)"]
                print(\#(first))

                """#
            error = "error: value of optional type 'Int?' must be unwrapped to a value of type 'Int'"
            declares = []
        case 8:
            title = "A class needs an initializer"
            code = #"""
                final class \#(type) {
                    let \#(label): String
                    var \#(first): Int
                }

                """#
            error = "error: class '\(type)' has no initializers"
            declares = [type]
        case 9:
            title = "A method that changes a structure is `mutating`"
            code = #"""
                struct \#(type) {
                    var \#(first): Int

                    func bump() {
                        \#(first) += 1
                    }
                }

                """#
            error = "error: left side of mutating operator isn't mutable: 'self' is immutable"
            declares = [type]
        default:
            title = "An actor's state needs `await`"
            code = #"""
                actor \#(type) {
                    var \#(first) = \#(x)
                }

                let \#(item) = \#(type)()
                print(\#(item).\#(first))

                """#
            error = "error: actor-isolated property '\(first)' can not be referenced from the main actor"
            declares = [type]
        }
        return finish(
            BookProgram(
                title: title, blocks: [.init(lead: "This does not compile, and the compiler says why.", code: code, output: "")],
                compileError: error, declares: declares, mergeable: false
            )
        )
    }
}
