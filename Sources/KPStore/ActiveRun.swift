import GRDB
import KPCensus
import KPModel

extension CensusStore {
    /// Completes a scan run: its inventory and scan section, then its observations
    /// with origin "active" and the probe that made each (`observations.probe`).
    public func completeActiveRun(_ id: Int64, inventory inv: Inventory, observations: [(kind: String, subject: String, probe: String)]) throws {
        try pool.write { db in
            try RunWriter(db: db, run: id).write(inv, observations: [], origin: "active")
            if let scan = inv.scan { try ScanRows.write(scan, run: id, db: db) }
            let now = CensusStore.now()
            let stmt = try db.makeStatement(sql: """
                INSERT INTO observations (run_id, kind, subject, origin, source_idx, packet, time, probe)
                VALUES (?, ?, ?, 'active', 0, 0, ?, ?)
                """)
            for o in observations { try stmt.execute(arguments: [id, o.kind, o.subject, now, o.probe]) }
            try db.execute(sql: "UPDATE runs SET complete = 1, ended_at = ? WHERE id = ?", arguments: [now, id])
        }
    }
}
