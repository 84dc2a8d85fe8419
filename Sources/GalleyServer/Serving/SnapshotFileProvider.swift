public import Foundation
public import Hummingbird

/// Hands Hummingbird's `FileMiddleware` the files of the snapshot pinned to the current
/// request (``SiteSnapshot/current``), so `Content-Type`, `index.html`, `HEAD`, ranges and
/// `ETag`/`If-None-Match` are all the middleware's own handling.
///
/// Nothing here touches the disk: a path is only ever a key into the snapshot, so no request
/// can reach a file outside the site, whatever `..`, percent-encoding or symbolic links it tries.
public struct SnapshotFileProvider: FileProvider {
    /// What the middleware knows of a file or folder.
    public struct FileAttributes: FileMiddlewareFileAttributes, Sendable {
        public var isFolder: Bool
        public var size: Int
        public var modificationDate: Date
    }

    /// A file or folder of the pinned snapshot.
    public struct FileIdentifier: Sendable {
        var file: SiteSnapshot.File?
        var attributes: FileAttributes
    }

    /// Creates a provider.
    public init() {}

    public func getFileIdentifier(_ path: String) -> FileIdentifier? {
        let snapshot = SiteSnapshot.current
        let key = Self.key(path)
        if let file = snapshot.files[key] {
            return FileIdentifier(
                file: file, attributes: FileAttributes(isFolder: false, size: file.bytes.readableBytes, modificationDate: file.modified)
            )
        }
        if snapshot.folders.contains(key.hasSuffix("/") ? String(key.dropLast()) : key) {
            return FileIdentifier(file: nil, attributes: FileAttributes(isFolder: true, size: 0, modificationDate: snapshot.publishedAt))
        }
        return nil
    }

    public func getAttributes(id: FileIdentifier) async throws -> FileAttributes? {
        id.attributes
    }

    public func loadFile(id: FileIdentifier, context: some RequestContext) async throws -> ResponseBody {
        guard let file = id.file else { throw HTTPError(.notFound) }
        return ResponseBody(byteBuffer: file.bytes)
    }

    public func loadFile(id: FileIdentifier, range: ClosedRange<Int>, context: some RequestContext) async throws -> ResponseBody {
        guard let file = id.file else { throw HTTPError(.notFound) }
        let lower = max(0, range.lowerBound)
        let upper = min(file.bytes.readableBytes - 1, range.upperBound)
        guard lower <= upper, let slice = file.bytes.getSlice(at: file.bytes.readerIndex + lower, length: upper - lower + 1) else {
            throw HTTPError(.rangeNotSatisfiable)
        }
        return ResponseBody(byteBuffer: slice)
    }

    /// The file `FileMiddleware` serves for a decoded request path: the file itself, or a
    /// folder's `index.html` when the path ends with a slash.
    static func servedFile(_ path: String, in snapshot: SiteSnapshot) -> SiteSnapshot.File? {
        let key = key(path)
        if key.isEmpty || key.hasSuffix("/") { return snapshot.files[key + "index.html"] }
        return snapshot.files[key]
    }

    /// The snapshot's key for a decoded request path: no leading slash, no empty components.
    static func key(_ path: String) -> String {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        let joined = components.joined(separator: "/")
        return path.hasSuffix("/") && !joined.isEmpty ? joined + "/" : joined
    }
}
