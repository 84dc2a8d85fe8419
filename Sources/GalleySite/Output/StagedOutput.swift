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
    /// The folder the site ends up in, with the links above it resolved.
    public let destination: URL
    /// The folder being written.
    public let staging: URL
    /// Where the previous site waits while the new one moves in, on systems that cannot
    /// exchange two folders.
    let old: URL
    /// The output folder as it was asked for, for diagnostics.
    private let requested: URL

    /// A folder a build must neither replace nor hold in its output: the content or the
    /// templates, named by what it is (`content`).
    public typealias Source = (role: String, folder: URL)

    /// Prepares the staging folder next to `destination`, keeping what a previous build left
    /// there for reuse.
    ///
    /// - Throws: A ``Diagnostic`` when replacing `destination` could lose files that Galley
    ///   did not write; see ``check(destination:protecting:)``.
    public init(destination: URL, protecting sources: [Source] = []) throws(Diagnostic) {
        let folders = try Self.folders(for: destination, protecting: sources)
        self.requested = destination
        self.destination = folders.destination
        self.staging = folders.staging
        self.old = folders.old
        do {
            try FileManager.default.createDirectory(at: staging.deletingLastPathComponent(), withIntermediateDirectories: true)
            if Self.entry(at: staging.path) == .missing {
                try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
            }
        } catch {
            throw .error(at: nil, "cannot create `\(staging.path)`: \(error.localizedDescription); check that the output's folder is writable")
        }
    }

    /// Checks, without writing anything, that a build may replace `destination`.
    ///
    /// Galley replaces its output folder as a whole, and empties the staging folder beside it
    /// (`._site.galley-staging`) and the old one (`._site.galley-old`), so each of them must
    /// be a real folder or not exist yet: a symbolic link would have Galley write into, prune
    /// or swap away what it points to. Links above the output are resolved, so the folders
    /// all sit beside the real output, and the output must then not be, hold or be inside any
    /// of `sources`.
    ///
    /// - Throws: A ``Diagnostic`` that says which folder is in the way and what to do.
    public static func check(destination: URL, protecting sources: [Source]) throws(Diagnostic) {
        _ = try folders(for: destination, protecting: sources)
    }

    private static func folders(
        for destination: URL, protecting sources: [Source]
    ) throws(Diagnostic) -> (destination: URL, staging: URL, old: URL) {
        let requested = destination.standardizedFileURL
        let shown = SiteBuilder.displayPath(requested)
        guard requested.path != "/" else {
            throw .error(at: nil, "the output folder `/` holds every other folder, which a build would replace; choose another --output")
        }
        let name = requested.lastPathComponent
        let parent = FolderListing.resolvingLinks(requested.deletingLastPathComponent())
        let folders = (
            destination: parent.appending(path: name), staging: parent.appending(path: ".\(name).galley-staging"),
            old: parent.appending(path: ".\(name).galley-old")
        )
        switch entry(at: folders.destination.path) {
        case .missing: break
        case .folder: break
        case .link(let target):
            throw .error(
                at: nil,
                "the output folder `\(shown)` is a symbolic link to `\(target)`; Galley replaces its output folder, so point --output at a real folder"
            )
        case .file:
            throw .error(at: nil, "`\(shown)` is a file, not a folder; Galley replaces its output folder, so move the file away or point --output at a folder")
        case .other:
            throw .error(at: nil, "`\(shown)` is not a folder; Galley replaces its output folder, so point --output at a folder")
        }
        // Named when links made two different-looking paths overlap, which is otherwise puzzling.
        let outputViaLinks = folders.destination.path != requested.path
        for source in sources {
            try checkApart(output: folders.destination.path, shown: shown, viaLinks: outputViaLinks, from: source)
        }
        if entry(at: folders.destination.path) == .folder, !isGalleyOutput(folders.destination) {
            throw .error(
                at: nil,
                "the output folder `\(shown)` holds files that Galley did not write (it has no `\(markerName)` file); Galley replaces its output folder, so choose an empty or new folder for --output, or remove this one yourself if it is an older Galley build"
            )
        }
        for (folder, use) in [(folders.staging, "writes the new site into"), (folders.old, "moves the previous site into")] {
            let shownFolder = SiteBuilder.displayPath(requested.deletingLastPathComponent().appending(path: folder.lastPathComponent))
            switch entry(at: folder.path) {
            case .missing: break
            case .folder:
                guard isGalleyOutput(folder) else {
                    throw .error(
                        at: nil,
                        "`\(shownFolder)` holds files that Galley did not write (it has no `\(markerName)` file); Galley \(use) that folder and empties it, so move it away"
                    )
                }
            case .link(let target):
                throw .error(
                    at: nil,
                    "`\(shownFolder)` is a symbolic link to `\(target)`; Galley \(use) that folder and empties it, so it never follows a link there: remove the link"
                )
            case .file, .other:
                throw .error(at: nil, "`\(shownFolder)` is not a folder; Galley \(use) a folder of that name, so move it away")
            }
            for source in sources {
                let real = FolderListing.resolvingLinks(source.folder).path
                guard real == folder.path || contains(folder.path, real) else { continue }
                throw .error(
                    at: nil,
                    "the \(source.role) folder `\(SiteBuilder.displayPath(source.folder))` \(real == folder.path ? "is" : "is inside") `\(shownFolder)`, which Galley empties on every build; move it out"
                )
            }
        }
        return folders
    }

    /// Refuses an output that is or holds `source`, links resolved: replacing the output would
    /// delete the source. An output inside it is allowed, as mdBook builds a book into its own
    /// folder: its marker file keeps every later listing of the sources out of it (see
    /// ``FolderListing/walk(_:includingHidden:skippingBuiltSites:_:)``), and replacing it
    /// touches nothing else.
    private static func checkApart(output: String, shown: String, viaLinks: Bool, from source: Source) throws(Diagnostic) {
        let folder = FolderListing.resolvingLinks(source.folder).path
        let followed = viaLinks || folder != source.folder.standardizedFileURL.path ? " (symbolic links followed)" : ""
        let named = "the \(source.role) folder `\(SiteBuilder.displayPath(source.folder))`\(followed)"
        if folder == output {
            throw .error(at: nil, "the output folder `\(shown)` is \(named), which a build would replace; choose another --output")
        }
        if contains(output, folder) {
            throw .error(at: nil, "the output folder `\(shown)` holds \(named), which a build would replace; choose another --output")
        }
    }

    /// Whether the folder at `path` is a site Galley built (it holds ``markerName``), which
    /// is never part of a site's sources, even inside them.
    public static func isBuiltSite(folder path: String) -> Bool {
        FolderListing.isBuiltSite(path)
    }

    /// The file every output folder gets: a folder without it, and not empty, holds files that
    /// Galley did not write, and is never replaced or emptied.
    public static let markerName = ".galley-site"

    /// What the marker file says to whoever opens it.
    static let markerText = "This folder was written by Galley (galley build), which replaces it on every build.\n"

    /// Whether `folder` is empty or carries Galley's marker.
    private static func isGalleyOutput(_ folder: URL) -> Bool {
        if entry(at: folder.appending(path: markerName).path) == .file { return true }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return false }
        return names.isEmpty
    }

    /// Whether `path` is below `folder`.
    private static func contains(_ folder: String, _ path: String) -> Bool {
        path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    /// What is at a path, links not followed.
    private enum Entry: Equatable {
        case missing, folder, file, other
        /// A symbolic link, with where it leads (resolved when it can be).
        case link(String)
    }

    private static func entry(at path: String) -> Entry {
        var status = stat()
        guard lstat(path, &status) == 0 else { return .missing }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFREG: return .file
        case S_IFLNK:
            if let resolved = realpath(path, nil) {
                defer { free(resolved) }
                return .link(String(cString: resolved))
            }
            return .link((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "an unreadable target")
        default: return .other
        }
    }

    /// Makes the staging folder hold exactly the folders that `relativePaths` need: files left
    /// from the previous build that are not among them are removed, missing folders created.
    ///
    /// Nothing in the staging folder is followed: a symbolic link found there (Galley never
    /// writes one) is removed like a stale file, so no file is written or removed through it.
    /// Call it once, before files are written in parallel.
    ///
    /// - Parameter pendingFolder: A folder whose files are not known yet: it is created, and
    ///   the files directly in it are left for ``removeFiles(in:except:)`` once they are.
    public func prepare(for relativePaths: some Sequence<String>, keeping pendingFolder: String? = nil) throws(Diagnostic) {
        let wanted = Set(relativePaths).union([Self.markerName])
        var folders = Set<String>()
        // Each file's folders, and the pending folder with its own (a name inside it stands
        // for its files, not known yet).
        for path in wanted.union(pendingFolder.map { [$0 + "/" + Self.markerName] } ?? []) {
            var components = path.split(separator: "/")
            components.removeLast()
            while !components.isEmpty {
                folders.insert(components.joined(separator: "/"))
                components.removeLast()
            }
        }
        // What the previous build left, read in one walk.
        var existing: [(path: String, kind: FolderListing.Kind)] = []
        FolderListing.walk(staging.path, includingHidden: true) { path, kind in existing.append((path, kind)) }
        // Deepest first, so that a folder is empty by the time it goes: nothing is removed
        // recursively, so nothing is removed through a link.
        var kept = Set<String>()
        for entry in existing.sorted(by: { $0.path.utf8.count > $1.path.utf8.count }) {
            switch entry.kind {
            case .folder where folders.contains(entry.path): kept.insert(entry.path)
            case .file where wanted.contains(entry.path): continue
            case .file where pendingFolder.map({ Self.isDirectlyInside($0, entry.path) }) == true: continue
            default: try Self.remove(staging.appending(path: entry.path).path, isFolder: entry.kind == .folder)
            }
        }
        for folder in folders.sorted() where !kept.contains(folder) {
            let path = staging.appending(path: folder).path
            guard mkdir(path, 0o777) == 0 else {
                throw .error(at: nil, "cannot create `\(path)`: \(String(cString: strerror(errno))); check that the output's folder is writable")
            }
        }
        try write(Self.markerText, to: Self.markerName)
    }

    /// Removes the files directly in `folder` (see ``prepare(for:keeping:)``) that are not
    /// among `relativePaths`, once the files it holds are known and written.
    public func removeFiles(in folder: String, except relativePaths: Set<String>) throws(Diagnostic) {
        var stale: [String] = []
        FolderListing.walk(staging.appending(path: folder).path, includingHidden: true) { path, kind in
            if kind != .folder, !path.contains("/"), !relativePaths.contains(folder + "/" + path) { stale.append(path) }
        }
        for path in stale { try Self.remove(staging.appending(path: folder).appending(path: path).path, isFolder: false) }
    }

    /// Whether `path` names an entry directly in `folder`.
    private static func isDirectlyInside(_ folder: String, _ path: String) -> Bool {
        path.hasPrefix(folder + "/") && !path.dropFirst(folder.utf8.count + 1).contains("/")
    }

    /// Removes one entry, never what a link points to; a folder must be empty.
    private static func remove(_ path: String, isFolder: Bool) throws(Diagnostic) {
        guard (isFolder ? rmdir(path) : unlink(path)) == 0 else {
            throw .error(at: nil, "cannot remove `\(path)` left by the previous build: \(String(cString: strerror(errno)))")
        }
    }

    /// Removes a folder and what it holds, deepest first, never following a link inside it.
    private static func removeFolder(_ folder: URL) throws(Diagnostic) {
        var entries: [(path: String, isFolder: Bool)] = []
        FolderListing.walk(folder.path, includingHidden: true) { path, kind in entries.append((path, kind == .folder)) }
        for entry in entries.sorted(by: { $0.path.utf8.count > $1.path.utf8.count }) {
            try remove(folder.appending(path: entry.path).path, isFolder: entry.isFolder)
        }
        try remove(folder.path, isFolder: true)
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

    /// Writes bytes to a file, overwriting in place.
    public func write(_ bytes: [UInt8], to relativePath: String) throws(Diagnostic) {
        let failure = bytes.withUnsafeBytes { writeFile($0, to: staging.appending(path: relativePath).path) }
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
    ///
    /// - Throws: A ``Diagnostic`` when a folder involved became a link or a file while the
    ///   site was written, or when a move fails.
    public func commit() throws(Diagnostic) {
        // The build took a while: what became a link since must not be swapped or emptied.
        _ = try Self.folders(for: requested, protecting: [])
        if Self.entry(at: destination.path) == .folder, Self.exchange(staging.path, destination.path) {
            return
        }
        let fileManager = FileManager.default
        if Self.entry(at: old.path) == .folder { try Self.removeFolder(old) }
        do {
            if Self.entry(at: destination.path) == .folder { try fileManager.moveItem(at: destination, to: old) }
            try fileManager.moveItem(at: staging, to: destination)
            if Self.entry(at: old.path) == .folder { try fileManager.moveItem(at: old, to: staging) }
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
    // O_NOFOLLOW: a link where a page goes is never written through.
    let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o666)
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
