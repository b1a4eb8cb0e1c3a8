// swift-tools-version:6.0
// Newswire: a news-ingestion pipeline of separate stage executables that talk
// over ZeroMQ through a durable broker. See README.md and docs/.
import PackageDescription
import Foundation

/// One settings array for every target of ours (Swift 6 language mode is the
/// tools-version default).
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// Development aid: `NEWSWIRE_TEST_ONLY=ParserCoreTests swift test` keeps only the
/// named test targets (comma-separated), so one part of the tree can be tested
/// while another is mid-edit. Unset (CI, `make test`), every target is built.
let testOnly = ProcessInfo.processInfo.environment["NEWSWIRE_TEST_ONLY"]
    .map { Set($0.split(separator: ",").map(String.init)) }

let package = Package(
    name: "Newswire",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "newswire-broker", targets: ["newswire-broker"]),
        .executable(name: "newswire-fetcher", targets: ["newswire-fetcher"]),
        .executable(name: "newswire-parser", targets: ["newswire-parser"]),
        .executable(name: "newswire-enricher", targets: ["newswire-enricher"]),
        .executable(name: "newswire-storage", targets: ["newswire-storage"]),
        .executable(name: "newswire", targets: ["newswire"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.70.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
    ],
    targets: [
        // C libraries, wrapped once each.
        .systemLibrary(
            name: "CZMQ", path: "Shared/CZMQ", pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Shared/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CLibXML2", path: "Shared/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),

        // Shared foundations.
        .target(name: "ZeroMQ", dependencies: ["CZMQ"], path: "Shared/ZeroMQ", swiftSettings: settings),
        .target(name: "Shared", path: "Shared/Shared", swiftSettings: settings),
        // Prometheus metrics (swift-metrics) and the /metrics + /health endpoint every service serves.
        .target(
            name: "Observability",
            dependencies: [
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/Observability", swiftSettings: settings),
        .target(
            name: "PipelineRuntime",
            dependencies: [
                "ZeroMQ", "Shared", "Observability",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/PipelineRuntime", swiftSettings: settings),

        // Broker.
        .target(
            name: "BrokerCore",
            dependencies: [
                "Shared", "Observability", "CZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Broker/BrokerCore", swiftSettings: settings),
        // The broker's ZeroMQ reactor and ZAP handler over the socket-free BrokerCore.
        .target(
            name: "BrokerServer",
            dependencies: [
                "BrokerCore", "ZeroMQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/Broker/BrokerServer", swiftSettings: settings),
        .executableTarget(
            name: "newswire-broker",
            dependencies: [
                "BrokerCore", "BrokerServer", "Observability",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/Broker/newswire-broker", swiftSettings: settings),

        // Fetcher.
        .target(
            name: "FetcherCore",
            dependencies: [
                "Shared", "CZlib", "CLibXML2",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Fetcher/FetcherCore", swiftSettings: settings),
        .executableTarget(
            name: "newswire-fetcher",
            dependencies: [
                "FetcherCore", "PipelineRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/Fetcher/newswire-fetcher", swiftSettings: settings),

        // Parser.
        .target(
            name: "ParserCore", dependencies: ["Shared", "CLibXML2"],
            path: "Services/Parser/ParserCore", swiftSettings: settings),
        .executableTarget(
            name: "newswire-parser",
            dependencies: [
                "ParserCore", "PipelineRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/Parser/newswire-parser", swiftSettings: settings),

        // Enricher.
        .target(
            name: "EnricherCore", dependencies: ["Shared"],
            path: "Services/Enricher/EnricherCore",
            resources: [.copy("Data")],
            swiftSettings: settings),
        .executableTarget(
            name: "newswire-enricher",
            dependencies: [
                "EnricherCore", "PipelineRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/Enricher/newswire-enricher", swiftSettings: settings),

        // Storage.
        .target(
            name: "StorageCore",
            dependencies: [
                "Shared", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Storage/StorageCore", swiftSettings: settings),
        .target(
            name: "StorageCommands",
            dependencies: ["StorageCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Services/Storage/StorageCommands", swiftSettings: settings),
        .executableTarget(
            name: "newswire-storage",
            dependencies: [
                "StorageCore", "StorageCommands", "PipelineRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/Storage/newswire-storage", swiftSettings: settings),

        // The web server: JSON API and web app over the archive, read-only.
        .target(
            name: "WebCore",
            dependencies: ["StorageCore", "Shared"],
            path: "Services/Web/WebCore",
            resources: [.copy("Public")],
            swiftSettings: settings),
        .target(
            name: "WebServer",
            dependencies: [
                "WebCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Web/WebServer", swiftSettings: settings),

        // The bundled sample news site, served on 127.0.0.1 for demos and tests.
        .target(
            name: "SampleSiteCore",
            dependencies: [
                "Shared",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Services/SampleSite/SampleSiteCore",
            resources: [.copy("Site")],
            swiftSettings: settings),

        // The command line.
        .executableTarget(
            name: "newswire",
            dependencies: [
                "PipelineRuntime", "Shared", "ZeroMQ", "StorageCore", "StorageCommands", "SampleSiteCore", "FetcherCore",
                "WebCore", "WebServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/CLI/newswire", swiftSettings: settings),

        // Tests: one target per library, plus end-to-end suites that start processes.
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"], path: "Tests/ZeroMQTests", swiftSettings: settings),
        .testTarget(name: "SharedTests", dependencies: ["Shared"], path: "Tests/SharedTests", swiftSettings: settings),
        .target(
            name: "TestSupport",
            dependencies: [
                "PipelineRuntime", "Shared",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/TestSupport", swiftSettings: settings),
        .testTarget(
            name: "ObservabilityTests",
            dependencies: [
                "Observability", "PipelineRuntime", "Shared", "TestSupport",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            path: "Tests/ObservabilityTests", swiftSettings: settings),
        .testTarget(
            name: "BrokerTests", dependencies: ["BrokerCore", "BrokerServer", "PipelineRuntime", "Shared", "ZeroMQ", "TestSupport"],
            path: "Tests/BrokerTests", swiftSettings: settings),
        .testTarget(
            name: "FetcherCoreTests",
            dependencies: ["FetcherCore", "SampleSiteCore", "Shared", "PipelineRuntime", "TestSupport"],
            path: "Tests/FetcherCoreTests", swiftSettings: settings),
        .testTarget(
            name: "ParserCoreTests", dependencies: ["ParserCore", "TestSupport"],
            path: "Tests/ParserCoreTests", resources: [.copy("Fixtures")], swiftSettings: settings),
        .testTarget(
            name: "EnricherCoreTests", dependencies: ["EnricherCore"],
            path: "Tests/EnricherCoreTests", swiftSettings: settings),
        .testTarget(
            name: "StorageCoreTests",
            dependencies: ["StorageCore", .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Tests/StorageCoreTests", swiftSettings: settings),
        .testTarget(
            name: "WebTests",
            dependencies: [
                "WebCore", "WebServer", "StorageCore", "Shared", "PipelineRuntime", "TestSupport", "SampleSiteCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/WebTests", swiftSettings: settings),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["Shared", "PipelineRuntime", "StorageCore", "ParserCore", "EnricherCore", "SampleSiteCore", "TestSupport"],
            path: "Tests/EndToEndTests", swiftSettings: settings),
    ]
)

if let testOnly {
    package.targets.removeAll { $0.type == .test && !testOnly.contains($0.name) }
}
