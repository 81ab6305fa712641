import Foundation
import GRDB
import KPCensus
import KPPipeline
import KPStore
import XCTest
import KPTestSupport

final class CensusStoreTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try makeTemporaryDirectory("kpstore") }

    func analyze(_ names: [String]) throws -> AnalyzeResult {
        try Analyzer(paths: names.map { repoRoot.appendingPathComponent("Datasets/captures/\($0)").path }, filter: nil).run()
    }

    func testRunRoundTripsThroughTheTables() throws {
        let result = try analyze(["http-dns.pcap", "tls-sni.pcap", "dhcp.pcap"])
        let store = try CensusStore(path: dir.appendingPathComponent("c.sqlite").path)
        let id = try store.beginRun(kind: "analyze", toolVersion: "test", filter: nil)
        try store.completeRun(id, inventory: result.inventory, observations: result.observations)
        XCTAssertEqual(try store.inventory(run: id), result.inventory)
        XCTAssertEqual(try store.runs().map(\.complete), [true])
    }

    func testScanSectionRoundTripsWithZoneTransfers() throws {
        var inv = Inventory()
        inv.hosts = [Inventory.Host(addr: "10.76.0.53", roles: ["server"], macs: [], names: ["ns1.kp"], packets: 0, bytes: 0)]
        var scan = ScanSection()
        scan.scope = ["10.76.0.0/22"]
        scan.probes = ["axfr", "dns", "syn"]
        scan.portScan = "syn"
        scan.targets = 1024
        scan.probesSent = 7311
        scan.dnsServers = [
            .init(addr: "10.76.0.53", zones: [.init(zone: "com.kp", authoritative: true, axfr: nil), .init(zone: "kp", authoritative: true, axfr: "allowed")]),
            .init(addr: "10.76.1.53", zones: [.init(zone: "kp", authoritative: true, axfr: "refused")]),
        ]
        scan.outOfScope = ["198.51.100.7"]
        scan.crawledPages = 12
        inv.scan = scan
        let store = try CensusStore(path: dir.appendingPathComponent("c.sqlite").path)
        let id = try store.beginRun(kind: "scan", toolVersion: "test", filter: nil)
        try store.completeActiveRun(id, inventory: inv, observations: [("host", "10.76.0.53", "icmp")])
        XCTAssertEqual(try store.inventory(run: id).scan, scan)
        let passive = try store.beginRun(kind: "analyze", toolVersion: "test", filter: nil)
        try store.completeRun(passive, inventory: Inventory(), observations: [])
        XCTAssertNil(try store.inventory(run: passive).scan, "only scan runs have a scan section")
    }

    func testInterruptedRunStaysIncompleteAndEarlierRunsSurvive() throws {
        let path = dir.appendingPathComponent("c.sqlite").path
        let result = try analyze(["mail-ssh.pcap"])
        do {
            let store = try CensusStore(path: path)
            let first = try store.beginRun(kind: "analyze", toolVersion: "test", filter: nil)
            try store.completeRun(first, inventory: result.inventory, observations: result.observations)
            _ = try store.beginRun(kind: "analyze", toolVersion: "test", filter: nil)   // never completed
        }
        let reopened = try CensusStore(path: path)
        XCTAssertEqual(try reopened.runs().map(\.complete), [true, false])
        XCTAssertEqual(try reopened.inventory(run: 1).services, result.inventory.services)
    }

    func testObservationsPointAtPackets() throws {
        let path = dir.appendingPathComponent("c.sqlite").path
        let result = try analyze(["mail-ssh.pcap"])
        let store = try CensusStore(path: path)
        let id = try store.beginRun(kind: "analyze", toolVersion: "test", filter: nil)
        try store.completeRun(id, inventory: result.inventory, observations: result.observations)
        let q = try DatabaseQueue(path: path)
        let rows = try q.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, subject, packet FROM observations WHERE kind = 'service' ORDER BY subject")
        }
        XCTAssertEqual(rows.count, result.inventory.services.count)
        XCTAssertTrue(rows.allSatisfy { ($0["packet"] as Int) >= 1 })
    }

    func testRefusesADatabaseFromANewerVersion() throws {
        let path = dir.appendingPathComponent("c.sqlite").path
        _ = try CensusStore(path: path)
        let q = try DatabaseQueue(path: path)
        try q.write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')") }
        XCTAssertThrowsError(try CensusStore(path: path)) { e in
            XCTAssertTrue("\(e)".contains("newer kpcensus"), "\(e)")
        }
    }

    func testWALMode() throws {
        let path = dir.appendingPathComponent("c.sqlite").path
        _ = try CensusStore(path: path)
        let mode = try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        XCTAssertEqual(mode, "wal")
    }
}
