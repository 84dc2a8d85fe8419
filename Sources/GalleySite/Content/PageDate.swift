/// A page's date as written in its front matter: a day, with an optional time.
///
/// Galley never reads the clock, so two builds of the same input are byte-identical; the only
/// dates in the output are the ones authors wrote.
public struct PageDate: Sendable, Hashable, Comparable {
    public var year: Int
    public var month: Int
    public var day: Int
    /// `T14:30:00Z` or `T14:30:00+02:00` as written (seconds added when left out, `Z` when no
    /// zone is given), or empty for a day alone.
    public var time: String
    /// Seconds from midnight UTC of the day to the moment the time names (negative or past a
    /// day's length when the zone moves it to another day); 0 for a day alone.
    var secondsFromUTCMidnight = 0

    /// Why a text is not a date, for the error at the page's `date`.
    public struct Invalid: Error, Sendable, Hashable {
        /// What is wrong, or `nil` when the text does not look like a date at all.
        public var reason: String?
    }

    /// Parses `2026-11-25`, `2026-11-25T14:30:00Z`, `2026-11-25T14:30:00+02:00` or `2026-11-25 14:30`.
    public init?(_ text: String) {
        guard let date = try? PageDate(parsing: text) else { return nil }
        self = date
    }

    /// Parses a date as ``init(_:)`` does, saying why a text is refused.
    ///
    /// The day is `YYYY-MM-DD`; a time after `T` or a space is `HH:MM` or `HH:MM:SS` with an
    /// optional fraction of a second (`.250`), and an optional zone: `Z` or `±HH:MM`. Every
    /// digit is ASCII and every field is in range (hours 00–23, minutes and seconds 00–59), so
    /// `feed.xml` and the sitemap only ever hold valid RFC 3339 times.
    public init(parsing text: String) throws(Invalid) {
        let bytes = Array(text.trimmingSpaces().utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func byte(_ offset: Int) -> UInt8? { offset < bytes.count ? bytes[offset] : nil }
        guard let year = number(0..<4), byte(4) == UInt8(ascii: "-"), let month = number(5..<7), byte(7) == UInt8(ascii: "-"),
            let day = number(8..<10), (1...12).contains(month), (1...Self.days(inMonth: month, year: year)).contains(day)
        else { throw Invalid(reason: nil) }
        self.year = year
        self.month = month
        self.day = day
        guard bytes.count > 10 else {
            time = ""
            return
        }
        guard byte(10) == UInt8(ascii: "T") || byte(10) == UInt8(ascii: " ") else { throw Invalid(reason: nil) }
        guard let hour = number(11..<13), byte(13) == UInt8(ascii: ":"), let minute = number(14..<16) else {
            throw Invalid(reason: "the time must be HH:MM or HH:MM:SS")
        }
        var position = 16
        var second = 0
        if byte(position) == UInt8(ascii: ":") {
            guard let value = number(17..<19) else { throw Invalid(reason: "the seconds must be two digits") }
            second = value
            position = 19
        }
        guard hour <= 23 else { throw Invalid(reason: "the hour must be from 00 to 23") }
        guard minute <= 59 else { throw Invalid(reason: "the minutes must be from 00 to 59") }
        guard second <= 59 else { throw Invalid(reason: "the seconds must be from 00 to 59") }
        var fraction = ""
        if byte(position) == UInt8(ascii: ".") {
            let digits = bytes[(position + 1)...].prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            guard (1...9).contains(digits.count) else { throw Invalid(reason: "a fraction of a second must be 1 to 9 digits") }
            fraction = "." + String(decoding: digits, as: UTF8.self)
            position += 1 + digits.count
        }
        let zone: String
        var offsetMinutes = 0
        switch byte(position) {
        case nil, UInt8(ascii: "Z"):
            zone = "Z"
            position += byte(position) == nil ? 0 : 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let zoneHours = number((position + 1)..<(position + 3)), byte(position + 3) == UInt8(ascii: ":"),
                let zoneMinutes = number((position + 4)..<(position + 6))
            else { throw Invalid(reason: "the zone must be Z or like +02:00") }
            guard zoneHours <= 23, zoneMinutes <= 59 else { throw Invalid(reason: "the zone must be from -23:59 to +23:59") }
            zone = String(decoding: bytes[position..<(position + 6)], as: UTF8.self)
            offsetMinutes = (zoneHours * 60 + zoneMinutes) * (byte(position) == UInt8(ascii: "-") ? -1 : 1)
            position += 6
        default:
            throw Invalid(reason: "the zone must be Z or like +02:00")
        }
        guard position == bytes.count else { throw Invalid(reason: "nothing may follow the zone") }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        time = "T\(two(hour)):\(two(minute)):\(two(second))\(fraction)\(zone)"
        secondsFromUTCMidnight = (hour * 60 + minute - offsetMinutes) * 60 + second
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

    /// Earlier moments first, zones taken into account (a day alone is its midnight UTC); the
    /// text breaks ties, so the order never depends on anything else.
    public static func < (lhs: PageDate, rhs: PageDate) -> Bool {
        (lhs.moment, lhs.fraction, lhs.time) < (rhs.moment, rhs.fraction, rhs.time)
    }

    /// Seconds since 0000-03-01 UTC (a proleptic Gregorian count), for ordering.
    private var moment: Int {
        // Days from the civil date, with the year starting in March so leap days come last.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return (era * 146_097 + dayOfEra) * 86_400 + secondsFromUTCMidnight
    }

    /// The fraction of a second as written (`.25`), padded so that texts compare as numbers.
    private var fraction: String {
        guard let dot = time.firstIndex(of: ".") else { return "000000000" }
        let digits = time[time.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }
        return digits + String(repeating: "0", count: 9 - digits.count)
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
