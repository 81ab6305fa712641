import Foundation
import XCTest
import KPTestSupport

/// `kpcensus simulate` and `kpcensus estimate` as a user meets them.
final class SimulateEstimateCommandTests: XCTestCase {
    func testSimulateAnalyzeEstimate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kpsimcli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pcap = dir.appendingPathComponent("s.pcap").path, truth = dir.appendingPathComponent("t.json").path
        let db = dir.appendingPathComponent("c.sqlite").path
        // 40 minutes of the evening peak: enough windows for the estimators, a few seconds to run.
        let sim = try KPCensusCLI.run(["simulate", "--spec", "Datasets/sim/kwangmyong-small.json", "--seed", "5", "--out", pcap,
                               "--truth", truth, "--duration", "2400", "-q"])
        XCTAssertEqual(sim.status, 0, sim.stderr)
        let t = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: truth))) as? [String: Any])
        XCTAssertEqual(t["schema"] as? String, "kpcensus.simtruth/1")
        let analyze = try KPCensusCLI.run(["analyze", pcap, "--db", db, "-q"])
        XCTAssertEqual(analyze.status, 0, analyze.stderr)
        let est = try KPCensusCLI.run(["estimate", "--db", db, "--json", "-"])
        XCTAssertEqual(est.status, 0, est.stderr)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: est.stdoutData) as? [String: Any])
        XCTAssertEqual(obj["schema"] as? String, "kpcensus.estimates/1")
        let sites = try XCTUnwrap(obj["site_count"] as? [String: Any])
        XCTAssertEqual(sites["occasions"] as? Int, 10)
        XCTAssertFalse((sites["models"] as? [Any] ?? []).isEmpty)
        let text = try KPCensusCLI.run(["estimate", "--db", db])
        XCTAssertTrue(text.stderr.isEmpty, text.stderr)
        XCTAssertTrue(text.stdout.contains("sites     observed"))
    }

    func testBadSpecExitsTwoNamingTheField() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kpsimcli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = dir.appendingPathComponent("bad.json")
        try Data(#"{"schema": "kpcensus.simspec/1", "name": "x"}"#.utf8).write(to: spec)
        let r = try KPCensusCLI.run(["simulate", "--spec", spec.path, "--out", dir.appendingPathComponent("o.pcap").path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("missing field start"), r.stderr)
        let e = try KPCensusCLI.run(["estimate", "--db", dir.appendingPathComponent("none.sqlite").path])
        XCTAssertEqual(e.status, 2)
        XCTAssertTrue(e.stderr.contains("no such file"), e.stderr)
    }
}
