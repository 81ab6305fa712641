import Foundation
import KPFuzzTargets
import XCTest
import KPTestSupport

/// Replays every committed fuzz regression input through its target, and every
/// target once over seeds cut from the regression captures: none may crash.
final class FuzzRegressionTests: XCTestCase {
    func testRegressionInputs() throws {
        let root = repoRoot.appendingPathComponent("Tests/Fuzz/regressions")
        var replayed = 0
        for target in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            let run = try XCTUnwrap(FuzzTargets.all[target], "Tests/Fuzz/regressions/\(target): no such fuzz target")
            for file in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(target).path) {
                try Data(contentsOf: root.appendingPathComponent(target).appendingPathComponent(file)).withUnsafeBytes { run($0) }
                replayed += 1
            }
        }
        XCTAssertGreaterThan(replayed, 0)
    }

    func testEveryTargetRunsOnItsSeeds() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kpseeds-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["http-dns.pcap", "tls-sni.pcap", "mail-ssh.pcap", "dhcp.pcap"] {
            try FuzzTargets.seeds(from: repoRoot.appendingPathComponent("Datasets/captures/\(name)").path, into: dir)
        }
        // Targets that read whole files get those files below; x509 has no seeds of its own.
        let fileTargets = ["x509", "lab-spec", "sim-spec", "service-probes", "p0f-db"]
        for (target, run) in FuzzTargets.all where !fileTargets.contains(target) {
            let folder = dir.appendingPathComponent(target)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            XCTAssertFalse(files.isEmpty, "no seeds for \(target)")
            for file in files.prefix(20) {
                try Data(contentsOf: folder.appendingPathComponent(file)).withUnsafeBytes { run($0) }
            }
        }
        for (target, dir) in [("lab-spec", "Datasets/labs"), ("sim-spec", "Datasets/sim")] {
            for file in try FileManager.default.contentsOfDirectory(atPath: repoRoot.appendingPathComponent(dir).path) {
                try Data(contentsOf: repoRoot.appendingPathComponent("\(dir)/\(file)")).withUnsafeBytes { FuzzTargets.all[target]!($0) }
            }
        }
        // Debian's nmap-common and p0f files (installed by the test command), as the smoke seeds them.
        for (target, path) in [("service-probes", "/usr/share/nmap/nmap-service-probes"), ("p0f-db", "/etc/p0f/p0f.fp")] {
            try Data(contentsOf: URL(fileURLWithPath: path)).prefix(60_000).withUnsafeBytes { FuzzTargets.all[target]!($0) }
        }
    }
}
