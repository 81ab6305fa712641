import Foundation
import KPCapture
import KPStore
import XCTest
import KPTestSupport

/// `kill -9` during a live capture with --write and --db: the pcap reads back up to
/// its last complete packet and the database marks the run incomplete. Runs in two
/// network namespaces of its own (kp-kill-a, kp-kill-b), removed at the end.
final class CaptureKillTests: XCTestCase {
    let a = "kp-kill-a", b = "kp-kill-b"
    var started: [Process] = []

    @discardableResult
    func sh(_ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    override func setUpWithError() throws {
        try tearDownNamespaces()
        XCTAssertEqual(try sh(["ip", "netns", "add", a]), 0, "needs root and iproute2")
        XCTAssertEqual(try sh(["ip", "netns", "add", b]), 0)
        // The veth pair is made inside a and its peer moved straight into b.
        XCTAssertEqual(try sh(["ip", "netns", "exec", a, "ip", "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", b]), 0)
        try sh(["ip", "netns", "exec", a, "ip", "addr", "add", "10.99.0.1/24", "dev", "va"])
        try sh(["ip", "netns", "exec", b, "ip", "addr", "add", "10.99.0.2/24", "dev", "vb"])
        try sh(["ip", "netns", "exec", a, "ip", "link", "set", "va", "up"])
        try sh(["ip", "netns", "exec", b, "ip", "link", "set", "vb", "up"])
    }

    override func tearDownWithError() throws {
        for p in started where p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
        try tearDownNamespaces()
    }

    func tearDownNamespaces() throws {
        try sh(["ip", "netns", "del", a])
        try sh(["ip", "netns", "del", b])
    }

    func testKillDuringCaptureLeavesAReadablePcapAndAnIncompleteRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kpcapkill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pcap = dir.appendingPathComponent("live.pcap"), db = dir.appendingPathComponent("live.sqlite")

        let ping = Process()
        ping.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        ping.arguments = ["ip", "netns", "exec", a, "ping", "-q", "-i", "0.01", "-c", "3000", "10.99.0.2"]
        ping.standardOutput = FileHandle.nullDevice
        try ping.run()
        started.append(ping)

        let capture = Process()
        capture.executableURL = KPCensusCLI.binary
        capture.arguments = ["capture", "--netns", a, "-i", "va", "--write", pcap.path, "--db", db.path, "-q"]
        try capture.run()
        started.append(capture)
        // Wait for a few hundred packets on disk, then kill without warning.
        let deadline = Date().addingTimeInterval(20)
        while ((try? FileManager.default.attributesOfItem(atPath: pcap.path)[.size] as? Int) ?? 0) < 20_000 {
            XCTAssertTrue(capture.isRunning, "capture ended early")
            XCTAssertLessThan(Date(), deadline, "no packets written")
            if !capture.isRunning || Date() > deadline { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(capture.processIdentifier, SIGKILL)
        capture.waitUntilExit()

        let reader = try CaptureFileReader(path: pcap.path)
        var packets = 0
        let end = reader.read(fileIndex: 0) { _ in packets += 1 }
        XCTAssertGreaterThan(packets, 100)
        if case .corrupt = end { XCTFail("the pcap must end complete or cut, not corrupt: \(end)") }
        let runs = try CensusStore(path: db.path).runs()
        XCTAssertEqual(runs.map(\.complete), [false])
        XCTAssertEqual(runs.first?.kind, "capture")
    }
}
