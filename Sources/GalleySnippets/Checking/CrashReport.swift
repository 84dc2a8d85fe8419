internal import Foundation

/// What a reader needs from a crashed program's standard error: the runtime's fatal error
/// message and the first frames in the snippet's own code, not the backtracer's dozens of
/// lines of frames inside the standard library.
public enum CrashReport {
    /// `standardError` with its Swift backtrace shortened to the frames of the program's own
    /// binary, or `standardError` itself when it holds no backtrace.
    ///
    /// What the program printed before it crashed, and the runtime's `Fatal error:` line, stay
    /// as they are.
    public static func summary(of standardError: String) -> String {
        let lines = standardError.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("*** Signal ") || $0.hasPrefix("*** Program crashed") }) else {
            return standardError
        }
        var kept = Array(lines[..<start])
        while kept.last?.isEmpty == true { kept.removeLast() }
        if let banner = lines[start...].first(where: { $0.hasPrefix("*** Program crashed") }) {
            // The address changes with every run: the kind of crash is what a reader needs.
            var words = banner.trimmingCharacters(in: CharacterSet(charactersIn: "* "))
            if let address = words.range(of: " at 0x") { words = String(words[..<address.lowerBound]) }
            kept.append(Substring(words))
        }
        // Up to the program's top-level code: what is below it is the runtime starting it.
        var frames: [Substring] = []
        for frame in lines[start...].compactMap(ownFrame) where frames.count < maximumFrames {
            frames.append(frame)
            if frame == "main" || frame.hasPrefix("main at ") { break }
        }
        if !frames.isEmpty {
            kept.append("Crashed in:")
            kept += frames.map { "  " + $0 }
        }
        return kept.joined(separator: "\n") + "\n"
    }

    /// How many of the program's own frames are shown.
    static let maximumFrames = 6

    /// A backtrace line of a frame in the program's own binary, as `function at file:line`
    /// (or `function`): `3 [ra] 0x… explode(_:) + 32 in main at guide/a.md:11:11`.
    private static func ownFrame(_ line: Substring) -> Substring? {
        let trimmed = line.drop(while: { $0 == " " })
        guard let first = trimmed.first, first.isNumber, let address = trimmed.range(of: " 0x") else { return nil }
        let afterAddress = trimmed[address.upperBound...].drop(while: { $0 != " " }).dropFirst()
        guard let image = afterAddress.range(of: " in main") else { return nil }
        let after = afterAddress[image.upperBound...]
        guard after.isEmpty || after.hasPrefix(" at ") else { return nil }
        var function = afterAddress[..<image.lowerBound]
        if let offset = function.range(of: " + ", options: .backwards) { function = function[..<offset.lowerBound] }
        // A merged program's entry is Galley's wrapper; to the reader it is the top-level code.
        if function.hasPrefix("static _GalleyProgram") { function = "main" }
        return after.isEmpty ? function : Substring(function + after)
    }
}

