// swift-tools-version:6.1
// kpcensus: census of a closed intranet from captures and probes.
// The pipeline runs one way: KPCapture -> KPWire -> KPCensus -> KPStore -> KPReport.
import PackageDescription

// Language mode 5: the decoders hand raw libpcap buffers around, which Swift 6's
// strict sendability checking would force into unchecked wrappers without making
// anything safer (each run is single-threaded by design).
let v5: [SwiftSetting] = [.swiftLanguageMode(.v5)]
// The per-packet path (decoders, capture, census) runs without dynamic exclusivity
// checks in release builds: they cost about 8 % of the census rate, and debug builds
// (which every test runs) keep them, so a violation still fails the tests.
let hotPath: [SwiftSetting] = v5 + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "kpcensus",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kpcensus", targets: ["kpcensus"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CPcap", pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]),
        // The records every part exchanges (inventory, scan section, air-gap result,
        // truths, estimates) and the error protocol the CLI maps to exit codes.
        // Release builds without dynamic exclusivity checks, as the hot path: the encoder
        // writes a long capture's 26 MB inventory through one class's buffer.
        .target(name: "KPModel", swiftSettings: hotPath),
        .target(name: "KPWire", swiftSettings: hotPath),
        .target(name: "KPCapture", dependencies: ["CPcap", "KPWire", "KPModel"], swiftSettings: hotPath),
        .target(name: "KPCensus", dependencies: ["KPModel", "KPWire", "KPCapture"], swiftSettings: hotPath),
        .target(name: "KPStore", dependencies: ["KPModel", "KPCensus", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")], swiftSettings: v5),
        .target(name: "KPReport", dependencies: ["KPModel", "KPCensus"], swiftSettings: v5),
        .target(name: "KPFuzzTargets", dependencies: ["KPModel", "KPWire", "KPCapture", "KPCensus", "KPLab", "KPSim", "KPProbe"], swiftSettings: v5),
        .executableTarget(name: "kpfuzz", dependencies: ["KPFuzzTargets"], swiftSettings: v5),
        .target(name: "KPSim", dependencies: ["KPModel"], swiftSettings: hotPath),
        .target(name: "KPLab", dependencies: ["KPModel"], swiftSettings: v5),
        .target(name: "KPProbe", dependencies: ["CPcap", "KPModel", "KPWire", "KPCensus"], swiftSettings: v5),
        // The active air-gap tests go through the scanner's scope guard (KPProbe.ScopeGuard).
        .target(name: "KPAirgap", dependencies: ["KPModel", "KPWire", "KPCapture", "KPCensus", "KPProbe"], swiftSettings: v5),
        .executableTarget(
            name: "kpcensus",
            dependencies: [
                "KPModel", "KPCapture", "KPCensus", "KPStore", "KPReport", "KPSim", "KPLab", "KPAirgap", "KPProbe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: v5),
        // Shared by the test targets: running the built CLI, the lab tests' root check.
        .target(name: "KPTestSupport", path: "Tests/KPTestSupport", swiftSettings: v5),
        .testTarget(name: "KPWireTests", dependencies: ["KPWire"], swiftSettings: v5),
        .testTarget(name: "KPModelTests", dependencies: ["KPModel"], swiftSettings: v5),
        .testTarget(name: "KPCaptureTests", dependencies: ["KPTestSupport", "KPCapture"], swiftSettings: v5),
        .testTarget(name: "KPCensusTests", dependencies: ["KPModel", "KPCensus", "KPCapture", "KPWire"], swiftSettings: v5),
        .testTarget(name: "KPStoreTests", dependencies: ["KPTestSupport", "KPModel", "KPStore", "KPCensus", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: v5),
        .testTarget(name: "IntegrationTests", dependencies: ["KPTestSupport", "KPModel", "KPCensus", "KPCapture", "KPReport", "KPStore", "KPFuzzTargets", "kpcensus"], swiftSettings: v5),
        .testTarget(name: "KPSimTests", dependencies: ["KPTestSupport", "KPModel", "KPSim", "KPCensus", "KPCapture"], swiftSettings: v5),
        .testTarget(name: "KPReportTests", dependencies: ["KPModel", "KPReport", "KPCensus"], swiftSettings: v5),
        .testTarget(name: "KPAirgapTests", dependencies: ["KPTestSupport", "KPModel", "KPAirgap", "KPWire", "KPCapture", "KPLab", "KPProbe", "kpcensus"], swiftSettings: v5),
        .testTarget(name: "KPProbeTests", dependencies: ["KPTestSupport", "KPModel", "KPProbe", "KPWire", "KPCensus", "KPLab", "KPCapture", "kpcensus"], swiftSettings: v5),
        .testTarget(name: "KPLabTests", dependencies: ["KPTestSupport", "KPModel", "KPLab", "KPCapture", "KPReport", "KPCensus", "kpcensus"], swiftSettings: v5),
    ]
)
