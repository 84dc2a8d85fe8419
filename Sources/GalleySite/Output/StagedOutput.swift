public import Foundation

/// An output folder written beside its destination and swapped in only when complete, so
/// a failed build never leaves a half-written site.
public struct StagedOutput: Sendable {
    /// The folder the site ends up in.
    public let destination: URL
    /// The folder being written.
    public let staging: URL

    /// Creates an empty staging folder next to `destination`.
    public init(destination: URL) throws(Diagnostic) {
        let destination = destination.standardizedFileURL
        self.destination = destination
        let parent = destination.deletingLastPathComponent()
        self.staging = parent.appending(path: ".\(destination.lastPathComponent).galley-staging")
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: staging.path) {
                try FileManager.default.removeItem(at: staging)
            }
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw .error(at: nil, "cannot create `\(staging.path)`: \(error.localizedDescription); check that the output's folder is writable")
        }
    }

    /// Creates the folders that will hold `relativePaths`, once, before files are written in parallel.
    public func prepareFolders(for relativePaths: some Sequence<String>) throws(Diagnostic) {
        var folders = Set<String>()
        for path in relativePaths {
            var components = path.split(separator: "/")
            components.removeLast()
            if !components.isEmpty { folders.insert(components.joined(separator: "/")) }
        }
        for folder in folders.sorted() {
            do {
                try FileManager.default.createDirectory(at: staging.appending(path: folder), withIntermediateDirectories: true)
            } catch {
                throw .error(at: nil, "cannot create `\(folder)` in the output: \(error.localizedDescription)")
            }
        }
    }

    /// Writes a file (its folder must exist; see ``prepareFolders(for:)``).
    public func write(_ text: String, to relativePath: String) throws(Diagnostic) {
        do {
            try Data(text.utf8).write(to: staging.appending(path: relativePath))
        } catch {
            throw .error(at: nil, "cannot write `\(relativePath)`: \(error.localizedDescription)")
        }
    }

    /// Copies a file into the output.
    public func copy(_ source: URL, to relativePath: String) throws(Diagnostic) {
        let target = staging.appending(path: relativePath)
        do {
            if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
            try FileManager.default.copyItem(at: source, to: target)
        } catch {
            throw .error(at: nil, "cannot copy `\(source.path)` to `\(relativePath)`: \(error.localizedDescription)")
        }
    }

    /// Replaces the destination with the staged folder.
    ///
    /// The old site is moved aside first and removed after the new one is in place, so the
    /// destination always holds one complete site.
    public func commit() throws(Diagnostic) {
        let fileManager = FileManager.default
        let old = destination.deletingLastPathComponent().appending(path: ".\(destination.lastPathComponent).galley-old")
        do {
            if fileManager.fileExists(atPath: old.path) { try fileManager.removeItem(at: old) }
            if fileManager.fileExists(atPath: destination.path) { try fileManager.moveItem(at: destination, to: old) }
            try fileManager.moveItem(at: staging, to: destination)
            if fileManager.fileExists(atPath: old.path) { try fileManager.removeItem(at: old) }
        } catch {
            throw .error(at: nil, "cannot move the new site into `\(destination.path)`: \(error.localizedDescription)")
        }
    }

    /// Removes the staging folder after a failed build.
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
