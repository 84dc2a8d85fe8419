internal import Foundation
#if canImport(Glibc)
internal import Glibc
#endif

/// Reads folder trees with `readdir` and `lstat`.
///
/// Foundation's directory enumerators look up attributes or resource values for every entry,
/// which made listing a 1,000-page content folder, and what the previous build left in the
/// staging folder, the slowest steps of a build outside the pages, on one core while the
/// others wait. As with those enumerators, symbolic links are listed but never followed, and
/// a root that is a link, or not a folder, has no entries: a folder the user names may be a
/// link, so resolve it with ``resolvingLinks(_:)`` first.
enum FolderListing {
    /// What an entry is, not following links.
    enum Kind {
        case file, folder, link, other
    }

    /// A folder under the root that could not be listed, so its entries are missing.
    struct UnreadableFolder: Sendable, Hashable {
        /// Its path relative to the root (`""` for the root itself).
        var path: String
        /// The system's reason (`Permission denied`).
        var reason: String
    }

    /// Calls `visit` with the path relative to `root`, and the kind, of every entry under it;
    /// a folder comes before what it holds. Entries whose name starts with `.` are skipped,
    /// with what they hold, unless `includingHidden`; so are the sites Galley built below the
    /// root (folders that hold ``StagedOutput/markerName``) when `skippingBuiltSites`, since a
    /// site built into its own folder of pages is no part of its sources.
    ///
    /// - Returns: The folders that could not be listed (a folder without read permission, one
    ///   removed during the walk), so a caller can say that their files are missing rather
    ///   than leave them out silently.
    @discardableResult
    static func walk(
        _ root: String, includingHidden: Bool, skippingBuiltSites: Bool = false, _ visit: (_ path: String, _ kind: Kind) -> Void
    ) -> [UnreadableFolder] {
        var status = stat()
        guard lstat(root, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return [] }
        var unreadable: [UnreadableFolder] = []
        let options = WalkOptions(includingHidden: includingHidden, skippingBuiltSites: skippingBuiltSites)
        walk(folder: root, prefix: "", options: options, unreadable: &unreadable, visit)
        return unreadable
    }

    private struct WalkOptions {
        var includingHidden: Bool
        var skippingBuiltSites: Bool
    }

    /// Whether the folder at `path` is a site Galley wrote: it holds Galley's marker file.
    static func isBuiltSite(_ path: String) -> Bool {
        var status = stat()
        return lstat(path + "/" + StagedOutput.markerName, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    /// `url` with every symbolic link along it resolved, as `realpath` does; the part of the
    /// path that does not exist yet is kept as written.
    ///
    /// Folders given on the command line may be links (`content` → a shared checkout), and
    /// only their real paths tell whether two of them overlap.
    static func resolvingLinks(_ url: URL) -> URL {
        var existing = url.standardizedFileURL.path
        var missing: [String] = []
        while true {
            if let resolved = realpath(existing, nil) {
                defer { free(resolved) }
                var path = String(cString: resolved)
                for component in missing.reversed() { path += path.hasSuffix("/") ? component : "/" + component }
                return URL(filePath: path)
            }
            guard let slash = existing.lastIndex(of: "/"), existing != "/" else { return url.standardizedFileURL }
            missing.append(String(existing[existing.index(after: slash)...]))
            existing = slash == existing.startIndex ? "/" : String(existing[..<slash])
        }
    }

    private static func walk(
        folder: String, prefix: String, options: WalkOptions, unreadable: inout [UnreadableFolder], _ visit: (String, Kind) -> Void
    ) {
        guard let directory = opendir(folder) else {
            unreadable.append(UnreadableFolder(path: String(prefix.dropLast()), reason: String(cString: strerror(errno))))
            return
        }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
            if name == "." || name == ".." || (!options.includingHidden && name.hasPrefix(".")) { continue }
            let path = folder + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            let relativePath = prefix + name
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                if options.skippingBuiltSites, isBuiltSite(path) { continue }
                visit(relativePath, .folder)
                walk(folder: path, prefix: relativePath + "/", options: options, unreadable: &unreadable, visit)
            case S_IFREG: visit(relativePath, .file)
            case S_IFLNK: visit(relativePath, .link)
            default: visit(relativePath, .other)
            }
        }
    }
}
