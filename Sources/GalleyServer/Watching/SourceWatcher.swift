public import Foundation
public import GalleySite
#if canImport(Glibc)
internal import Glibc
#endif

/// Watches the content and templates folders and reports what changed, as paths relative to
/// each folder, following folders as they are created and removed.
///
/// On Linux it uses inotify. It polls instead when asked to (`--poll`), or when inotify is
/// unavailable or out of watches, which happens in containers and on network mounts.
public struct SourceWatcher: Sendable {
    /// How changes are noticed.
    public enum Method: Sendable, Equatable {
        /// The kernel reports each change (inotify).
        case notify
        /// The folders are listed again every `interval`.
        case poll(interval: Duration)
    }

    /// Why inotify cannot be used.
    public struct NotifyUnavailable: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The folder of the Markdown.
    public var contentFolder: URL
    /// The site's own templates folder; `nil` when it has none (the built-in theme).
    public var templatesFolder: URL?

    /// Creates a watcher of both folders.
    public init(contentFolder: URL, templatesFolder: URL?) {
        self.contentFolder = contentFolder.standardizedFileURL
        self.templatesFolder = templatesFolder?.standardizedFileURL
    }

    /// The folders watched, each with whether it is the content folder.
    private var folders: [(url: URL, isContent: Bool)] {
        [(contentFolder, true)] + (templatesFolder.map { [($0, false)] } ?? [])
    }

    /// Watches until the task is cancelled, calling `deliver` with each batch of changes.
    ///
    /// - Throws: ``NotifyUnavailable`` when `method` is `.notify` and inotify cannot watch
    ///   these folders; the caller then polls.
    public func run(_ method: Method, deliver: @escaping @Sendable (PreviewSession.Changes) async -> Void) async throws {
        switch method {
        case .notify: try await watchWithNotify(deliver: deliver)
        case .poll(let interval): try await poll(every: interval, deliver: deliver)
        }
    }

    /// The changes a path inside one of the folders stands for; `nil` for a path outside
    /// them or one the site ignores (hidden files, editors' backups).
    func changes(forPath path: String) -> PreviewSession.Changes? {
        // Test the longer folder first: one may hold the other.
        let folders = self.folders.map { ($0.url.path, $0.isContent) }.sorted { $0.0.count > $1.0.count }
        for (folder, isContent) in folders where path == folder || path.hasPrefix(folder + "/") {
            let relative = path == folder ? "" : String(path.dropFirst(folder.count + 1))
            if relative.isEmpty { return .all }
            // Hidden files and folders are no part of the site (see ContentInventory), nor are editors' backups.
            let components = relative.split(separator: "/")
            if components.contains(where: { $0.hasPrefix(".") }) || relative.hasSuffix("~") { return nil }
            // Nor is a site Galley built inside the folder (`galley build` of a bare folder of
            // pages writes `_site/` there): its writes must not rebuild the preview.
            var enclosing = folder
            for component in components {
                enclosing += "/" + component
                if StagedOutput.isBuiltSite(folder: enclosing) { return nil }
            }
            var changes = PreviewSession.Changes()
            if isContent { changes.content.insert(relative) } else { changes.templates.insert(relative) }
            return changes
        }
        return nil
    }

    // MARK: Polling

    /// What a listing knows of one file: enough to see it change.
    private struct Stamp: Equatable {
        var modified: Date?
        var size: Int?
        var inode: Int?
    }

    private func poll(every interval: Duration, deliver: @escaping @Sendable (PreviewSession.Changes) async -> Void) async throws {
        var known = listing()
        while !Task.isCancelled {
            // Cancellation is how watching ends, not an error.
            guard (try? await Task.sleep(for: interval)) != nil else { return }
            let now = listing()
            var changes = PreviewSession.Changes()
            for (path, stamp) in now where known[path] != stamp {
                if let change = self.changes(forPath: path) { changes = changes.merging(change) }
            }
            for path in known.keys where now[path] == nil {
                if let change = self.changes(forPath: path) { changes = changes.merging(change) }
            }
            known = now
            if !changes.isEmpty { await deliver(changes) }
        }
    }

