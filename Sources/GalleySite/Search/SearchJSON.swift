/// The few pieces of JSON the search index is written with, appended to a byte buffer.
///
/// The index is millions of numbers and thousands of strings on a large site; writing them
/// straight into bytes is several times faster than building values for `JSONEncoder`.
enum SearchJSON {
    /// Appends `text` as a JSON string, quotes included.
    static func appendString(_ text: UnsafeBufferPointer<UInt8>, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        // Runs that need no escape, nearly all of the text, are copied at once.
        var runStart = 0
        for (index, byte) in text.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F {
            json.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index]))
            runStart = index + 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): json.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case 0x0A: json.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x09: json.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            default:
                let hex = Array("0123456789abcdef".utf8)
                json.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
        }
        json.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...]))
        json.append(UInt8(ascii: "\""))
    }

    /// Appends `text` as a JSON string, quotes included.
    static func appendString(_ text: ArraySlice<UInt8>, to json: inout [UInt8]) {
        text.withUnsafeBufferPointer { appendString($0, to: &json) }
    }

    /// Appends `text` as a JSON string, quotes included.
    static func appendString(_ text: String, to json: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendString($0, to: &json) }
    }

    /// Appends a number that is not negative, in decimal.
    static func appendNumber(_ number: Int, to json: inout [UInt8]) {
        precondition(number >= 0, "the search index holds no negative numbers")
        if number < 10 {
            json.append(UInt8(ascii: "0") + UInt8(number))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = number
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { json.append(buffer[index]) }
        }
    }
}
