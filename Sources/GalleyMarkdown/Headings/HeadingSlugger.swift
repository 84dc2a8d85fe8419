/// Turns heading text into unique URL fragments, GitHub style.
///
/// Letters and digits are lowercased and kept, apostrophes are dropped (`Don't` → `dont`),
/// and every other run of characters becomes one hyphen: `Async/Await` → `async-await`.
/// A slug seen before gets `-1`, `-2`, … so every id on a page is unique.
public struct HeadingSlugger: Sendable {
    private var used: [String: Int] = [:]

    /// Creates a slugger with no slug used yet.
    public init() {}

    /// The slug of `text`, without making it unique.
    public static func slug(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiSlug(text) }
        // Unicode scalars rather than Characters: grapheme breaking is the slow part of Swift
        // strings, and slugs are made for every heading of every page.
        var slug = String.UnicodeScalarView()
        var pendingHyphen = false
        for scalar in text.unicodeScalars {
            if scalar == "'" || scalar == "\u{2019}" { continue }
            let value = scalar.value
            let kept: Bool
            if scalar.isASCII {
                // The only ASCII scalars that are alphabetic or numeric are letters and digits,
                // and none is a mark: the Unicode properties, slow to look up, are not needed.
                kept = (value >= 48 && value <= 57) || (value >= 65 && value <= 90) || (value >= 97 && value <= 122) || scalar == "_"
            } else {
                let properties = scalar.properties
                kept = properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
            }
            if kept {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                if scalar.isASCII {
                    slug.append(value >= 65 && value <= 90 ? Unicode.Scalar(value + 32)! : scalar)
                } else {
                    slug.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            } else {
                pendingHyphen = true
            }
        }
        return slug.isEmpty ? "section" : String(slug)
    }

    /// ``slug(_:)`` of ASCII text, made from its bytes: most headings are ASCII, and the
    /// only ASCII scalars that are letters or digits need no Unicode property lookups.
    private static func asciiSlug(_ text: String) -> String {
        var slug: [UInt8] = []
        slug.reserveCapacity(text.utf8.count)
        var pendingHyphen = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "'") { continue }
            let isUpper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
            let isKept = isUpper || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
            guard isKept else {
                pendingHyphen = true
                continue
            }
            if pendingHyphen && !slug.isEmpty { slug.append(UInt8(ascii: "-")) }
            pendingHyphen = false
            slug.append(isUpper ? byte + 32 : byte)
        }
        return slug.isEmpty ? "section" : String(decoding: slug, as: UTF8.self)
    }

    /// A unique slug for `text`, remembering it so the next identical heading gets a suffix.
    public mutating func uniqueSlug(_ text: String) -> String {
        let base = Self.slug(text)
        guard used[base] != nil else {
            // Most headings of a page are distinct: one look-up and one insertion.
            used[base] = 0
            return base
        }
        var candidate = base
        var suffix = used[base] ?? 0
        while used[candidate] != nil {
            suffix += 1
            candidate = "\(base)-\(suffix)"
        }
        used[base] = suffix
        used[candidate] = used[candidate] ?? 0
        return candidate
    }
}
