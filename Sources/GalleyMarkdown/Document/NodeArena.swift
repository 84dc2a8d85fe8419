internal import CCmark
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The memory of one document's syntax tree, handed to cmark as its allocator and released
/// all at once when the document is.
///
/// cmark allocates every node, every literal and every buffer of a page one by one, and frees
/// them one by one when the tree goes: on a large site that was a twelfth of the build's time,
/// spent in `malloc` and `free`. Through cmark's own allocator interface (`cmark_mem`) a
/// document's blocks come out of a few large chunks instead, and freeing a block costs nothing.
///
/// cmark's allocator functions take no context, so `calloc` finds the arena through a
/// thread-local set by ``MarkdownDocument`` around each of its calls into cmark; every block
/// also records the arena it belongs to, so `realloc` and `free` never need that lookup. A block
/// asked for when no arena is set comes from the C library and is freed there, so a call into
/// cmark that is not wrapped is slower, never wrong.
///
/// The allocator functions reach the arena's state through a plain pointer rather than the
/// object, so the millions of calls of a large build do no reference counting.
final class NodeArena {
    /// The allocator to give cmark: its functions use the arena current on the calling thread.
    static var allocator: UnsafeMutablePointer<cmark_mem> { arenaAllocator }

    /// The arena's chunks and where the next block goes; owned by the arena, which frees it.
    fileprivate let state: UnsafeMutablePointer<ArenaState>

    /// Bytes before each block: its size and its arena's state (null for a block from the C
    /// library). Sixteen keeps blocks aligned for any C type.
    fileprivate static let headerSize = 16

    init() {
        state = .allocate(capacity: 1)
        state.initialize(to: ArenaState())
    }

