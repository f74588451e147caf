// swift-tools-version:5.4
// libFuzzer harnesses, run by hand (see README.md); not part of the main package or of CI.
//
// Tools version 5.4 on purpose: from 5.5 on, SwiftPM links every executable with `--defsym main=<Module>_main`
// (so tests can import executables), and a fuzz target has no such symbol: libFuzzer brings `main`.
// The Swift 6 language mode is still asked for below.
import PackageDescription

let package = Package(
    name: "ChatEngineFuzz",
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // The main package has no library products, so these are symlinks to its own sources
        // (Sources/SysConfig -> ../../Sources/SysConfig, Sources/CLibXML2, Sources/ChatJSON likewise).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(
            name: "SysConfig",
            dependencies: [
                "CLibXML2", "ChatJSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "ChatJSON"),
        .executableTarget(name: "FuzzPerlConfig", dependencies: ["SysConfig"]),
        .executableTarget(name: "FuzzDefinitionReader", dependencies: ["SysConfig", "CLibXML2"]),
        .executableTarget(
            name: "FuzzWebSocketFrame",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageVersions: [.version("6")]
)
