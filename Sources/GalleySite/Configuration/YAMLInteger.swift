/// A whole number in one of YAML 1.1's integer forms: `42`, `+3`, `-2`, `1_000`, `0x1F`,
/// `0o17`, `0b101`, octal `010` and sexagesimal `1:30` (90).
///
/// Yams reads the same forms, but multiplies sexagesimal parts without checking for overflow,
/// so `1:2:3:4:5:6:7:8:9:10:11` in a page's `order` would trap and kill the build. Every step
/// here is checked, and a number beyond `Int` is reported as such.
enum YAMLInteger: Equatable {
    /// The number.
    case value(Int)
    /// Written as a whole number, but beyond `Int`.
    case outOfRange
    /// Not a whole number at all.
    case notANumber

    init(_ text: String) {
        var digits = Substring(text.filter { $0 != "_" })
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII) else {
            self = .notANumber
            return
        }
        let negated: Self
        if digits.contains(":") {
            negated = Self.negatedSexagesimal(digits)
        } else if digits.hasPrefix("0x") {
            negated = Self.negated(digits.dropFirst(2), radix: 16)
        } else if digits.hasPrefix("0o") {
            negated = Self.negated(digits.dropFirst(2), radix: 8)
        } else if digits.hasPrefix("0b") {
            negated = Self.negated(digits.dropFirst(2), radix: 2)
        } else if digits.count > 1, digits.hasPrefix("0") {
            negated = Self.negated(digits.dropFirst(), radix: 8)
        } else {
            negated = Self.negated(digits, radix: 10)
        }
        // Magnitudes are read negated: Int's negative range reaches one further, so Int.min
        // itself can be written.
        guard case .value(let value) = negated else {
            self = negated
            return
        }
        if negative {
            self = .value(value)
        } else if value == Int.min {
            self = .outOfRange
        } else {
            self = .value(-value)
        }
    }

    /// The negated value of `digits` in `radix`.
    private static func negated(_ digits: Substring, radix: Int) -> Self {
        guard !digits.isEmpty else { return .notANumber }
        var value = 0
        var overflowed = false
        for character in digits {
            guard let digit = character.hexDigitValue, digit < radix else { return .notANumber }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: radix)
            let (next, overflowAgain) = shifted.subtractingReportingOverflow(digit)
            if overflow || overflowAgain { overflowed = true } else { value = next }
        }
        return overflowed ? .outOfRange : .value(value)
    }

    /// The negated value of `1:30:15`-style digits: base 60 from the right, each part decimal.
    private static func negatedSexagesimal(_ digits: Substring) -> Self {
        var value = 0
        var overflowed = false
        for part in digits.split(separator: ":", omittingEmptySubsequences: false) {
            switch negated(part, radix: 10) {
            case .notANumber:
                return .notANumber
            case .outOfRange:
                overflowed = true
            case .value(let partValue):
                let (shifted, overflow) = value.multipliedReportingOverflow(by: 60)
                let (next, overflowAgain) = shifted.addingReportingOverflow(partValue)
                if overflow || overflowAgain { overflowed = true } else { value = next }
            }
        }
        return overflowed ? .outOfRange : .value(value)
    }
}
