/// A page's date as written in its front matter: a day, with an optional time.
///
/// Galley never reads the clock, so two builds of the same input are byte-identical; the only
/// dates in the output are the ones authors wrote.
public struct PageDate: Sendable, Hashable, Comparable {
    public var year: Int
    public var month: Int
    public var day: Int
    /// `T14:30:00Z` or `T14:30:00+02:00` as written, or empty for a day alone.
    public var time: String

    /// Parses `2026-11-25`, `2026-11-25T14:30:00Z`, `2026-11-25T14:30:00+02:00` or `2026-11-25 14:30`.
    public init?(_ text: String) {
        let trimmed = text.trimmingSpaces()
        let dayPart = trimmed.prefix(10)
        let parts = dayPart.split(separator: "-")
        guard dayPart.count == 10, parts.count == 3,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...Self.days(inMonth: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        let rest = trimmed.dropFirst(10)
        if rest.isEmpty {
            time = ""
        } else {
            guard rest.first == "T" || rest.first == " " else { return nil }
            let clock = rest.dropFirst()
            let digits = clock.prefix(while: { $0.isNumber || $0 == ":" })
            guard digits.count == 5 || digits.count == 8 else { return nil }
            var zone = String(clock.dropFirst(digits.count))
            if zone.isEmpty { zone = "Z" }
            time = "T" + digits + (digits.count == 5 ? ":00" : "") + zone
        }
    }

    /// `2026-11-25`.
    public var day10: String {
        "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// RFC 3339 for the feed: `2026-11-25T00:00:00Z` for a day alone.
    public var rfc3339: String {
        day10 + (time.isEmpty ? "T00:00:00Z" : time)
    }

    /// `25 November 2026`.
    public var display: String {
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(day) \(names[month - 1]) \(year)"
    }

    public static func < (lhs: PageDate, rhs: PageDate) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.time) < (rhs.year, rhs.month, rhs.day, rhs.time)
    }

    private static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
