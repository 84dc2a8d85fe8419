public import Foundation

/// A folder under the system's temporary directory, removed when the test is done with it.
public final class TemporaryFolder: Sendable {
    /// The folder.
    public let url: URL

    /// Creates an empty folder with a unique name.
    public init() throws {
        url = FileManager.default.temporaryDirectory.appending(path: "galley-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A folder holding `files` and a copy of the repository's `templates/`: a site ready to build.
    public static func site(_ files: [String: String]) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write(files)
        try FileManager.default.copyItem(at: Repository.templates, to: folder.url.appending(path: "templates"))
        return folder
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes files given as relative path → text, creating folders as needed.
    public func write(_ files: [String: String]) throws {
        for (path, text) in files {
            let file = url.appending(path: path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
    }

    /// The text of a file below the folder.
    public func read(_ path: String) throws -> String {
        try String(contentsOf: url.appending(path: path), encoding: .utf8)
    }

    /// Whether a file or folder exists below the folder.
    public func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: url.appending(path: path).path)
    }

    /// Every regular file below `path`, relative to it, sorted, hidden ones included.
    public func files(under path: String) -> [String] {
        let root = url.appending(path: path).standardizedFileURL
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: [String] = []
        for case let file as URL in enumerator where (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            files.append(String(file.standardizedFileURL.path.dropFirst(root.path.count + 1)))
        }
        return files.sorted()
    }
}
