import Foundation
import Testing
import _GalleyTestSupport

@testable import GalleySite

/// The built-in theme is the repository's `templates/` folder, compiled into Galley. The
/// folder stays the source: this test fails when the two differ, and rewrites the generated
/// file when `GALLEY_WRITE_BUILT_IN_THEME=1` is set.
@Suite("The built-in theme")
struct BuiltInThemeTests {
    /// Where the generated Swift file lives.
    static let generatedFile = Repository.root.appending(path: "Sources/GalleySite/Templates/BuiltInTheme.swift")

    /// Every file of `templates/`, by path.
    private func templateFiles() throws -> [String: String] {
        var files: [String: String] = [:]
        let root = Repository.templates
        let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]))
        for case let url as URL in enumerator {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            guard !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            let data = try Data(contentsOf: url)
            let text = try #require(String(data: data, encoding: .utf8), "\(path) is not UTF-8: the built-in theme holds text files only")
            try #require(!text.contains("\r"), "\(path) has a carriage return: the built-in theme keeps LF line endings only")
            files[path] = text
        }
        return files
    }

    /// The Swift source that holds `files`, each as a raw multi-line string literal whose
    /// delimiter no line of the file can end early.
    static func source(of files: [String: String]) -> String {
        var source = """
            // Generated from the repository's templates/ folder by BuiltInThemeTests; do not edit.
            // After changing templates/, run: GALLEY_WRITE_BUILT_IN_THEME=1 swift test --filter BuiltInTheme

            /// The built-in theme: every file of the repository's `templates/` folder, by path.
            enum BuiltInTheme {
                static let files: [String: String] = [

            """
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            var hashes = "#"
            while text.contains("\"\"\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
            source += "        \(path.debugDescription): \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes),\n"
        }
        source += "    ]\n}\n"
        return source
    }

    @Test("It holds every file of templates/, byte for byte")
    func matchesTheFolder() throws {
        let files = try templateFiles()
        if ProcessInfo.processInfo.environment["GALLEY_WRITE_BUILT_IN_THEME"] == "1" {
            try Data(Self.source(of: files).utf8).write(to: Self.generatedFile, options: .atomic)
        }
        #expect(
            Set(BuiltInTheme.files.keys) == Set(files.keys),
            "templates/ and the built-in theme differ; run GALLEY_WRITE_BUILT_IN_THEME=1 swift test --filter BuiltInTheme"
        )
        for (path, text) in files {
            #expect(BuiltInTheme.files[path] == text, "\(path) differs from the built-in theme's; regenerate it as above")
        }
        let generated = try String(contentsOf: Self.generatedFile, encoding: .utf8)
        #expect(generated == Self.source(of: files), "BuiltInTheme.swift is not what the generator writes; regenerate it")
    }

    @Test("A literal's delimiter grows until no line of the file can close it early")
    func delimiters() {
        let tricky = "a \"\"\"# b \\#( c\n"
        let source = Self.source(of: ["t.mustache": tricky])
        #expect(source.contains("\"t.mustache\": ##\"\"\"\n" + tricky + "\n\"\"\"##,"))
    }
}
