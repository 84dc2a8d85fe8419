public import Foundation

/// The files under a content folder: Markdown pages and everything else, which is copied.
public struct ContentInventory: Sendable {
    /// Paths of `.md` files relative to the content folder, sorted.
    var pages: [String] = []
    /// Paths of other files relative to the content folder, sorted (`site.yml` excluded).
    var files: [String] = []
    /// Folders that could not be listed, so their pages and files are missing from the site.
    var unreadableFolders: [FolderListing.UnreadableFolder] = []

    /// A warning for each folder that could not be listed, naming it under `displayFolder`.
    func warnings(displayFolder: String) -> [Diagnostic] {
        unreadableFolders.map { folder in
            let path = folder.path.isEmpty ? displayFolder : displayFolder.trimmingTrailingSlashes() + "/" + folder.path
            return .warning(at: nil, "cannot read the folder `\(path)` (\(folder.reason)): its pages and files are left out; check its permissions")
        }
    }

    /// Lists a folder, skipping hidden files and folders (`.git`, `.DS_Store`) and the sites
    /// Galley built inside it (a bare folder of pages built in place has its `_site/` there).
    /// The folder itself may be a symbolic link; links inside it are not followed.
    ///
    /// - Parameter excludedFolders: Folders whose files are no part of the content even when
    ///   they lie inside it: the templates folder of a bare folder of pages built in place.
    static func scan(_ root: URL, excluding excluded: Set<String> = [], excludingFolders excludedFolders: [URL] = []) throws(Diagnostic) -> ContentInventory {
        var inventory = ContentInventory()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .error(at: nil, "the folder `\(root.path)` does not exist; \(hint(forMissing: root))")
        }
        let realRoot = FolderListing.resolvingLinks(root)
        let excludedPrefixes = excludedFolders.compactMap { folder -> String? in
            let real = FolderListing.resolvingLinks(folder).path
            return real.hasPrefix(realRoot.path + "/") ? String(real.dropFirst(realRoot.path.count + 1)) + "/" : nil
        }
        let listed = listFiles(under: realRoot)
        for path in listed.paths where !excluded.contains(path) && !excludedPrefixes.contains(where: { path.hasPrefix($0) }) {
            if path.hasSuffix(".md") { inventory.pages.append(path) } else { inventory.files.append(path) }
        }
        inventory.unreadableFolders = listed.unreadable
        return inventory
    }

    /// What to do when the content folder is missing: the usual advice, or, when the folder
    /// that should hold it has Markdown pages of its own (a bare folder of Markdown), the
    /// command that builds them.
    private static func hint(forMissing root: URL) -> String {
        let parent = root.deletingLastPathComponent()
        let pages = topLevelPages(in: parent)
        guard !pages.isEmpty else { return "pass the folder that holds your Markdown with --content" }
        let named = "`\(parent.path)` holds Markdown pages (\(pages.sorted().prefix(3).joined(separator: ", "))\(pages.count > 3 ? ", …" : "")): "
        guard impliedContentFolder(in: parent) == "." else {
            return named + "build them with --content . if this folder is meant to be a site (Galley never assumes so in the home folder or /, where every file below would be copied into it), or move them into a content/ folder"
        }
        return named + "build them in place with --content . (run there without --content, Galley does so itself), or move them into a content/ folder"
    }

    /// The content folder a command uses when it is given none, in the folder `current`:
    /// `content`, or `.` when there is no `content/` folder and `current` holds Markdown pages
    /// of its own, as mdBook and MkDocs build a bare folder of Markdown.
    ///
    /// Never `.` in the home folder or `/`: a stray `notes.md` there must not make a build copy
    /// everything below it into a site.
    public static func impliedContentFolder(in current: URL) -> String {
        let real = FolderListing.resolvingLinks(current).path
        // `$HOME` and the account's home, which may differ (`sudo`, a test's own `HOME`).
        let homes = ([FileManager.default.homeDirectoryForCurrentUser] + (ProcessInfo.processInfo.environment["HOME"].map { [URL(filePath: $0)] } ?? []))
            .map { FolderListing.resolvingLinks($0).path }
        if real == "/" || homes.contains(real) { return "content" }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: current.appending(path: "content").path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "content"
        }
        return topLevelPages(in: current).isEmpty ? "content" : "."
    }

    /// The names of the Markdown pages directly in `folder`, hidden ones left out.
    private static func topLevelPages(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }
    }

    /// Every regular file under `root`, as sorted relative paths, hidden entries skipped;
    /// symbolic links are not followed. Folders that could not be read are named apart.
    static func listFiles(under root: URL) -> (paths: [String], unreadable: [FolderListing.UnreadableFolder]) {
        var paths: [String] = []
        let unreadable = FolderListing.walk(root.path, includingHidden: false, skippingBuiltSites: true) { path, kind in
            if kind == .file { paths.append(path) }
        }
        return (paths.sorted(), unreadable)
    }
}
