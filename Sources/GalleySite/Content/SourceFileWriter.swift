internal import GalleySnippets
#if canImport(Glibc)
internal import Glibc
#endif

/// Gives a user's file new bytes without losing anything else about it: its mode, owner and
/// group, and its other hard links.
///
/// A file with one link is replaced atomically: a temporary file beside it gets the new bytes,
/// the old file's mode, owner and group, is flushed to disk, and is renamed over the old one.
/// A file with more links (or one whose owner Galley cannot give to a new file) must keep its
/// inode, so it is rewritten in place; a copy of the old bytes is written and flushed beside it
/// first and removed only once the new bytes are on disk, so a crash in between leaves the
/// old text in that copy.
enum SourceFileWriter {
    /// Why a file could not be written: a code to match on, the system's error when one caused
    /// it, and a message for the user.
    struct Failure: Error {
        /// What kind of failure it is.
        enum Code: Sendable, Hashable {
            /// The file no longer holds the bytes it was read with.
            case changedMeanwhile
            /// The file or its mode could not be read.
            case unreadable
            /// Nothing was written; the file is unchanged.
            case unchanged
            /// Writing in place failed part-way; the old bytes are in a copy beside the file.
            case partlyWritten
        }

        /// What kind of failure it is.
        var code: Code
        /// The system call's error, when one caused the failure.
        var cause: SystemError?
        /// What went wrong, in words for the user.
        var message: String
    }

    /// Replaces the file's bytes with `bytes`, provided it still holds `expected`.
    static func replace(fileAt path: String, expected: [UInt8], with bytes: [UInt8]) throws(Failure) {
        let current: [UInt8]
        do throws(SystemError) {
            current = try readBytes(atPath: path)
        } catch {
            throw Failure(code: .unreadable, cause: error, message: "cannot read the page again: \(error.reason)")
        }
        guard current == expected else {
            throw Failure(code: .changedMeanwhile, message: "the page changed while its snippets ran; run `galley bless` again")
        }
        var status = stat()
        guard stat(path, &status) == 0 else {
            let error = SystemError.current()
            throw Failure(code: .unreadable, cause: error, message: "cannot read the page's mode: \(error.reason)")
        }

        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        let templatePath = "\(folder)/.\(name).galley-bless-XXXXXX"
        var template = Array(templatePath.utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            let error = SystemError.current()
            throw Failure(code: .unchanged, cause: error, message: "cannot create a temporary file beside the page: \(error.reason)")
        }
        // mkstemp replaced the X's in place; the path keeps its length.
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)

        let keepsOwner = fchown(descriptor, status.st_uid, status.st_gid) == 0
        if status.st_nlink == 1, keepsOwner {
            var failure: SystemError?
            if fchmod(descriptor, status.st_mode & 0o7777) != 0 { failure = .current() }
            if failure == nil {
                do throws(SystemError) { try writeAll(bytes, to: descriptor) } catch { failure = error }
            }
            if failure == nil, fsync(descriptor) != 0 { failure = .current() }
            if close(descriptor) != 0, failure == nil { failure = .current() }
            if failure == nil, rename(temporary, path) != 0 { failure = .current() }
            if let failure {
                unlink(temporary)
                throw Failure(code: .unchanged, cause: failure, message: "cannot write the page: \(failure.reason); it is unchanged")
            }
            syncFolder(folder)
            return
        }

        // Keep the inode: back up the old bytes, then overwrite the file itself.
        do throws(SystemError) {
            try writeAll(current, to: descriptor)
            guard fsync(descriptor) == 0 else { throw .current() }
            close(descriptor)
        } catch {
            close(descriptor)
            unlink(temporary)
            throw Failure(code: .unchanged, cause: error, message: "cannot back up the page before writing it: \(error.reason); it is unchanged")
        }
        let file = open(path, O_WRONLY | O_CLOEXEC)
        guard file >= 0 else {
            let error = SystemError.current()
            unlink(temporary)
            throw Failure(code: .unchanged, cause: error, message: "cannot open the page for writing: \(error.reason); it is unchanged")
        }
        do throws(SystemError) {
            try writeAll(bytes, to: file)
            guard ftruncate(file, off_t(bytes.count)) == 0, fsync(file) == 0 else { throw .current() }
            close(file)
        } catch {
            close(file)
            throw Failure(code: .partlyWritten, cause: error, message: "writing the page failed (\(error.reason)); its previous text is in \(temporary)")
        }
        unlink(temporary)
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws(SystemError) {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .current()
            }
            written += count
        }
    }

    /// Flushes a folder's entries, so that a rename in it survives a power cut.
    private static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
