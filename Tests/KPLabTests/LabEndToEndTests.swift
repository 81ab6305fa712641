import Foundation
import KPCapture
import KPModel
import KPReport
import XCTest
@testable import KPLab
import KPTestSupport

/// The small lab brought up for real, a 60 s capture at its first capture point
/// scored against the truth, and a teardown that leaves nothing behind.
final class LabEndToEndTests: XCTestCase {
    static let lab = testLabName("e")
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("kplab-e2e-\(UUID().uuidString)")

    override func setUpWithError() throws {
        try requireRoot("the lab tests (network namespaces, live capture)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDown() {
        // Runs even when a test failed: nothing of the lab may survive.
        if geteuid() == 0 { _ = try? Lab.down(name: LabEndToEndTests.lab) }
        try? FileManager.default.removeItem(at: work)
    }

    func testSmallLabCaptureMatchesTruthAndTeardownIsClean() throws {
        let lab = LabEndToEndTests.lab
        let interfacesBefore = rootInterfaces()
        let truthPath = work.appendingPathComponent("truth.json").path
        let started = Date()
        let up = try KPCensusCLI.run(["lab", "up", "--spec", "Datasets/labs/small.json", "--name", lab, "--truth", truthPath])
        XCTAssertEqual(up.status, 0, up.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 120, "lab up must take under 2 minutes")
        let truth = try LabTruth.decode(try Data(contentsOf: URL(fileURLWithPath: truthPath)))
        let state = try XCTUnwrap(try LabState.load(lab))
        XCTAssertEqual(Set(state.namespaces), Set(netnsList().filter { $0.hasPrefix("kp-\(lab)-") }))
        XCTAssertTrue(state.processes.allSatisfy(LabState.alive))
        // The lab made nothing in the machine's own namespace.
        XCTAssertEqual(rootInterfaces().subtracting(interfacesBefore), [])
        let status = try KPCensusCLI.run(["lab", "status", "--name", lab, "--json"])
        XCTAssertEqual(status.status, 0, status.stdout + status.stderr)
        let st = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(st["namespaces_present"] as? Int, state.namespaces.count)
        XCTAssertEqual(st["processes_running"] as? Int, state.processes.count)

        // The air gap holds: a client cannot reach the Internet side.
        let home = try XCTUnwrap(truth.hosts.first { $0.role == "client" })
        let canary = try Exec.run(["ip", "netns", "exec", home.netns, "curl", "-s", "-m", "2", "http://\(truth.canaries[0].addr)/"])
        XCTAssertNotEqual(canary.status, 0)

        let cp = truth.capturePoints[0]
        let pcap = work.appendingPathComponent("lab.pcap").path
        let json = work.appendingPathComponent("inventory.json").path
        let db = work.appendingPathComponent("census.sqlite").path
        let cap = try KPCensusCLI.run(["capture", "--netns", cp.netns, "-i", cp.interface, "--duration", "60",
                                  "--write", pcap, "--json", json, "--db", db])
        XCTAssertEqual(cap.status, 0, cap.stderr)
        XCTAssertTrue(cap.stdout.contains(", 0 dropped by the kernel"), cap.stdout)
        let invData = try Data(contentsOf: URL(fileURLWithPath: json))
        XCTAssertEqual(try missedTruth(inventory: invData, truth: truth), [])
        let inv = try XCTUnwrap(JSONSerialization.jsonObject(with: invData) as? [String: Any])
        let clients = Set((inv["hosts"] as? [[String: Any]] ?? []).filter { ($0["roles"] as? [String])?.contains("client") == true }.map { $0["addr"] as! String })
        // Café devices hide behind their NAT address: no private address reaches the capture point.
        XCTAssertFalse(clients.contains { $0.hasPrefix("192.168.") })

        // The written pcap reads back with the census's packet count.
        let packets = try XCTUnwrap((inv["input"] as? [String: Any])?["packets"] as? Int)
        XCTAssertGreaterThan(packets, 1000)
        let reader = try CaptureFileReader(path: pcap)
        XCTAssertEqual(reader.read(fileIndex: 0) { _ in }, .complete)
        XCTAssertEqual(reader.packetsRead, packets)

        // SIGINT ends a capture cleanly: summary, complete pcap and a complete run in the database.
        let intPcap = work.appendingPathComponent("int.pcap").path
        let running = try KPCensusCLI.start(["capture", "--netns", cp.netns, "-i", cp.interface, "--write", intPcap, "--db", db])
        sleep(4)
        running.process.interrupt()
        let interrupted = KPCensusCLI.wait(running)
        XCTAssertEqual(interrupted.status, 0, interrupted.stderr)
        XCTAssertTrue(interrupted.stdout.contains("packets received by the filter"), interrupted.stdout)
        let r2 = try CaptureFileReader(path: intPcap)
        XCTAssertEqual(r2.read(fileIndex: 0) { _ in }, .complete)
        XCTAssertGreaterThan(r2.packetsRead, 0)
        let runs = try Exec.run(["sqlite3", db, "SELECT kind, complete FROM runs ORDER BY id"]).output
        XCTAssertEqual(runs, "capture|1\ncapture|1\n")

        // -i any: every interface of the core router (Linux cooked headers), nothing dropped.
        let anyJSON = work.appendingPathComponent("any.json").path
        let anyCap = try KPCensusCLI.run(["capture", "--netns", cp.netns, "-i", "any", "--duration", "3", "--json", anyJSON])
        XCTAssertEqual(anyCap.status, 0, anyCap.stderr)
        XCTAssertTrue(anyCap.stdout.contains(", 0 dropped by the kernel"), anyCap.stdout)
        let anyInv = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: anyJSON))) as? [String: Any])
        XCTAssertGreaterThan((anyInv["input"] as? [String: Any])?["packets"] as? Int ?? 0, 0)

        // A killed capture (SIGKILL, no chance to clean up) still leaves a readable pcap:
        // complete, or cut inside its last record at worst.
        let killedPcap = work.appendingPathComponent("killed.pcap").path
        let killed = try KPCensusCLI.start(["capture", "--netns", cp.netns, "-i", cp.interface, "--write", killedPcap, "-q"])
        sleep(3)
        kill(killed.process.processIdentifier, SIGKILL)
        _ = KPCensusCLI.wait(killed)
        let r3 = try CaptureFileReader(path: killedPcap)
        let end = r3.read(fileIndex: 0) { _ in }
        if case .corrupt = end { XCTFail("killed capture left a corrupt pcap: \(end)") }
        XCTAssertGreaterThan(r3.packetsRead, 0)

        let pids = state.processes
        let down = try KPCensusCLI.run(["lab", "down", "--name", lab])
        XCTAssertEqual(down.status, 0, down.stderr)
        XCTAssertEqual(netnsList().filter { $0.hasPrefix("kp-\(lab)-") }, [])
        XCTAssertFalse(pids.contains(where: LabState.alive))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/etc/netns/kp-\(lab)-core"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: LabState.folder(lab)))
        XCTAssertEqual(rootInterfaces().subtracting(interfacesBefore), [])
        let again = try KPCensusCLI.run(["lab", "down", "--name", lab])
        XCTAssertEqual(again.status, 0)
        XCTAssertTrue(again.stdout.contains("nothing to do"), again.stdout)
    }
}