    deinit {
        for chunk in state.pointee.chunks { free(chunk) }
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Runs `body` with this arena serving cmark's allocations on the current thread.
    func serving<Result>(_ body: () throws -> Result) rethrows -> Result {
        let previous = pthread_getspecific(arenaKey)
        pthread_setspecific(arenaKey, UnsafeRawPointer(state))
        defer { pthread_setspecific(arenaKey, previous) }
        return try body()
    }

    fileprivate static func label(_ start: UnsafeMutableRawPointer, size: Int, arena: UnsafeMutablePointer<ArenaState>?) -> UnsafeMutableRawPointer {
        start.storeBytes(of: size, as: Int.self)
        start.storeBytes(of: arena.map(UnsafeMutableRawPointer.init), toByteOffset: 8, as: UnsafeMutableRawPointer?.self)
        return start + headerSize
    }

    fileprivate static func owner(of block: UnsafeMutableRawPointer) -> UnsafeMutablePointer<ArenaState>? {
        (block - headerSize).load(fromByteOffset: 8, as: UnsafeMutableRawPointer?.self)?.assumingMemoryBound(to: ArenaState.self)
    }
}

/// What an arena knows: its chunks, and where in the newest chunk the next block goes.
fileprivate struct ArenaState {
    var chunks: [UnsafeMutableRawPointer] = []
    var next: UnsafeMutableRawPointer?
    var remaining = 0
    /// The most recent block, which `realloc` can grow in place while nothing follows it.
    var lastBlock: UnsafeMutableRawPointer?

    /// Chunks are this large unless one block needs more.
    static let chunkSize = 64 * 1024

    /// A zero-filled block of `size` bytes, labelled with `me`, the pointer to this state.
    /// Chunks come from `calloc` and no byte of a chunk is handed out twice, so the block is
    /// zero already.
    mutating func allocate(_ size: Int, me: UnsafeMutablePointer<ArenaState>) -> UnsafeMutableRawPointer {
        let total = Self.footprint(size)
        if total > remaining {
            if total > Self.chunkSize / 4 {
                // A large block gets a chunk of its own, and the current chunk stays in use.
                let chunk = Self.newChunk(total)
                chunks.append(chunk)
                lastBlock = nil
                return NodeArena.label(chunk, size: size, arena: me)
            }
            let chunk = Self.newChunk(Self.chunkSize)
            chunks.append(chunk)
            next = chunk
            remaining = Self.chunkSize
        }
        guard let block = next else { fatalError("a node arena has no chunk after making one") }
        next = block + total
        remaining -= total
        lastBlock = block
        return NodeArena.label(block, size: size, arena: me)
    }

    /// `block` resized to `size` bytes, its contents kept.
    mutating func resize(_ block: UnsafeMutableRawPointer, to size: Int, me: UnsafeMutablePointer<ArenaState>) -> UnsafeMutableRawPointer {
        let start = block - NodeArena.headerSize
        let oldSize = start.load(as: Int.self)
        if size <= oldSize {
            // Shrinking keeps the block where it is; its spare bytes are simply not reused.
            start.storeBytes(of: size, as: Int.self)
            return block
        }
        if start == lastBlock, let next {
            // The newest block grows in place: into space it already spans, then into the
            // untouched rest of its chunk. `next` only moves forward, so every byte past it is
            // still zero for the blocks after this one.
            let chunkEnd = next + remaining
            let grownEnd = start + Self.footprint(size)
            if grownEnd <= chunkEnd {
                if grownEnd > next {
                    self.next = grownEnd
                    remaining = chunkEnd - grownEnd
                }
                start.storeBytes(of: size, as: Int.self)
                return block
            }
        }
        let moved = allocate(size, me: me)
        moved.copyMemory(from: block, byteCount: oldSize)
        return moved
    }

    /// The bytes a block of `size` takes in a chunk: header, block and padding to 16.
    private static func footprint(_ size: Int) -> Int {
        (NodeArena.headerSize + size + 15) & ~15
    }

    private static func newChunk(_ bytes: Int) -> UnsafeMutableRawPointer {
        // cmark's own allocator gives up the same way when memory runs out.
        guard let chunk = calloc(1, bytes) else { fatalError("out of memory: cannot allocate \(bytes) bytes for a Markdown document") }
        return chunk
    }
}

/// The key of the thread-local that names the arena serving cmark on a thread.
private let arenaKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()

/// A block from the C library, labelled like an arena block but with no arena.
private func systemBlock(_ size: Int) -> UnsafeMutableRawPointer {
    guard let start = calloc(1, NodeArena.headerSize + size) else {
        fatalError("out of memory: cannot allocate \(size) bytes for a Markdown document")
    }
    return NodeArena.label(start, size: size, arena: nil)
}

private func allocateBlock(_ size: Int) -> UnsafeMutableRawPointer {
    guard let arena = pthread_getspecific(arenaKey)?.assumingMemoryBound(to: ArenaState.self) else { return systemBlock(size) }
    return arena.pointee.allocate(size, me: arena)
}

/// cmark's view of the arenas. Written once, when first used, and only read after that, by
/// any number of threads: each call finds its arena through the calling thread's own key.
nonisolated(unsafe) private let arenaAllocator: UnsafeMutablePointer<cmark_mem> = {
    let allocator = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
    allocator.initialize(
        to: cmark_mem(
            calloc: { count, size in
                let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
                guard !overflow else { fatalError("cmark asked for \(count) blocks of \(size) bytes") }
                return allocateBlock(Int(bytes))
            },
            realloc: { block, size in
                guard let block else { return allocateBlock(Int(size)) }
                if let arena = NodeArena.owner(of: block) { return arena.pointee.resize(block, to: Int(size), me: arena) }
                guard let start = realloc(block - NodeArena.headerSize, NodeArena.headerSize + Int(size)) else {
                    fatalError("out of memory: cannot allocate \(size) bytes for a Markdown document")
                }
                return NodeArena.label(start, size: Int(size), arena: nil)
            },
            free: { block in
                guard let block, NodeArena.owner(of: block) == nil else { return }
                free(block - NodeArena.headerSize)
            }
        )
    )
    return allocator
}()
