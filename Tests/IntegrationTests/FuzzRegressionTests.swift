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
        for (target, run) in FuzzTargets.all where !["x509", "lab-spec", "sim-spec"].contains(target) {
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
    }
}
