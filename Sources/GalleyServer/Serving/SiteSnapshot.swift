public import Foundation
public import NIOCore

/// One complete build of the site, as served: every request is answered from a single
/// snapshot, so a page never mixes two builds and nothing half-written is ever seen.
public struct SiteSnapshot: Sendable {
    /// A file of the site.
    public struct File: Sendable {
        /// The file's bytes, ready to send.
        public var bytes: ByteBuffer
        /// When these bytes were first published; with the size it makes the file's `ETag`.
        public var modified: Date
    }

    /// Files by their path below the site root, without a leading slash (`guide/index.html`).
    public private(set) var files: [String: File] = [:]
    /// Folders that hold files (`guide`, `guide/callbacks`), so `/guide` redirects to `/guide/`.
    public private(set) var folders: Set<String> = [""]
    /// When this snapshot was published.
    public private(set) var publishedAt: Date

    /// An empty site.
    public init(publishedAt: Date = .distantPast) {
        self.publishedAt = publishedAt
    }

    /// A snapshot of `files` that keeps the date, and so the `ETag`, of every file whose bytes
    /// did not change since `previous`.
    ///
    /// - Parameter changed: The paths whose bytes changed, when the caller knows them; `nil`
    ///   compares every file with `previous`.
    public init(files contents: [String: Data], changed: Set<String>? = nil, previous: SiteSnapshot, publishedAt: Date) {
        self.publishedAt = publishedAt
        for (path, data) in contents {
            let unchanged = changed.map { !$0.contains(path) } ?? (previous.files[path].map { Data($0.bytes.readableBytesView) == data } ?? false)
            if let old = previous.files[path], unchanged {
                files[path] = old
            } else {
                files[path] = File(bytes: ByteBuffer(bytes: data), modified: publishedAt)
            }
            var components = path.split(separator: "/").dropLast()
            while !components.isEmpty {
                folders.insert(components.joined(separator: "/"))
                components.removeLast()
            }
        }
    }

    /// The snapshot that answers the request being handled.
    @TaskLocal static var current = SiteSnapshot()
}
