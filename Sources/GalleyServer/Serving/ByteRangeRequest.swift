/// What a `Range` header asks of a file of a known size, read as RFC 9110 (section 14) says.
///
/// Hummingbird's `FileMiddleware` reads `bytes=-N` as the first N + 1 bytes instead of the last
/// N, and answers a header it cannot read with 416; the preview reads the header itself and
/// hands the middleware only a plain `bytes=first-last`.
enum ByteRangeRequest: Equatable {
    /// The whole file, with status 200: no header, a unit other than `bytes`, several ranges
    /// (the preview sends no multipart bodies), or a header that does not parse. A server may
    /// always ignore a `Range` header, and one it cannot read it must.
    case whole
    /// These bytes of the file, with status 206.
    case part(ClosedRange<Int>)
    /// A well-formed range that selects no byte of the file (`bytes=-0`, or a first byte at or
    /// past its end), with status 416.
    case unsatisfiable

    /// Reads `header` for a file of `size` bytes.
    init(header: String?, size: Int) {
        guard let header, let equals = header.firstIndex(of: "=") else {
            self = .whole
            return
        }
        // The unit is case-insensitive; whitespace may surround the list's elements.
        guard header[..<equals].trimmingWhitespace().lowercased() == "bytes" else {
            self = .whole
            return
        }
        let specs = header[header.index(after: equals)...].split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard specs.count == 1, let dash = specs[0].firstIndex(of: "-") else {
            self = .whole
            return
        }
        let first = specs[0][..<dash]
        let last = specs[0][specs[0].index(after: dash)...]
        switch (Self.number(first), Self.number(last)) {
        case (nil, let suffix?) where first.isEmpty:
            // The last `suffix` bytes; a suffix of none selects nothing.
            self = suffix == 0 || size == 0 ? .unsatisfiable : .part(max(0, size - suffix)...(size - 1))
        case (let start?, nil) where last.isEmpty:
            self = start >= size ? .unsatisfiable : .part(start...(size - 1))
        case (let start?, let end?):
            if end < start {
                self = .whole  // invalid, so ignored
            } else {
                self = start >= size ? .unsatisfiable : .part(start...min(end, size - 1))
            }
        default:
            self = .whole
        }
    }

    /// A run of ASCII digits as a number, saturating at `Int.max` (a last byte past any file
    /// is the file's end); `nil` for anything else, the empty string included.
    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        var value = 0
        for digit in text.utf8 {
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
            if overflowTimes || overflowSum { return Int.max }
            value = sum
        }
        return value
    }
}

extension Substring {
    /// The text without the spaces and tabs HTTP allows around list elements (OWS).
    fileprivate func trimmingWhitespace() -> Substring {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isWhitespace($0) }), let end = lastIndex(where: { !isWhitespace($0) }) else { return "" }
        return self[start...end]
    }
}
