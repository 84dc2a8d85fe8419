public import Foundation
#if canImport(Glibc)
internal import Glibc
#endif

/// An output folder written beside its destination and swapped in only when complete, so a
/// failed build never leaves a half-written site.
///
/// The staging folder is double-buffered: after a swap it holds the previous site, and the
/// next build overwrites those files in place instead of creating every folder and file
/// anew. Rewriting an existing file keeps its inode, which on ext4 is several times cheaper
/// than allocating thousands of inodes right after deleting thousands, so rebuilds of a large
/// site are dominated by rendering rather than by the file system.
public struct StagedOutput: Sendable {
    /// The folder the site ends up in.
    public let destination: URL
    /// The folder being written.
    public let staging: URL

    /// Prepares the staging folder next to `destination`, keeping what a previous build left
    /// there for reuse.
    public init(destination: URL) throws(Diagnostic) {
        let destination = destination.standardizedFileURL
        self.destination = destination
        let parent = destination.deletingLastPathComponent()
        self.staging = parent.appending(path: ".\(destination.lastPathComponent).galley-staging")
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw .error(at: nil, "cannot create `\(staging.path)`: \(error.localizedDescription); check that the output's folder is writable")
        }
    }

    /// Makes the staging folder hold exactly the folders that `relativePaths` need: files left
    /// from the previous build that are not among them are removed, missing folders created.
    ///
    /// Call it once, before files are written in parallel.
    public func prepare(for relativePaths: some Sequence<String>) throws(Diagnostic) {
        let wanted = Set(relativePaths)
        var folders = Set<String>()
        for path in wanted {
            var components = path.split(separator: "/")
            components.removeLast()
            while !components.isEmpty {
                folders.insert(components.joined(separator: "/"))
                components.removeLast()
            }
        }
        let fileManager = FileManager.default
        // What the previous build left, read in one walk; a link counts as the folder it may
        // lead to, as `isDirectory(_:)` sees it.
        var existing: [(path: String, isDirectory: Bool)] = []
        FolderListing.walk(staging.path, includingHidden: true) { path, kind in
            existing.append((path, kind == .folder || (kind == .link && isDirectory(path))))
        }
        do {
            // Remove stale entries, deepest first, so a folder is empty before it goes.
            for entry in existing.sorted(by: { $0.path.utf8.count > $1.path.utf8.count })
            where !wanted.contains(entry.path) && !folders.contains(entry.path) {
                try fileManager.removeItem(at: staging.appending(path: entry.path))
            }
            var removedFolders: [String] = []
            for entry in existing where entry.isDirectory && wanted.contains(entry.path) {
                try fileManager.removeItem(at: staging.appending(path: entry.path))
                removedFolders.append(entry.path)
            }
            let remainingFolders = Set(
                existing.lazy.filter { entry in
                    entry.isDirectory && !removedFolders.contains { entry.path == $0 || entry.path.hasPrefix($0 + "/") }
                }.map(\.path)
            )
            for folder in folders.sorted() where !remainingFolders.contains(folder) {
                if fileManager.fileExists(atPath: staging.appending(path: folder).path) {
                    try fileManager.removeItem(at: staging.appending(path: folder))
                }
                try fileManager.createDirectory(at: staging.appending(path: folder), withIntermediateDirectories: true)
            }
        } catch {
            throw .error(at: nil, "cannot prepare `\(staging.path)`: \(error.localizedDescription)")
        }
    }

    private func isDirectory(_ relativePath: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: staging.appending(path: relativePath).path, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    /// Writes a file (its folder must exist; see ``prepare(for:)``), overwriting in place.
    public func write(_ text: String, to relativePath: String) throws(Diagnostic) {
        var text = text
        // A native string is contiguous UTF-8 already: its bytes go to the file without a copy.
        let failure = text.withUTF8 { writeFile(UnsafeRawBufferPointer($0), to: staging.appending(path: relativePath).path) }
        if let failure { throw .error(at: nil, "cannot write `\(relativePath)`: \(failure)") }
    }

    /// Writes bytes to a file, overwriting in place.
    public func write(_ data: Data, to relativePath: String) throws(Diagnostic) {
        let failure = data.withUnsafeBytes { writeFile($0, to: staging.appending(path: relativePath).path) }
        if let failure { throw .error(at: nil, "cannot write `\(relativePath)`: \(failure)") }
    }

    /// Copies a file into the output.
    public func copy(_ source: URL, to relativePath: String) throws(Diagnostic) {
        let data: Data
        do {
            data = try Data(contentsOf: source)
        } catch {
            throw .error(at: nil, "cannot read `\(source.path)`: \(error.localizedDescription)")
        }
        try write(data, to: relativePath)
    }

    /// Swaps the staged folder and the destination in one step where the system allows it.
    ///
    /// On Linux `renameat2(RENAME_EXCHANGE)` exchanges the two folders atomically, so the
    /// destination always holds one complete site and the old one becomes the next build's
    /// staging folder. Elsewhere the old site is moved aside first, then replaced.
    public func commit() throws(Diagnostic) {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: destination.path), Self.exchange(staging.path, destination.path) {
            return
        }
        do {
            let old = destination.deletingLastPathComponent().appending(path: ".\(destination.lastPathComponent).galley-old")
            if fileManager.fileExists(atPath: old.path) { try fileManager.removeItem(at: old) }
            if fileManager.fileExists(atPath: destination.path) { try fileManager.moveItem(at: destination, to: old) }
            try fileManager.moveItem(at: staging, to: destination)
            if fileManager.fileExists(atPath: old.path) { try fileManager.moveItem(at: old, to: staging) }
        } catch {
            throw .error(at: nil, "cannot move the new site into `\(destination.path)`: \(error.localizedDescription)")
        }
    }

    /// Leaves the staging folder as it is after a failed build: the destination is untouched,
    /// and the next build prunes and overwrites the staging folder anyway.
    public func discard() {}

    #if canImport(Glibc)
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// glibc's `renameat2`, which Swift's Glibc module does not export; looked up once.
    private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()

    private static func exchange(_ first: String, _ second: String) -> Bool {
        guard let renameat2 else { return false }
        let renameExchange: UInt32 = 1 << 1
        return renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0
    }
    #else
    private static func exchange(_ first: String, _ second: String) -> Bool { false }
    #endif
}

/// Writes `bytes` to the file at `path` with plain system calls, and returns what went
/// wrong, if anything.
///
/// `Data.write(to:)` copied each page's text into `Data` and called `fsync` on every file,
/// and nothing here needs the files on disk at once: the atomic swap protects readers from a
/// failed build, not from a power cut. An existing file is overwritten and then cut to its
/// new length rather than opened with `O_TRUNC`: ext4 frees the blocks of a file truncated
/// to zero, and starts writing it back as soon as it is closed, work that was done on the
/// build's own cores for every page.
private func writeFile(_ bytes: UnsafeRawBufferPointer, to path: String) -> String? {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { return String(cString: strerror(errno)) }
    var written = 0
    while written < bytes.count {
        let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
        if count < 0 {
            if errno == EINTR { continue }
            let problem = String(cString: strerror(errno))
            close(descriptor)
            return problem
        }
        written += count
    }
    guard ftruncate(descriptor, off_t(bytes.count)) == 0 else {
        let problem = String(cString: strerror(errno))
        close(descriptor)
        return problem
    }
    guard close(descriptor) == 0 else { return String(cString: strerror(errno)) }
    return nil
}
