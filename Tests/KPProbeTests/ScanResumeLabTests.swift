import Foundation
import KPProbe
import KPTestSupport
import XCTest

/// `scan --resume`: a SYN scan killed with -9 half way goes on from its resume file
/// without probing again what it had settled, and finds every TCP service.
extension ScanLabTests {
    func testKilledScanResumesWhereItStopped() throws {
        let truth = try labTruth()
        let resume = ScanLabTests.work.appendingPathComponent("killed.resume").path
        let json = ScanLabTests.work.appendingPathComponent("resumed.json").path
        // --retries 0: each run sends each pair at most once, so the probes of the
        // second run are exactly the pairs the first had not settled.
        let base = ["scan", "--netns", truth.probeNetns, "--scope", "10.76.0.0/22", "--ports", tcpPorts, "--probes", "syn",
                    "--retries", "0", "--require-raw", "--resume", resume]
        let planned = try KPCensusCLI.run(base + ["--dry-run"]).stdout.split(separator: "\n").count
        let slow = try KPCensusCLI.start(base + ["--rate", "300"])
        var saved: ScanResumeState?
        for _ in 0 ..< 300 where (saved?.ports.next ?? 0) == 0 {
            usleep(100_000)
            saved = FileManager.default.contents(atPath: resume).flatMap { try? JSONDecoder().decode(ScanResumeState.self, from: $0) }
        }
        kill(slow.process.processIdentifier, SIGKILL)
        _ = KPCensusCLI.wait(slow)
        // The file as the kill left it: the last whole checkpoint (written by rename).
        let atKill = try JSONDecoder().decode(ScanResumeState.self, from: Data(contentsOf: URL(fileURLWithPath: resume)))
        XCTAssertFalse(atKill.ports.done || atKill.complete)
        XCTAssertGreaterThan(atKill.ports.next, 0, "a checkpoint had settled some probes")
        XCTAssertLessThan(atKill.ports.next, planned, "killed before the end")

        let r = try KPCensusCLI.run(base + ["--rate", "5000", "--json", json])
        XCTAssertEqual(r.status, 0, r.stderr)
        let inv = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let sent = try XCTUnwrap((inv["scan"] as? [String: Any])?["probes_sent"] as? Int)
        let answeredAhead = atKill.ports.answers.count
        XCTAssertLessThanOrEqual(sent, planned - atKill.ports.next, "nothing settled was probed again")
        XCTAssertGreaterThanOrEqual(sent, planned - atKill.ports.next - answeredAhead)
        let found = Set((inv["services"] as? [[String: Any]] ?? []).map { "\($0["addr"]!)/\($0["transport"]!)/\($0["port"]!)" })
        let expected = Set(truth.services.filter { $0.transport == "tcp" }.map { "\($0.addr)/tcp/\($0.port)" })
        XCTAssertEqual(found, expected, "the two parts together found every TCP service, and nothing else")
        let done = try JSONDecoder().decode(ScanResumeState.self, from: Data(contentsOf: URL(fileURLWithPath: resume)))
        XCTAssertTrue(done.complete && done.ports.done)
    }
}
