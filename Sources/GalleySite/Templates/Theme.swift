public import Foundation

/// Where a file the site is built from comes from: a file on disk, or Galley's built-in theme.
public enum FileSource: Sendable, Hashable {
    /// A file on disk.
    case file(URL)
    /// A file of the built-in theme, by its path in the theme (`assets/galley.css`).
    case builtIn(String)
}

/// The templates and assets a site is rendered with: Galley's built-in theme, with the files of
/// the site's own templates folder, if it has one, in place of the built-in files of the same
/// path. A site may override one template (`page.mustache`), the stylesheet alone, or
/// everything, and may add templates and assets of its own.
public struct Theme: Sendable, Hashable {
    /// One file of the theme: a template (`page.mustache`) or an asset (`assets/galley.css`).
    public struct File: Sendable, Hashable {
        /// Its path in the theme.
        public var path: String
        /// Where it is read from.
        public var source: FileSource
        /// How diagnostics name it: `templates/page.mustache`, or `(built-in theme)/page.mustache`.
        public var displayPath: String
    }

    /// The site's own templates folder, or `nil` for the built-in theme alone.
    public var folder: URL?
    /// How diagnostics name the folder (`templates`).
    public var displayFolder: String

    /// How diagnostics name the built-in theme's files.
    public static let builtInDisplayFolder = "(built-in theme)"

    /// A theme of the built-in files and, when `folder` is given, the site's own.
    public init(folder: URL?, displayFolder: String? = nil) {
        self.folder = folder
        self.displayFolder = displayFolder ?? folder.map(\.path) ?? Self.builtInDisplayFolder
    }

    /// The theme `--templates` names: that folder, which must exist; without the option, the
    /// folder `templates` when there is one, else the built-in theme alone.
    ///
    /// - Throws: ``BuildFailure`` when the folder named does not exist or is not a folder.
    public static func resolve(templatesOption: String?, defaultFolder: String = "templates") throws(BuildFailure) -> Theme {
        var isFolder: ObjCBool = false
        guard let named = templatesOption else {
            let exists = FileManager.default.fileExists(atPath: defaultFolder, isDirectory: &isFolder) && isFolder.boolValue
            return Theme(folder: exists ? URL(filePath: defaultFolder, directoryHint: .isDirectory) : nil, displayFolder: defaultFolder)
        }
        guard FileManager.default.fileExists(atPath: named, isDirectory: &isFolder) else {
            throw BuildFailure([
                .error(at: nil, "there is no templates folder `\(named)`; leave out --templates to use the built-in theme")
            ])
        }
        guard isFolder.boolValue else {
            throw BuildFailure([.error(at: nil, "`\(named)` is a file, not a templates folder; --templates names a folder")])
        }
        return Theme(folder: URL(filePath: named, directoryHint: .isDirectory), displayFolder: named)
    }

    /// Every file of the theme, sorted by path, the site's own in place of the built-in ones
    /// they override, and the site's folders that could not be read.
    func files() -> (files: [File], unreadable: [FolderListing.UnreadableFolder]) {
        var byPath: [String: File] = [:]
        for path in BuiltInTheme.files.keys {
            byPath[path] = File(path: path, source: .builtIn(path), displayPath: Self.builtInDisplayFolder + "/" + path)
        }
        var unreadable: [FolderListing.UnreadableFolder] = []
        if let folder {
            // The folder may be a link to a shared theme; links inside it are not followed.
            let root = FolderListing.resolvingLinks(folder)
            let shownFolder = displayFolder.trimmingTrailingSlashes()
            unreadable = FolderListing.walk(root.path, includingHidden: false, skippingBuiltSites: true) { path, kind in
                guard kind == .file else { return }
                byPath[path] = File(path: path, source: .file(folder.appending(path: path)), displayPath: shownFolder + "/" + path)
            }
        }
        return (byPath.values.sorted { $0.path < $1.path }, unreadable)
    }

    /// The theme's assets, copied into the site under `assets/`.
    func assets() -> [File] {
        files().files.filter { $0.path.hasPrefix("assets/") }
    }

    /// The bytes of a file of the built-in theme.
    static func builtInContents(_ path: String) -> Data? {
        BuiltInTheme.files[path].map { Data($0.utf8) }
    }

    /// The text of a built-in theme file, for `galley init --theme`.
    public static var builtInFiles: [(path: String, text: String)] {
        BuiltInTheme.files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
