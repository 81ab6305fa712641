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
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CPcap", pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]),
        // The records every part exchanges (inventory, scan section, air-gap result,
        // truths, estimates) and the error protocol the CLI maps to exit codes.
        .target(name: "KPModel", swiftSettings: v5),
        .target(name: "KPWire", swiftSettings: hotPath),
        // QUIC Initial packets decrypted with their version's initial keys (RFC 9001 §5):
        // once per flow, not per packet, so Swift 6 mode and swift-crypto cost the hot path nothing.
        .target(name: "KPQUIC", dependencies: ["KPWire", .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto")], swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(name: "KPCapture", dependencies: ["CPcap", "KPWire", "KPModel"], swiftSettings: hotPath),
        .target(name: "KPCensus", dependencies: ["KPModel", "KPWire", "KPCapture"], swiftSettings: hotPath),
        .target(name: "KPStore", dependencies: ["KPCensus", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")], swiftSettings: v5),
        .target(name: "KPReport", dependencies: ["KPCensus"], swiftSettings: v5),
        .target(name: "KPFuzzTargets", dependencies: ["KPWire", "KPCapture", "KPCensus", "KPLab", "KPSim", "KPProbe"], swiftSettings: v5),
        .executableTarget(name: "kpfuzz", dependencies: ["KPFuzzTargets"], swiftSettings: v5),
        .target(name: "KPSim", swiftSettings: hotPath),
        .target(name: "KPLab", dependencies: ["KPReport"], swiftSettings: v5),
        .target(name: "KPProbe", dependencies: ["CPcap", "KPWire", "KPCensus"], swiftSettings: v5),
        // The active air-gap tests go through the scanner's scope guard (KPProbe.ScopeGuard).
        .target(name: "KPAirgap", dependencies: ["KPWire", "KPCapture", "KPCensus", "KPProbe"], swiftSettings: v5),
        .executableTarget(
            name: "kpcensus",
            dependencies: [
                "KPCapture", "KPCensus", "KPStore", "KPReport", "KPSim", "KPLab", "KPAirgap", "KPProbe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: v5),
        // Shared by the test targets: running the built CLI, the lab tests' root check.
        .target(name: "KPTestSupport", path: "Tests/KPTestSupport", swiftSettings: v5),
        .testTarget(name: "KPFingerprintWireTests", dependencies: ["KPWire"], swiftSettings: v5),
        .testTarget(name: "KPWireTests", dependencies: ["KPWire"], swiftSettings: v5),
        .testTarget(name: "KPQUICTests", dependencies: ["KPQUIC", "KPWire", .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto")], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "KPCaptureTests", dependencies: ["KPTestSupport", "KPCapture"], swiftSettings: v5),
        .testTarget(name: "KPCensusTests", dependencies: ["KPCensus", "KPCapture", "KPWire"], swiftSettings: v5),
        .testTarget(name: "KPStoreTests", dependencies: ["KPTestSupport", "KPStore", "KPCensus", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: v5),
        .testTarget(name: "IntegrationTests", dependencies: ["KPTestSupport", "KPCensus", "KPCapture", "KPReport", "KPStore", "KPFuzzTargets", "kpcensus"], swiftSettings: v5),
        .testTarget(name: "KPSimTests", dependencies: ["KPTestSupport", "KPSim", "KPCensus", "KPCapture"], swiftSettings: v5),
        .testTarget(name: "KPReportTests", dependencies: ["KPReport", "KPCensus"], swiftSettings: v5),
        .testTarget(name: "KPAirgapTests", dependencies: ["KPTestSupport", "KPAirgap", "KPWire", "KPCapture", "KPLab", "KPProbe", "kpcensus"], swiftSettings: v5),
        .testTarget(name: "KPProbeTests", dependencies: ["KPTestSupport", "KPProbe", "KPWire", "KPCensus", "KPLab", "KPCapture", "kpcensus"], swiftSettings: v5),
        .testTarget(name: "KPLabTests", dependencies: ["KPTestSupport", "KPLab", "KPCapture", "KPReport", "KPCensus", "kpcensus"], swiftSettings: v5),
    ]
)
