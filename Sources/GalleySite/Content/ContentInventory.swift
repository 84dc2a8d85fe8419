internal import Foundation

/// The files under a content folder: Markdown pages and everything else, which is copied.
struct ContentInventory: Sendable {
    /// Paths of `.md` files relative to the content folder, sorted.
    var pages: [String] = []
    /// Paths of other files relative to the content folder, sorted (`site.yml` excluded).
    var files: [String] = []

    /// Lists a folder, skipping hidden files and folders (`.git`, `.DS_Store`). The folder
    /// itself may be a symbolic link; links inside it are not followed.
    static func scan(_ root: URL, excluding excluded: Set<String> = []) throws(Diagnostic) -> ContentInventory {
        var inventory = ContentInventory()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .error(at: nil, "the folder `\(root.path)` does not exist; pass the folder that holds your Markdown with --content")
        }
        for path in listFiles(under: FolderListing.resolvingLinks(root)) where !excluded.contains(path) {
            if path.hasSuffix(".md") { inventory.pages.append(path) } else { inventory.files.append(path) }
        }
        return inventory
    }

    /// Every regular file under `root`, as sorted relative paths, hidden entries skipped;
    /// symbolic links are not followed.
    static func listFiles(under root: URL) -> [String] {
        var paths: [String] = []
        FolderListing.walk(root.path, includingHidden: false) { path, kind in
            if kind == .file { paths.append(path) }
        }
        return paths.sorted()
    }
}
