import Foundation
import GRDB
import KPStore
import XCTest
import KPTestSupport

/// `kill -9` in the middle of `analyze --db`: the database still opens, holds every
/// completed run, and shows the interrupted run as incomplete.
final class KillTests: XCTestCase {
    /// A pcap of `count` packets: the packets of http-dns.pcap over and over, one millisecond apart.
    func bigCapture(_ url: URL, count: Int) throws {
        let source = [UInt8](try Data(contentsOf: repoRoot.appendingPathComponent("Datasets/captures/tls-sni.pcap")))
        var records: [[UInt8]] = []
        var pos = 24
        while pos + 16 <= source.count {
            let caplen = Int(source[pos + 8]) | Int(source[pos + 9]) << 8 | Int(source[pos + 10]) << 16 | Int(source[pos + 11]) << 24
            records.append(Array(source[pos + 8 ..< pos + 16 + caplen]))     // lengths and data, without the time
            pos += 16 + caplen
        }
        var out = Data(source[0 ..< 24])
        out.reserveCapacity(count * 120)
        for i in 0 ..< count {
            var t = UInt32(1_700_000_000 + i / 1000).littleEndian
            var us = UInt32(i % 1000 * 1000).littleEndian
            withUnsafeBytes(of: &t) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: &us) { out.append(contentsOf: $0) }
            out.append(contentsOf: records[i % records.count])
        }
        try out.write(to: url)
    }

    func testKillDuringAnalyzeLeavesAUsableDatabase() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kpkill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("census.sqlite").path
        XCTAssertEqual(try KPCensusCLI.run(["analyze", "Datasets/captures/mail-ssh.pcap", "--db", db, "-q"]).status, 0)
        let big = dir.appendingPathComponent("big.pcap")
        try bigCapture(big, count: 1_500_000)

        let p = Process()
        p.executableURL = KPCensusCLI.binary
        p.arguments = ["analyze", big.path, "--db", db, "-q"]
        try p.run()
        // Wait until the second run is recorded as started, then kill it mid-read.
        let queue = try DatabaseQueue(path: db)
        let deadline = Date().addingTimeInterval(30)
        while try queue.read({ try Int.fetchOne($0, sql: "SELECT count(*) FROM runs") }) ?? 0 < 2 {
            XCTAssertLessThan(Date(), deadline, "the run never started")
            Thread.sleep(forTimeInterval: 0.02)
        }
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertTrue(p.isRunning, "the analysis ended before it could be killed: make the capture bigger")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .uncaughtSignal)

        let store = try CensusStore(path: db)
        XCTAssertEqual(try store.runs().map(\.complete), [true, false])
        XCTAssertFalse(try store.inventory(run: 1).services.isEmpty, "the completed run is intact")
        let check = try queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        XCTAssertEqual(check, "ok")
    }
}
