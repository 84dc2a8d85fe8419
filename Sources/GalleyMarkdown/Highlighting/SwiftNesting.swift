/// How deeply Swift source nests the shapes that swift-syntax's parser needs far more than
/// linear time or memory for, measured in one pass over the bytes before it sees the code
/// (see ``SwiftHighlighter/fallback(for:)``).
///
/// Measured on this parser (603): nested string interpolations (`"\("\(…`) take memory that
/// grows with the square of their depth (4.75 GB for a 30 KB line); nested `[` take time that
/// grows about 2.5 times with every level, closed or not (`[[[[1]]]]` 16 deep takes most of a
/// second, 24 unclosed `[` take minutes); nested `\(` outside strings take time that grows with
/// the cube of their depth. Parentheses, braces, long chains and long lines are linear.
///
/// This is a lexer of strings, comments and brackets only. It follows raw strings
/// (`#"…\#(x)…"#`) and multi-line strings, and ends a single-line string at the end of its line,
/// as the compiler does. On code that does not compile it may count a little too much or too
/// little; it only has to tell ordinary code from the extreme.
struct SwiftNesting: Sendable, Hashable {
    /// The deepest nesting of string literals: 1 for `"\(x)"`, 2 for `"\("b")"`.
    var interpolationDepth = 0
    /// The deepest nesting of `[`.
    var bracketDepth = 0
    /// What the `[` cost the parser, in units of its work on one bracket at the top level:
    /// every `[` adds 3 to the power of its depth, so the sum bounds the exponential work of
    /// the whole block, however the brackets are spread over it.
    var bracketWork = 0
    /// The deepest nesting of `\(` outside string literals.
    var keyPathDepth = 0
    /// Their cost: every such `\(` adds the square of its depth, so the sum grows with the
    /// cube of a chain's depth, as the parser's time does.
    var keyPathWork = 0

    private enum Frame {
        /// Code, with how many `(` are open in it (an interpolation ends at its own `)`).
        case code(parentheses: Int)
        /// A `\(` in code, closed by its own `)`.
        case keyPath(parentheses: Int)
        /// A string literal opened with `pounds` `#` signs and `quote`, multi-line or not.
        /// swift-syntax also reads `'…'` as a (wrong) string literal, interpolations included.
        case string(pounds: Int, multiline: Bool, quote: UInt8)
    }

    /// The largest work counted; sums stop there rather than overflow.
    private static let saturation = Int.max / 4

    init(measuring source: String) {
        var source = source
        self = source.withUTF8 { SwiftNesting(bytes: $0) }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'"), pound = UInt8(ascii: "#"), backslash = UInt8(ascii: "\\")
        let open = UInt8(ascii: "("), close = UInt8(ascii: ")"), slash = UInt8(ascii: "/"), star = UInt8(ascii: "*")
        let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]"), newline = UInt8(ascii: "\n")
        var stack: [Frame] = [.code(parentheses: 0)]
        var strings = 0
        var brackets = 0
        var keyPaths = 0
        var index = 0
        let count = bytes.count
        func byte(_ offset: Int) -> UInt8? { offset < count ? bytes[offset] : nil }
        /// How many `#` follow `offset`.
        func pounds(from offset: Int) -> Int {
            var end = offset
            while end < count, bytes[end] == pound { end += 1 }
            return end - offset
        }
        func add(_ work: Int, to total: inout Int) {
            total = min(Self.saturation, total + work)
        }
        while index < count {
            let current = bytes[index]
            switch stack[stack.count - 1] {
            case .code(let parentheses), .keyPath(let parentheses):
                let isKeyPath = if case .keyPath = stack[stack.count - 1] { true } else { false }
                func setParentheses(_ value: Int) {
                    stack[stack.count - 1] = isKeyPath ? .keyPath(parentheses: value) : .code(parentheses: value)
                }
                if current == slash, byte(index + 1) == slash {
                    while index < count, bytes[index] != newline { index += 1 }
                } else if current == slash, byte(index + 1) == star {
                    // Block comments nest in Swift.
                    var level = 1
                    index += 2
                    while index < count, level > 0 {
                        if bytes[index] == slash, byte(index + 1) == star {
                            level += 1
                            index += 2
                        } else if bytes[index] == star, byte(index + 1) == slash {
                            level -= 1
                            index += 2
                        } else {
                            index += 1
                        }
                    }
                } else if current == quote || current == apostrophe || current == pound {
                    let hashes = current == pound ? pounds(from: index) : 0
                    guard let opening = byte(index + hashes), opening == quote || opening == apostrophe else {
                        index += max(1, hashes)
                        continue
                    }
                    let multiline = opening == quote && byte(index + hashes + 1) == quote && byte(index + hashes + 2) == quote
                    index += hashes + (multiline ? 3 : 1)
                    stack.append(.string(pounds: hashes, multiline: multiline, quote: opening))
                    strings += 1
                    interpolationDepth = max(interpolationDepth, strings)
                } else if current == backslash, byte(index + 1) == open {
                    stack.append(.keyPath(parentheses: 0))
                    keyPaths += 1
                    keyPathDepth = max(keyPathDepth, keyPaths)
                    add(keyPaths * keyPaths, to: &keyPathWork)
                    index += 2
                } else if current == open {
                    setParentheses(parentheses + 1)
                    index += 1
                } else if current == close {
                    if parentheses > 0 {
                        setParentheses(parentheses - 1)
                    } else if stack.count > 1 {
                        // The `)` that ends an interpolation or a `\(`.
                        if isKeyPath { keyPaths -= 1 }
                        stack.removeLast()
                    }
                    index += 1
                } else if current == openBracket {
                    brackets += 1
                    bracketDepth = max(bracketDepth, brackets)
                    var work = 1
                    for _ in 0..<min(brackets, 38) { work *= 3 }
                    add(work, to: &bracketWork)
                    index += 1
                } else if current == closeBracket {
                    brackets = max(0, brackets - 1)
                    index += 1
                } else {
                    index += 1
                }
            case .string(let hashes, let multiline, let closing):
                if current == backslash, pounds(from: index + 1) == hashes {
                    let after = index + 1 + hashes
                    if byte(after) == open {
                        stack.append(.code(parentheses: 0))
                    }
                    // An interpolation starts, or the next character is escaped: either way it
                    // cannot end the string.
                    index = after + 1
                } else if current == closing, !multiline || (byte(index + 1) == quote && byte(index + 2) == quote) {
                    let end = index + (multiline ? 3 : 1)
                    if pounds(from: end) >= hashes {
                        stack.removeLast()
                        strings -= 1
                        index = end + hashes
                    } else {
                        index += 1
                    }
                } else if current == newline, !multiline {
                    // An unterminated single-line string ends with its line, as the compiler reads it.
                    stack.removeLast()
                    strings -= 1
                    index += 1
                } else {
                    index += 1
                }
            }
        }
    }
}
