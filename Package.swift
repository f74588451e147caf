// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "ChatEngine",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "chatengine", targets: ["chatengine"]),
        .executable(name: "sysconfig-bench", targets: ["SysConfigBench"]),
        .executable(name: "chatstore-bench", targets: ["ChatStoreBench"]),
        .executable(name: "directory-bench", targets: ["DirectoryBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // property-based tests of the configuration readers and the WebSocket frame decoder
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        // the GenericInterface client (Znuny, OTRS, OTOBO): HTTP with a deadline on every call
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // TLS for the SMTP client (STARTTLS and SMTPS)
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // libxml2 from Debian's libxml2-dev; the shim header keeps its ICU away from Foundation's.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "SysConfig",
            dependencies: [
                "CLibXML2", "ChatJSON", "ChatCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(name: "ChatCore", swiftSettings: strict),
        // crypt(3) from Debian's libcrypt-dev: the DES and MD5 crypt hashes the ticket system's passwords use
        .systemLibrary(name: "CCrypt", providers: [.apt(["libcrypt-dev"])]),
        // MariaDB Connector/C from Debian's libmariadb-dev (no Swift MySQL driver in our mirror): the ticket
        // system's MySQL/MariaDB database, driven by MariaDBClient off the event loops.
        .systemLibrary(name: "CMariaDB", pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"])]),
        .target(name: "MariaDBClient", dependencies: ["CMariaDB"], swiftSettings: strict),
        // Pango + Cairo from Debian's libpango1.0-dev and libcairo2-dev: text layout and PDF for transcripts.
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]),
        // A transcript as PDF (fonts from Debian's fonts-noto-*): pure rendering, no store, no engine.
        .target(name: "TranscriptPDF", dependencies: ["ChatCore", "CPangoCairo"], swiftSettings: strict),
        // The ticket system's people (Znuny, OTRS, OTOBO), read-only from its database: configuration, table
        // layouts, password hashes as the ticket system verifies them.
        .target(
            name: "TicketSystemPeople",
            dependencies: [
                "ChatCore", "ChatStore", "CCrypt", "SysConfig", "MariaDBClient",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // A REST client for the ticket system's GenericTicketConnectorREST web service (no engine, no store).
        .target(
            name: "GenericInterface",
            dependencies: [
                "ChatCore", "ChatJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Mail out: MIME rendering and the transports (SMTP on SwiftNIO with NIOSSL, sendmail, none); no engine.
        .target(
            name: "Mail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // JSON (RFC 8259): one value type, one strict reader, one writer, for the web, the store and the config
        .target(name: "ChatJSON", swiftSettings: strict),
        .target(
            name: "ChatStore",
            dependencies: [
                "ChatCore", "ChatJSON",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ChatEngine",
            dependencies: [
                "ChatCore", "ChatStore", "ChatJSON", "SysConfig", "TicketSystemPeople", "TranscriptPDF", "GenericInterface", "Mail",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // the rooms still waiting for their features say what goes in them
            exclude: ["Tickets/README.md", "Transcripts/README.md", "Outbox/README.md", "Distribution/README.md",
                      "Connectors/README.md"],
            swiftSettings: strict
        ),
        // The web layer reaches the store only through the engine: it does not depend on ChatStore.
        .target(
            name: "ChatWeb",
            dependencies: [
                "ChatEngine", "ChatCore", "ChatJSON", "SysConfig",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "chatengine",
            dependencies: [
                "ChatWeb", "ChatEngine", "ChatStore", "ChatCore", "SysConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "SysConfigBench",
            dependencies: ["SysConfig"],
            path: "bench/SysConfigBench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "DirectoryBench",
            dependencies: ["ChatEngine", "ChatStore", "ChatCore", "SysConfig", "TicketSystemPeople"],
            path: "bench/DirectoryBench",
            swiftSettings: strict
        ),
        .executableTarget(name: "PDFBench", dependencies: ["TranscriptPDF", "ChatCore"], path: "bench/PDFBench", swiftSettings: strict),
        .executableTarget(name: "JSONBench", dependencies: ["ChatJSON"], path: "bench/JSONBench", swiftSettings: strict),
        .executableTarget(
            name: "ChatStoreBench",
            dependencies: ["ChatEngine", "ChatStore", "ChatCore", "SysConfig"],
            path: "bench/ChatStoreBench",
            swiftSettings: strict
        ),
        .testTarget(
            name: "SysConfigTests",
            dependencies: ["SysConfig", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict
        ),
        .testTarget(name: "ChatCoreTests", dependencies: ["ChatCore"], swiftSettings: strict),
        // A local stand-in for Znuny 7's GenericTicketConnectorREST that replays the captured exchanges
        // (../shared/fixtures) and refuses request shapes never captured: for the client's and the engine's tests.
        .target(
            name: "GenericInterfaceStandIn",
            dependencies: [
                "GenericInterface", "ChatCore", "ChatJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/GenericInterfaceStandIn",
            // the live captures of our own and the script that made them (read from the source tree)
            exclude: ["captures"],
            swiftSettings: strict
        ),
        // The stand-in as a process (127.0.0.1, its port and GET /__recorded printed when ready), for the browser
        // journeys on the GenericInterface backend (Tests/e2e/harness/gi_standin.py).
        .executableTarget(
            name: "gi-stand-in-server",
            dependencies: [
                "GenericInterfaceStandIn", "ChatJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/GIStandInServer",
            swiftSettings: strict
        ),
        // the client against the stand-in
        .testTarget(
            name: "GenericInterfaceTests",
            dependencies: [
                "GenericInterface", "GenericInterfaceStandIn", "ChatCore", "ChatJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // MIME and the transports against a real SMTP server (aiosmtpd, Tests/mail/smtp_sink.py)
        .testTarget(
            name: "MailTests",
            dependencies: ["Mail", "ChatTestSupport", .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: strict
        ),
        .testTarget(name: "TranscriptPDFTests", dependencies: ["TranscriptPDF", "ChatCore"], swiftSettings: strict),
        .testTarget(name: "TicketSystemPeopleTests", dependencies: ["TicketSystemPeople", "ChatCore", "SysConfig", "MariaDBClient"],
            swiftSettings: strict),
        .testTarget(
            name: "ChatJSONTests",
            dependencies: ["ChatJSON", .product(name: "PropertyBased", package: "swift-property-based")],
            // JSONTestSuite's parsing cases (MIT), kept here since CI cannot fetch them
            resources: [.copy("JSONTestSuite")],
            swiftSettings: strict
        ),
        // Fresh stores on SQLite and PostgreSQL for the store and engine tests.
        .target(name: "ChatTestSupport", dependencies: ["ChatStore", "Mail"], path: "Tests/ChatTestSupport", swiftSettings: strict),
        // the golden payload files are read from the source tree (#filePath), not bundled
        .testTarget(name: "ChatStoreTests", dependencies: ["ChatStore", "ChatCore", "ChatJSON", "ChatTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "ChatEngineTests",
            dependencies: ["ChatEngine", "ChatStore", "ChatCore", "ChatJSON", "SysConfig", "ChatTestSupport", "TicketSystemPeople",
                "MariaDBClient", "GenericInterface", "GenericInterfaceStandIn", "Mail", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            swiftSettings: strict
        ),
        // Runs the built `chatengine` binary; the test command builds it first.
        .testTarget(name: "CommandLineTests", swiftSettings: strict),
        .testTarget(
            name: "ChatWebTests",
            dependencies: [
                "ChatWeb", "SysConfig", "ChatEngine", "ChatStore", "ChatCore", "ChatJSON", "ChatTestSupport", "MariaDBClient",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
    ]
)
