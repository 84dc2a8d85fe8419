import Foundation
@testable import GalleySite
import Testing
import _GalleyTestSupport

@Suite("Content inventory")
struct ContentInventoryTests {
    @Test("Regular files are listed sorted; hidden entries and symbolic links are left out")
    func listing() throws {
        let folder = try TemporaryFolder()
        try folder.write([
            "b.md": "", "a/c.md": "", "a/d/e.txt": "", ".hidden.md": "", ".git/config": "", "a/.DS_Store": "",
            "site.yml": "title: T\n",
        ])
        let fileManager = FileManager.default
        try fileManager.createSymbolicLink(atPath: folder.url.appending(path: "link.md").path, withDestinationPath: "b.md")
        try fileManager.createSymbolicLink(atPath: folder.url.appending(path: "linked").path, withDestinationPath: "a")
        #expect(ContentInventory.listFiles(under: folder.url).paths == ["a/c.md", "a/d/e.txt", "b.md", "site.yml"])
        let inventory = try ContentInventory.scan(folder.url, excluding: ["site.yml"])
        #expect(inventory.pages == ["a/c.md", "b.md"])
        #expect(inventory.files == ["a/d/e.txt"])
        #expect(ContentInventory.listFiles(under: folder.url.appending(path: "missing")).paths.isEmpty)
    }
}
