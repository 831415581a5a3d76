// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "aeupgrade",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "aeupgrade", targets: ["aeupgrade"]),
        .executable(name: "aeupgrade-sim", targets: ["aeupgrade-sim"]),
        .executable(name: "aeupgrade-bench", targets: ["aeupgrade-bench"]),
        .executable(name: "aeupgrade-node", targets: ["aeupgrade-node"]),
        .library(name: "UpgradePlan", targets: ["UpgradePlan"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // Pure planning: topology, policy, planner, validator, renderers. No I/O but reading a given file.
        .target(
            name: "UpgradePlan",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // The node contract's wire types (spec/node-api.yaml), shared by the client, the simulator and nodes.
        .target(name: "NodeContract"),
        // Typed wrappers over libcurl's variadic C API.
        .target(
            name: "CCurl",
            linkerSettings: [.linkedLibrary("curl")]
        ),
        // Effects: node client over libcurl, executor, journal, lock, resume, rollback.
        .target(
            name: "UpgradeOrchestrator",
            dependencies: [
                "UpgradePlan", "NodeContract", "CCurl",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        // HTTP server pieces of the node contract shared by the simulator and aeupgrade-node (replies, auth, keys).
        .target(
            name: "NodeServerKit",
            dependencies: [
                "NodeContract",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A real node endpoint: serves the node contract on an AE server through the ServiceManager and AE REST API.
        .target(
            name: "NodeAgent",
            dependencies: [
                "NodeContract", "NodeServerKit", "CCurl",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "aeupgrade-node",
            dependencies: [
                "NodeAgent", "NodeServerKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A simulated AE farm behind the node contract.
        .target(
            name: "FarmSimulator",
            dependencies: [
                "UpgradePlan", "NodeContract", "NodeServerKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The PostgreSQL state backend (journal, lease, approvals) over postgres-nio: `--state postgres://…`.
        .target(
            name: "StatePostgres",
            dependencies: [
                "UpgradeOrchestrator",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "aeupgrade",
            dependencies: [
                "UpgradePlan", "UpgradeOrchestrator", "StatePostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "aeupgrade-sim",
            dependencies: [
                "FarmSimulator", "NodeServerKit", "UpgradePlan",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "aeupgrade-bench",
            dependencies: [
                "UpgradePlan", "UpgradeOrchestrator", "NodeContract", "StatePostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/aeupgrade-bench"
        ),
        .testTarget(
            name: "UpgradePlanTests",
            dependencies: [
                "UpgradePlan",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Golden")]
        ),
        .testTarget(
            name: "FarmSimulatorTests",
            dependencies: [
                "FarmSimulator", "NodeContract", "UpgradePlan", "NodeTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "UpgradeOrchestratorTests",
            dependencies: [
                "UpgradeOrchestrator", "FarmSimulator", "UpgradePlan", "NodeContract", "aeupgrade", "StatePostgres",
                "TestScratch",
            ]
        ),
        // Scratch directories for tests, removed when the test process exits.
        .target(name: "TestScratch", path: "Tests/TestScratch"),
        // Fakes of an AE server for tests: fake ucybsmcl, fake AE REST health, aeupgrade-node in-process, HTTP client.
        .target(
            name: "NodeTestSupport",
            dependencies: [
                "NodeAgent", "NodeContract", "NodeServerKit", "TestScratch",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/NodeTestSupport"
        ),
        .testTarget(
            name: "NodeAgentTests",
            dependencies: ["NodeAgent", "NodeContract", "NodeTestSupport", "TestScratch", "aeupgrade-node"]
        ),
        // One contract suite run against both servers: the simulator and aeupgrade-node.
        .testTarget(
            name: "NodeContractTests",
            dependencies: ["NodeTestSupport", "NodeAgent", "FarmSimulator", "NodeContract", "UpgradePlan"]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["aeupgrade", "aeupgrade-sim", "TestScratch"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
