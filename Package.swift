// swift-tools-version: 6.1
import PackageDescription

/// Visibility is explicit everywhere: re-exported imports say `public import`.
let upcomingFeatures: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Galley",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "galley", targets: ["galley"]),
        .library(name: "GalleySite", targets: ["GalleySite"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(
            name: "GalleyMarkdown",
            dependencies: [
                "CCmark",
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "GalleySnippets",
            dependencies: [
                "GalleyMarkdown",
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "GalleySite",
            dependencies: [
                "GalleyMarkdown",
                "GalleySnippets",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "GalleyServer",
            dependencies: [
                "GalleySite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .executableTarget(
            name: "galley",
            dependencies: [
                "GalleyMarkdown",
                "GalleySite",
                "GalleySnippets",
                "GalleyServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .executableTarget(
            name: "galley-bench",
            dependencies: ["GalleySite", "_GalleyTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "_GalleyTestSupport",
            dependencies: ["GalleyMarkdown", "GalleySnippets"],
            path: "Tests/_GalleyTestSupport",
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "GalleyMarkdownTests",
            dependencies: [
                "GalleyMarkdown", "_GalleyTestSupport",
                // The reference the highlighter's own classifier is checked against.
                .product(name: "SwiftIDEUtils", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftSyntax", package: "swift-syntax"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "GalleySnippetsTests",
            dependencies: ["GalleySnippets", "GalleyMarkdown", "_GalleyTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "GalleySiteTests",
            dependencies: ["GalleySite", "GalleyMarkdown", "_GalleyTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "GalleyServerTests",
            dependencies: [
                "GalleyServer", "GalleySite", "_GalleyTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "GalleyEndToEndTests",
            dependencies: ["galley", "_GalleyTestSupport"],
            swiftSettings: upcomingFeatures
        ),
    ],
    swiftLanguageModes: [.v6]
)
