import GRDB
import KPCensus
import KPModel

/// The `scan` section of a scan run's inventory, as rows of `scans` and
/// `zone_transfers` (list columns hold JSON arrays).
enum ScanRows {
    static func write(_ scan: ScanSection, run: Int64, db: Database) throws {
        let scans = RecordInserter<ScanSection>(db, into: "scans", skipping: ["dns_servers"])
        try scans.insert(scan, .int(run))
        let zones = RecordInserter<ScanSection.Zone>(db, into: "zone_transfers", leading: ["run_id", "server"])
        for server in scan.dnsServers {
            for z in server.zones { try zones.insert(z, .int(run), .text(server.addr)) }
        }
    }

    /// The section back, or nil when the run was not a scan.
    static func read(run: Int64, db: Database) throws -> ScanSection? {
        guard let r = try Row.fetchOne(db, sql: "SELECT * FROM scans WHERE run_id = ?", arguments: [run]) else { return nil }
        var scan = ScanSection()
        scan.scope = RunReader.list(r["scope"])
        scan.probes = RunReader.list(r["probes"])
        scan.portScan = r["port_scan"]
        scan.targets = r["targets"]
        scan.probesSent = r["probes_sent"]
        scan.wildcardZones = RunReader.list(r["wildcard_zones"])
        scan.outOfScope = RunReader.list(r["out_of_scope"])
        scan.crawledPages = r["crawled_pages"]
        scan.note = r["note"]
        // Rows in the order the scan wrote them: servers by address, zones by name.
        for z in try Row.fetchAll(db, sql: "SELECT * FROM zone_transfers WHERE run_id = ? ORDER BY rowid", arguments: [run]) {
            let zone = try ScanSection.Zone(row: z)
            if scan.dnsServers.last?.addr == z["server"] {
                scan.dnsServers[scan.dnsServers.count - 1].zones.append(zone)
            } else {
                scan.dnsServers.append(ScanSection.DNSServer(addr: z["server"], zones: [zone]))
            }
        }
        return scan
    }
}
