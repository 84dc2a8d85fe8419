internal import GalleyMarkdown

/// Where the site lives: the path prefix of every URL, and the absolute base when known.
public struct SiteAddress: Sendable, Hashable {
    /// The path every URL starts with, ending in `/`: `/` or `/docs/`, percent-encoded.
    public var root: String
    /// `https://example.com/docs/`, when the base URL names a host; sitemaps and feeds need it.
    public var absoluteBase: String?

    /// Reads a base URL: empty, a path (`/docs`), or an absolute URL (`https://example.com/docs`).
    ///
    /// A base URL that ``problem(withBaseURL:)`` refuses still gives working URLs: the path is
    /// percent-encoded, so a `?` or `#` in it stays part of the path (`%3F`, `%23`) instead of
    /// starting a query inside every link.
    public init(baseURL: String) {
        let trimmed = baseURL.trimmingSpaces()
        if let schemeEnd = trimmed.range(of: "://") {
            let afterScheme = trimmed[schemeEnd.upperBound...]
            let pathStart = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
            let path = Self.percentEncoded(String(afterScheme[pathStart...]).trimmingSlashes(), keepingEscapes: true)
            root = path.isEmpty ? "/" : "/\(path)/"
            absoluteBase = String(trimmed[..<pathStart]) + root
        } else {
            let path = Self.percentEncoded(trimmed.trimmingSlashes(), keepingEscapes: true)
            root = path.isEmpty ? "/" : "/\(path)/"
            absoluteBase = nil
        }
    }

    /// Why `baseURL` is not a base URL Galley accepts, or `nil` when it is.
    ///
    /// Accepted: empty; a path that starts with one `/` (`/docs/`); an absolute `http` or
    /// `https` URL with a host and an optional port (`https://example.com/docs/`). Refused: a
    /// query or a fragment (every URL of the site would carry it in the middle), other schemes,
    /// `.` and `..` segments, spaces, control characters and the characters URLs may not hold
    /// (`"<>\^`{|}`).
    public static func problem(withBaseURL baseURL: String) -> String? {
        let trimmed = baseURL.trimmingSpaces()
        if trimmed.isEmpty { return nil }
        let example = "use a full URL such as `https://example.com/docs/` or a path such as `/docs/`"
        if trimmed.contains("?") || trimmed.contains("#") {
            return "a base URL cannot have a query (`?`) or a fragment (`#`): every URL of the site starts with it; \(example)"
        }
        if let bad = trimmed.unicodeScalars.first(where: { $0.value <= 0x20 || $0.value == 0x7F || "\"<>\\^`{|}".unicodeScalars.contains($0) }) {
            let shown = bad == " " ? "a space" : "`\(ControlCharacters.visibleInTerminal(String(bad)))`"
            return "a base URL cannot hold \(shown); percent-encode it (a space is `%20`) or \(example)"
        }
        let path: Substring
        if let schemeEnd = trimmed.range(of: "://") {
            let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
            guard scheme == "http" || scheme == "https" else {
                return "a base URL must use http or https, not `\(scheme)`; \(example)"
            }
            let afterScheme = trimmed[schemeEnd.upperBound...]
            let pathStart = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
            let authority = afterScheme[..<pathStart]
            if authority.contains("@") { return "a base URL cannot hold a user name or password; \(example)" }
            var host = authority
            if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
                host = authority[..<colon]
                let port = authority[authority.index(after: colon)...]
                guard let number = Int(port), (1...65535).contains(number), port.allSatisfy(\.isASCII) else {
                    return "the port of a base URL must be a number from 1 to 65535, not `\(port)`"
                }
            }
            if host.isEmpty { return "a base URL that starts with `\(scheme)://` needs a host; \(example)" }
            path = afterScheme[pathStart...]
        } else {
            guard trimmed.hasPrefix("/"), !trimmed.hasPrefix("//") else {
                return "`\(trimmed)` is neither a full URL nor a path that starts with `/`; \(example)"
            }
            path = Substring(trimmed)
        }
        if path.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }) {
            return "a base URL cannot hold `.` or `..` segments; write the path it leads to"
        }
        return nil
    }

    /// The URL of a route, absolute when the host is known, else root-relative.
    public func absoluteURL(_ route: String) -> String {
        (absoluteBase ?? root) + Self.percentEncoded(route)
    }

    /// The root-relative URL of a route (`/docs/c%23sharp/` for `c#sharp/`), for links.
    public func url(_ route: String) -> String {
        root + Self.percentEncoded(route)
    }

    /// `path` with every character that may not stand in a URL path percent-encoded: routes
    /// come from file names, which may hold `#`, `?`, `%`, spaces or control characters.
    ///
    /// Kept: `/`, the ASCII characters RFC 3986 allows in a path segment (letters, digits,
    /// `-._~!$&'()*+,;=:@`), and non-ASCII characters other than controls, which browsers
    /// encode themselves (`/café/` stays readable in the page's source). With
    /// `keepingEscapes`, a `%` followed by two hexadecimal digits is kept as an escape already
    /// made (a base URL may be written encoded).
    public static func percentEncoded(_ path: String, keepingEscapes: Bool = false) -> String {
        func allowed(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            // C2 starts U+0080–U+00BF, where the C1 controls are; the loop below looks closer.
            case 0x80...0xC1, 0xC3...0xFF: true
            default: "-._~!$&'()*+,;=:@/".utf8.contains(byte)
            }
        }
        // Nearly every route is plain ASCII that needs nothing; it is returned without a copy.
        var path = path
        guard !path.withUTF8({ $0.allSatisfy(allowed) }) else { return path }
        let bytes = Array(path.utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(bytes.count + 16)
        func escape(_ byte: UInt8) { encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]] }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if allowed(byte) {
                encoded.append(byte)
            } else if byte == 0xC2, index + 1 < bytes.count {
                // U+0080–U+009F are controls; U+00A0 and above are kept as they are.
                if bytes[index + 1] < 0xA0 {
                    escape(byte)
                    escape(bytes[index + 1])
                } else {
                    encoded += [byte, bytes[index + 1]]
                }
                index += 1
            } else if keepingEscapes, byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                bytes[index + 1].isHexDigit, bytes[index + 2].isHexDigit
            {
                encoded.append(byte)
            } else {
                escape(byte)
            }
            index += 1
        }
        return String(decoding: encoded, as: UTF8.self)
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}

extension String {
    func range(of needle: String) -> Range<String.Index>? {
        guard !needle.isEmpty else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(needle) { return index..<self.index(index, offsetBy: needle.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
