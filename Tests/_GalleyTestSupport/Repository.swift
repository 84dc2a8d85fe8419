public import Foundation

/// Paths inside this repository, for tests that use the real templates and content.
public enum Repository {
    /// The repository's root folder.
    public static let root: URL = URL(filePath: #filePath)
        .deletingLastPathComponent()  // _GalleyTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The default theme.
    public static var templates: URL { root.appending(path: "templates") }

    /// The guide.
    public static var content: URL { root.appending(path: "content") }

    /// The built `galley` executable, next to the test bundle in the build folder.
    public static var galleyExecutable: URL {
        var folder = URL(filePath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On macOS the test bundle is a folder: climb out of `X.xctest/Contents/MacOS`.
        while folder.path.contains(".xctest") { folder = folder.deletingLastPathComponent() }
        return folder.appending(path: "galley")
    }
}
