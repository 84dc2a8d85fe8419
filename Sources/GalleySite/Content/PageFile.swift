internal import Foundation
internal import GalleyMarkdown
internal import GalleySnippets
#if canImport(Glibc)
internal import Glibc
#endif

/// A page's file as it is on disk: its text, and the byte-order mark it may start with, which
/// is not part of the text but is written back by `galley bless`.
struct PageFile: Sendable {
    /// The UTF-8 byte-order mark.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The page's text without a byte-order mark.
    var text: String
    /// The page's bytes without a byte-order mark.
    var bytes: [UInt8]
    /// Whether the file starts with a byte-order mark.
    var hasByteOrderMark: Bool

    /// The file's bytes exactly as read.
    var fileBytes: [UInt8] { hasByteOrderMark ? Self.byteOrderMark + bytes : bytes }

    /// Reads the page at `url`.
    ///
    /// - Throws: A ``Diagnostic`` at `displayPath` that says why: the system's reason when the
    ///   file cannot be read, the line and column of the first byte that is not UTF-8.
    static func read(_ url: URL, displayPath: String) throws(Diagnostic) -> PageFile {
        var bytes: [UInt8]
        do throws(SystemError) {
            bytes = try readBytes(atPath: url.path)
        } catch {
            throw .error(at: SourceLocation(path: displayPath, line: 1), "cannot read this page: \(error.reason); check its permissions")
        }
        let hasByteOrderMark = bytes.starts(with: byteOrderMark)
        if hasByteOrderMark { bytes.removeFirst(byteOrderMark.count) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .error(at: firstInvalidByte(in: bytes, path: displayPath), "this page is not UTF-8 text; save it as UTF-8")
        }
        return PageFile(text: text, bytes: bytes, hasByteOrderMark: hasByteOrderMark)
    }

    /// Where the first byte that does not decode as UTF-8 is.
    private static func firstInvalidByte(in bytes: [UInt8], path: String) -> SourceLocation {
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length = byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            if length == 0 || index + length > bytes.count
                || String(validating: bytes[index..<(index + length)], as: UTF8.self) == nil
            {
                break
            }
            if byte == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += length
        }
        return SourceLocation(path: path, line: line, column: index - lineStart + 1)
    }
}

/// The bytes of the file at `path`, read with plain system calls so that a failure says why.
func readBytes(atPath path: String) throws(SystemError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .current() }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw .current() }
    if status.st_mode & S_IFMT == S_IFDIR { throw SystemError(code: EISDIR) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Int(status.st_size))
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            throw .current()
        }
        if count == 0 { break }
        bytes += chunk[0..<count]
    }
    return bytes
}
