import Foundation
import GRDB
import KPCensus
import KPModel

/// Reads one run back into an `Inventory` (what `report` and `diff` start from).
struct RunReader {
    let db: Database
    let run: Int64

    static func list(_ text: String?) -> [String] {
        guard let text, let data = text.data(using: .utf8),
              let list = try? JSONSerialization.jsonObject(with: data) as? [String] else { return [] }
        return list
    }

    func read() throws -> Inventory {
        guard let r = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [run]) else {
            throw StoreError(description: "no run \(run) in the database; `kpcensus report --db PATH` lists the runs")
        }
        var inv = Inventory()
        for c in RunColumns.counts { inv[keyPath: c.field] = r[c.column] }
        for c in RunColumns.texts { inv[keyPath: c.field] = r[c.column] }
        inv.input.files = try Inventory.InputFile.fetchAll(db, sql: "SELECT * FROM sources WHERE run_id = ? ORDER BY idx", arguments: [run])
        inv.hosts = try rows("hosts", order: "ord")
        inv.services = try rows("services", order: "ord")
        inv.dns.queries = try rows("dns_queries")
        inv.dns.answers = try rows("dns_answers")
        inv.http.hosts = try rows("http_hosts")
        inv.tls.serverNames = try rows("tls_names", where: "source = 'sni'")
        inv.tls.certificateNames = try rows("tls_names", where: "source = 'certificate'")
        inv.dhcp = try rows("dhcp_leases")
        inv.sites = try rows("sites")
        try EstimateRows(db: db, run: run).read(into: &inv)
        inv.anomalies = try rows("anomalies")
        inv.activity.buckets = try rows("activity", order: "start")
        inv.scan = try ScanRows.read(run: run, db: db)
        return inv
    }

    /// The run's rows of `table` as records, in the order they were written.
    func rows<Record: FetchableRecord>(_ table: String, where condition: String? = nil, order: String = "rowid") throws -> [Record] {
        let filter = condition.map { " AND \($0)" } ?? ""
        return try Record.fetchAll(db, sql: "SELECT * FROM \(table) WHERE run_id = ?\(filter) ORDER BY \(order)", arguments: [run])
    }
}
