// swift-tools-version:6.1
// kpcensus: census of a closed intranet from captures and probes.
// The pipeline runs one way: KPCapture -> KPWire -> KPCensus -> KPStore -> KPReport.
import PackageDescription

// Language mode 5 for the single-threaded targets. Swift 6 (strict concurrency) where
// threads run: the air-gap tests (probe threads, listeners), the pipeline and the CLI
// (signal sources on other queues).
let v5: [SwiftSetting] = [.swiftLanguageMode(.v5)]
let v6: [SwiftSetting] = [.swiftLanguageMode(.v6)]
// The hot path (KPModel, KPWire, KPCapture, KPCensus, KPStore, KPSim) is in mode 6 too:
// measured with callgrind on a release build (analyze, 200,000 packets, deterministic
// hashing), mode 6 costs the same as mode 5 (599,521,474 against 599,498,231
// instructions, +0.1 per packet), so no measured reason keeps it in 5.
// The per-packet path (decoders, capture, census) runs without dynamic exclusivity
// checks in release builds: they cost about 8 % of the census rate, and debug builds
// (which every test runs) keep them, so a violation still fails the tests.
let hotPath: [SwiftSetting] = v6 + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

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
        // PCRE2 for nmap's service fingerprints (byte regexes, JIT where available).
        .systemLibrary(
            name: "CPCRE2", pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]),
        // nmap's service probes and p0f's TCP signatures: parsed at run time, matched per flow.
        .target(name: "KPFingerprint", dependencies: ["CPCRE2", "KPModel"]),
        // The records every part exchanges (inventory, scan section, air-gap result,
        // truths, estimates) and the error protocol the CLI maps to exit codes.
        // Release builds without dynamic exclusivity checks, as the hot path: the encoder
        // writes a long capture's 26 MB inventory through one class's buffer.
        .target(name: "KPModel", swiftSettings: hotPath),
        .target(name: "KPWire", swiftSettings: hotPath),
        // QUIC Initial packets decrypted with their version's initial keys (RFC 9001 §5):
        // once per flow, not per packet, so Swift 6 mode and swift-crypto cost the hot path nothing.
        .target(name: "KPQUIC", dependencies: ["KPWire", .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto")], swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(name: "KPCapture", dependencies: ["CPcap", "KPWire", "KPModel"], swiftSettings: hotPath),
        // KPFingerprint: nmap's service fingerprints, matched once per service (never per packet).
        .target(name: "KPCensus", dependencies: ["KPModel", "KPWire", "KPCapture", "KPFingerprint"], swiftSettings: hotPath),
        // Release builds without dynamic exclusivity checks: every column of a run's rows is bound through one binder object.
        .target(name: "KPStore", dependencies: ["KPModel", "KPCensus", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")], swiftSettings: hotPath),
        .target(name: "KPReport", dependencies: ["KPModel", "KPCensus", "KPWire"], swiftSettings: v5),
        .target(name: "KPFuzzTargets", dependencies: ["KPModel", "KPWire", "KPCapture", "KPCensus", "KPPipeline", "KPLab", "KPSim", "KPProbe", "KPFingerprint"], swiftSettings: v5),
        .executableTarget(name: "kpfuzz", dependencies: ["KPFuzzTargets", "KPCapture"], swiftSettings: v5),
        .target(name: "KPSim", dependencies: ["KPModel", "KPWire"], swiftSettings: hotPath),
        .target(name: "KPLab", dependencies: ["KPModel", "KPWire"], swiftSettings: v5),
        // The scope guard and the only way to an `InScope` target, for the scanner and the active air-gap tests.
        .target(name: "KPScope", dependencies: ["KPWire", "KPModel"]),
        // Swift 6 language mode: the scanner runs a receiver thread beside its sender.
        .target(name: "KPProbe", dependencies: ["KPScope", "KPWire", "KPCapture", "KPCensus", "KPModel", "KPFingerprint"]),
        .target(name: "KPAirgap", dependencies: ["KPModel", "KPWire", "KPCapture", "KPCensus", "KPScope"], swiftSettings: v6),
        // One pass over the packets feeds every sink (census, passive air-gap checks):
        // above KPCensus and KPAirgap, the one target that sees both.
        .target(name: "KPPipeline", dependencies: ["KPModel", "KPCapture", "KPCensus", "KPAirgap", "KPWire", "KPFingerprint"], swiftSettings: v6),
        .executableTarget(
            name: "kpcensus",
            dependencies: [
                "KPPipeline", "KPModel", "KPCapture", "KPCensus", "KPStore", "KPReport", "KPSim", "KPLab", "KPAirgap", "KPProbe", "KPScope",
                "KPFingerprint",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: v6),
        // Shared by the test targets: running the built CLI, the lab tests' root check.
        .target(name: "KPTestSupport", path: "Tests/KPTestSupport", swiftSettings: v5),
        .testTarget(name: "KPFingerprintWireTests", dependencies: ["KPWire"], swiftSettings: v5),
        .testTarget(name: "KPWireTests", dependencies: ["KPWire"], swiftSettings: v5),
        .testTarget(name: "KPQUICTests", dependencies: ["KPQUIC", "KPWire", .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto")], swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "KPModelTests", dependencies: ["KPModel"], swiftSettings: v5),
        .testTarget(name: "KPCaptureTests", dependencies: ["KPTestSupport", "KPCapture"], swiftSettings: v5),
        .testTarget(name: "KPCensusTests", dependencies: ["KPModel", "KPCensus", "KPCapture", "KPWire", "KPFingerprint"], swiftSettings: v5),
        .testTarget(name: "KPStoreTests", dependencies: ["KPPipeline", "KPTestSupport", "KPModel", "KPStore", "KPCensus", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: v5),
        .testTarget(name: "IntegrationTests", dependencies: ["KPPipeline", "KPTestSupport", "KPModel", "KPCensus", "KPCapture", "KPReport", "KPStore", "KPFuzzTargets", "kpcensus"], swiftSettings: v5),
        .testTarget(name: "KPSimTests", dependencies: ["KPPipeline", "KPTestSupport", "KPModel", "KPSim", "KPWire", "KPCensus", "KPCapture"], swiftSettings: v5),
        .testTarget(name: "KPReportTests", dependencies: ["KPPipeline", "KPModel", "KPReport", "KPCensus"], swiftSettings: v5),
        .testTarget(name: "KPAirgapTests", dependencies: ["KPPipeline", "KPTestSupport", "KPModel", "KPAirgap", "KPWire", "KPCapture", "KPLab", "KPScope", "kpcensus"], swiftSettings: v5),
        .testTarget(name: "KPProbeTests", dependencies: ["KPTestSupport", "KPModel", "KPProbe", "KPScope", "KPWire", "KPCensus", "KPLab", "KPCapture", "kpcensus"], swiftSettings: v5),
        .testTarget(name: "KPScopeTests", dependencies: ["KPScope", "KPWire"]),
        .testTarget(name: "KPFingerprintTests", dependencies: ["KPFingerprint"]),
        .testTarget(name: "KPLabTests", dependencies: ["KPTestSupport", "KPModel", "KPLab", "KPCapture", "KPReport", "KPCensus", "kpcensus"], swiftSettings: v5),
        .testTarget(name: "KPPipelineTests", dependencies: ["KPTestSupport", "KPPipeline", "KPAirgap", "KPCensus", "KPCapture", "KPModel"], swiftSettings: v5),
    ]
)
