import Foundation
import GRDB
import KPCensus
import KPModel

/// Writes one run's inventory into the tables, each row from its inventory record
/// (`RecordInserter`: columns named as the JSON keys). Lists (roles, MACs, names,
/// site addresses and evidence) are JSON arrays, so `json_each` can query them.
struct RunWriter {
    let db: Database
    let run: Int64

    /// Runs `sql` through the connection's statement cache: most statements here run
    /// once per row, and compiling each row's SQL anew was most of a run's store time.
    func execute(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    func write(_ inv: Inventory, observations: [Observation], origin: String) throws {
        let totals: [DatabaseValueConvertible?] = RunColumns.texts.map { inv[keyPath: $0.field] } + RunColumns.counts.map { inv[keyPath: $0.field] }
        try execute(RunColumns.update, StatementArguments(totals + [run]))
        let runID = ExtraColumn.int(run)
        let sources = RecordInserter<Inventory.InputFile>(db, into: "sources", leading: ["run_id", "idx"])
        for (n, f) in inv.input.files.enumerated() { try sources.insert(f, runID, .int(Int64(n))) }
        let hosts = RecordInserter<Inventory.Host>(db, into: "hosts", trailing: ["ord"])
        for (n, h) in inv.hosts.enumerated() { try hosts.insert(h, runID, after: .int(Int64(n))) }
        let services = RecordInserter<Inventory.Service>(db, into: "services", trailing: ["ord"])
        for (n, s) in inv.services.enumerated() { try services.insert(s, runID, after: .int(Int64(n))) }
        try insertAll(inv.dns.queries, into: "dns_queries")
        try insertAll(inv.dns.answers, into: "dns_answers")
        try insertAll(inv.http.hosts, into: "http_hosts")
        let names = RecordInserter<Inventory.TLSName>(db, into: "tls_names", leading: ["run_id", "source"])
        for n in inv.tls.serverNames { try names.insert(n, runID, .text("sni")) }
        for n in inv.tls.certificateNames { try names.insert(n, runID, .text("certificate")) }
        try insertAll(inv.dhcp, into: "dhcp_leases")
        try insertAll(inv.sites, into: "sites")
        try EstimateRows(db: db, run: run).write(inv)
        try insertAll(inv.anomalies, into: "anomalies")
        try insertAll(inv.activity.buckets, into: "activity")
        var row = try RowInserter(db, "INSERT INTO observations (run_id, kind, subject, origin, source_idx, packet, time) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for o in observations {
            row.bind(run); row.bind(o.kind); row.bind(o.subject); row.bind(origin); row.bind(o.source.file)
            row.bind(o.source.packet); row.bind(Timestamp.iso8601(o.source.timestamp))
            try row.insert()
        }
    }

    /// Inserts each record as a row of `table` (after the run's id).
    func insertAll<Record: Encodable>(_ records: [Record], into table: String) throws {
        let rows = RecordInserter<Record>(db, into: table)
        for r in records { try rows.insert(r, .int(run)) }
    }
}
