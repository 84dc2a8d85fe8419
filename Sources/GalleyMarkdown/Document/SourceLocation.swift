/// A position in a source file, printed the way compilers print them (`path:line:col`)
/// so editors and CI annotations can jump straight to it.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file's path as the user should see it (usually relative to the working folder).
    public var path: String
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column number, or `nil` when only the line is known.
    public var column: Int?

    /// Creates a location.
    public init(path: String, line: Int, column: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path:line:col`, or `path:line` when the column is unknown.
    public var description: String {
        if let column { "\(path):\(line):\(column)" } else { "\(path):\(line)" }
    }

    /// This location moved down by `lines` lines, used to translate positions inside an
    /// embedded block (front matter, a code block) into positions in the whole file.
    public func offset(byLines lines: Int) -> SourceLocation {
        SourceLocation(path: path, line: line + lines, column: column)
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line, lhs.column ?? 0) < (rhs.path, rhs.line, rhs.column ?? 0)
    }
}
