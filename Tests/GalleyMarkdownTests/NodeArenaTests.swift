import CCmark
@testable import GalleyMarkdown
import Testing

/// The arena behind cmark's allocations, driven through the same `cmark_mem` functions cmark
/// calls.
@Suite("Node arena")
struct NodeArenaTests {
    let memory = NodeArena.allocator.pointee

    func bytes(_ block: UnsafeMutableRawPointer, _ count: Int) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: block, count: count))
    }

    @Test("Blocks are zero, aligned and apart; realloc keeps contents when growing in place or moving")
    func allocation() throws {
        let arena = NodeArena()
        try arena.serving {
            var blocks: [UnsafeMutableRawPointer] = []
            for size in [1, 7, 16, 100, 3000] {
                let block = try #require(memory.calloc(1, size))
                #expect(Int(bitPattern: block) % 16 == 0)
                #expect(bytes(block, size).allSatisfy { $0 == 0 })
                block.initializeMemory(as: UInt8.self, repeating: UInt8(size % 251), count: size)
                blocks.append(block)
            }
            // The newest block grows where it is; its contents stay and the new bytes follow.
            let newest = blocks[4]
            let grown = try #require(memory.realloc(newest, 6000))
            #expect(grown == newest)
            #expect(bytes(grown, 3000).allSatisfy { $0 == UInt8(3000 % 251) })
            // An older block moves, with its contents.
            let moved = try #require(memory.realloc(blocks[3], 500))
            #expect(moved != blocks[3])
            #expect(bytes(moved, 100).allSatisfy { $0 == 100 })
            // The blocks before it were not touched.
            for (block, size) in zip(blocks.prefix(3), [1, 7, 16]) {
                #expect(bytes(block, size).allSatisfy { $0 == UInt8(size % 251) })
            }
        }
    }

    @Test("A block shrunk and grown again leaves the next block zero")
    func shrinkThenGrow() throws {
        let arena = NodeArena()
        try arena.serving {
            let block = try #require(memory.calloc(1, 200))
            block.initializeMemory(as: UInt8.self, repeating: 0xAB, count: 200)
            let shrunk = try #require(memory.realloc(block, 8))
            #expect(shrunk == block)
            let regrown = try #require(memory.realloc(shrunk, 64))
            #expect(regrown == block)
            let next = try #require(memory.calloc(1, 256))
            #expect(bytes(next, 256).allSatisfy { $0 == 0 })
        }
    }

    @Test("Large blocks get chunks of their own; the current chunk stays in use")
    func largeBlocks() throws {
        let arena = NodeArena()
        try arena.serving {
            let small = try #require(memory.calloc(1, 32))
            let large = try #require(memory.calloc(1, 200_000))
            #expect(bytes(large, 200_000).allSatisfy { $0 == 0 })
            let after = try #require(memory.calloc(1, 32))
            #expect(after - small == 48, "the next small block follows the first in the same chunk")
            large.storeBytes(of: 42, toByteOffset: 199_999, as: UInt8.self)
            let larger = try #require(memory.realloc(large, 400_000))
            #expect(larger.load(fromByteOffset: 199_999, as: UInt8.self) == 42)
        }
    }

    @Test("Without an arena, blocks come from the C library and go back to it, wherever they are freed")
    func systemBlocks() throws {
        let block = try #require(memory.calloc(4, 8))
        #expect(bytes(block, 32).allSatisfy { $0 == 0 })
        block.storeBytes(of: 7, as: UInt64.self)
        let arena = NodeArena()
        // realloc and free follow the block's own label, not the arena current at the time.
        let grown = try #require(arena.serving { memory.realloc(block, 4096) })
        #expect(grown.load(as: UInt64.self) == 7)
        arena.serving { memory.free(grown) }
    }

    @Test("Documents on many tasks at once parse, transform and render through their own arenas")
    func concurrentDocuments() async {
        let source = (1...40).map { "## Part \($0)\n\nSee [next](p\($0).md) and `code`.\n\n```swift\nlet x = \($0)\n```\n" }.joined(separator: "\n")
        let pages = await withTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let document = MarkdownDocument(parsing: source, path: "p.md")
                    var slugger = HeadingSlugger()
                    _ = document.anchorHeadings(using: &slugger)
                    document.rewriteLinks { $0.destination + "#moved" }
                    document.replaceCodeBlocks { "<pre>\($0.code.count)</pre>\n" }
                    return document.renderHTML()
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(pages).count == 1)
        let html = pages[0]
        #expect(html.contains(#"<h2 id="part-40">"#))
        #expect(html.contains(#"<a href="p7.md#moved">next</a>"#))
        #expect(html.contains("<pre>10</pre>"))
    }
}