    /// Every file under both folders with its stamp.
    private func listing() -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        for folder in folders.map(\.url) {
            guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { continue }
            for case let relative as String in enumerator {
                let path = folder.path + "/" + relative
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                    attributes[.type] as? FileAttributeType == .typeRegular
                else { continue }
                stamps[path] = Stamp(
                    modified: attributes[.modificationDate] as? Date, size: (attributes[.size] as? NSNumber)?.intValue,
                    inode: (attributes[.systemFileNumber] as? NSNumber)?.intValue
                )
            }
        }
        return stamps
    }

    // MARK: inotify

    private func watchWithNotify(deliver: @escaping @Sendable (PreviewSession.Changes) async -> Void) async throws {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else {
            throw NotifyUnavailable(description: "inotify is unavailable (\(String(cString: strerror(errno))))")
        }
        var watches = InotifyWatches(descriptor: descriptor)
        do {
            for folder in Set(folders.map(\.url.path)) {
                try watches.addRecursively(folder)
                try watches.watchForReturn(of: folder)
            }
        } catch {
            close(descriptor)
            throw error
        }

        // The kernel's queue is read on a dispatch queue as soon as it is readable, and the
        // bytes are handed to this task, which owns the watch table.
        let (chunks, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: DispatchQueue(label: "galley.watcher"))
        source.setEventHandler {
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = read(descriptor, &buffer, buffer.count)
                guard count > 0 else { break }
                continuation.yield(Array(buffer[0..<count]))
            }
        }
        source.setCancelHandler { close(descriptor) }
        source.resume()
        defer { source.cancel() }

        await withTaskCancellationHandler {
            for await chunk in chunks {
                var changes = PreviewSession.Changes()
                for event in InotifyEvent.parse(chunk) {
                    changes = changes.merging(handle(event, watches: &watches))
                }
                if !changes.isEmpty { await deliver(changes) }
            }
        } onCancel: {
            continuation.finish()
        }
    }

    private func handle(_ event: InotifyEvent, watches: inout InotifyWatches) -> PreviewSession.Changes {
        if event.mask & UInt32(IN_Q_OVERFLOW) != 0 { return .all }
        if event.mask & UInt32(IN_IGNORED) != 0 {
            watches.remove(event.descriptor)
            return PreviewSession.Changes()
        }
        if let root = watches.returningRoot(event) {
            // The folder is back (`git checkout`, a sync tool): watch it anew, whatever it holds.
            do {
                try watches.rearm(root)
            } catch {
                return .all
            }
            return .all
        }
        guard let folder = watches.path(of: event.descriptor) else { return PreviewSession.Changes() }
        // A new file is reported when its writer closes it (IN_CLOSE_WRITE), not empty at its creation.
        if event.mask & UInt32(IN_CREATE) != 0, event.mask & UInt32(IN_ISDIR) == 0 { return PreviewSession.Changes() }
        let path = event.name.isEmpty ? folder : folder + "/" + event.name
        var changes = self.changes(forPath: path) ?? PreviewSession.Changes()
        if event.mask & UInt32(IN_ISDIR) != 0, event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
            // Files may land in a new folder before its watch exists: report what it holds now.
            do {
                try watches.addRecursively(path)
            } catch {
                return .all
            }
            for relative in (FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? [] {
                if let inner = self.changes(forPath: path + "/" + relative) { changes = changes.merging(inner) }
            }
        }
        return changes
    }
}

/// One event read from an inotify descriptor.
struct InotifyEvent {
    var descriptor: Int32
    var mask: UInt32
    var name: String

    /// The events in bytes read from the descriptor (the kernel returns whole events).
    static func parse(_ bytes: [UInt8]) -> [InotifyEvent] {
        var events: [InotifyEvent] = []
        var offset = 0
        let headerSize = MemoryLayout<inotify_event>.size
        bytes.withUnsafeBytes { raw in
            while offset + headerSize <= raw.count {
                let header = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                let nameBytes = raw[(offset + headerSize)..<min(raw.count, offset + headerSize + Int(header.len))]
                let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                events.append(InotifyEvent(descriptor: header.wd, mask: header.mask, name: name))
                offset += headerSize + Int(header.len)
            }
        }
        return events
    }
}

/// The folders an inotify descriptor watches, by watch descriptor.
struct InotifyWatches {
    let descriptor: Int32
    private var folders: [Int32: String] = [:]

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// A file counts as changed once its writer closes it (or it is renamed into place), never
    /// while it is being written, so a rebuild never reads half a file.
    static let mask = UInt32(IN_CLOSE_WRITE | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF)

    /// The roots by the name they have in their parent, by the parent's watch: a root that is
    /// removed takes its watches with it, and only its parent sees it come back.
    private var roots: [Int32: [String: String]] = [:]

    func path(of watch: Int32) -> String? {
        folders[watch]
    }

    mutating func remove(_ watch: Int32) {
        folders[watch] = nil
        roots[watch] = nil
    }

    /// Watches the parent of `root` for a folder of its name that is created or moved there.
    ///
    /// The parent's watch carries the same mask as the others: inotify keeps one mask per
    /// folder, and the parent may be a watched folder itself (templates beside their content).
    mutating func watchForReturn(of root: String) throws(SourceWatcher.NotifyUnavailable) {
        let url = URL(filePath: root)
        let parent = url.deletingLastPathComponent().path
        guard parent != root else { return }
        let watch = inotify_add_watch(descriptor, parent, Self.mask | UInt32(IN_ONLYDIR))
        guard watch >= 0 else {
            // A parent that cannot be watched only costs the recovery from a removed root.
            if errno == ENOSPC {
                throw SourceWatcher.NotifyUnavailable(description: "the system's inotify watch limit is reached (fs.inotify.max_user_watches)")
            }
            return
        }
        roots[watch, default: [:]][url.lastPathComponent] = root
    }

    /// The root that `event` says was created or moved into its parent, if it says so.
    func returningRoot(_ event: InotifyEvent) -> String? {
        guard event.mask & UInt32(IN_ISDIR) != 0, event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 else { return nil }
        return roots[event.descriptor]?[event.name]
    }

    /// Forgets every watch at or below `root` (a root moved away keeps its watches, under its
    /// old name) and watches the folder now there.
    mutating func rearm(_ root: String) throws(SourceWatcher.NotifyUnavailable) {
        for (watch, folder) in folders where folder == root || folder.hasPrefix(root + "/") {
            inotify_rm_watch(descriptor, watch)
            folders[watch] = nil
        }
        try addRecursively(root)
    }

    /// Watches `folder` and every folder below it, hidden ones excepted.
    mutating func addRecursively(_ folder: String) throws(SourceWatcher.NotifyUnavailable) {
        let watch = inotify_add_watch(descriptor, folder, Self.mask | UInt32(IN_ONLYDIR))
        guard watch >= 0 else {
            let reason = errno == ENOSPC
                ? "the system's inotify watch limit is reached (fs.inotify.max_user_watches)"
                : String(cString: strerror(errno))
            if errno == ENOENT || errno == ENOTDIR { return }  // gone already; its parent reports it
            throw SourceWatcher.NotifyUnavailable(description: "cannot watch `\(folder)`: \(reason)")
        }
        folders[watch] = folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where !name.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            let path = folder + "/" + name
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue, !StagedOutput.isBuiltSite(folder: path) {
                try addRecursively(path)
            }
        }
    }
}
