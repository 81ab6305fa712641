import Foundation
import GRDB
import KPCensus
import KPModel

/// The estimates, per-address devices and spread of services of a run (tables of
/// migration v2): written with the run, read back into the inventory.
struct EstimateRows {
    let db: Database
    let run: Int64

    static func json(_ models: [Inventory.Model]) -> String {
        (try? CanonicalJSON.encode(models, style: JSONStyle(layout: .compact))).map { String(decoding: $0.dropLast(), as: UTF8.self) } ?? "[]"
    }

    static func models(_ text: String?) -> [Inventory.Model] {
        guard let text else { return [] }
        return (try? JSONDecoder().decode([Inventory.Model].self, from: Data(text.utf8))) ?? []
    }

    func write(_ inv: Inventory) throws {
        let sql = "INSERT INTO estimates (run_id, quantity, observed, devices, estimate, ci_lo, ci_hi, method, reason, occasions, models) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        for (quantity, e, devices) in [("sites", inv.siteCount, nil), ("users", inv.users.deviceEstimate, inv.users.devices)] {
            try db.execute(sql: sql, arguments: [run, quantity, e.observed, devices, e.estimate, e.ci95?[0], e.ci95?[1], e.method,
                                                 e.reason, e.occasions, EstimateRows.json(e.models)])
        }
        let devices = RecordInserter<Inventory.ClientDevices>(db, into: "client_devices")
        for c in inv.clientDevices { try devices.insert(c, .int(run)) }
        let spread = RecordInserter<Inventory.ServiceSpread>(db, into: "service_spread")
        for s in inv.spread.services { try spread.insert(s, .int(run)) }
    }

    func read(into inv: inout Inventory) throws {
        for row in try Row.fetchAll(db, sql: "SELECT * FROM estimates WHERE run_id = ?", arguments: [run]) {
            let lo: Double? = row["ci_lo"], hi: Double? = row["ci_hi"]
            var e = Inventory.Estimate()
            (e.observed, e.estimate, e.method, e.reason, e.occasions) = (row["observed"], row["estimate"], row["method"], row["reason"], row["occasions"])
            e.ci95 = lo.flatMap { l in hi.map { [l, $0] } }
            e.models = EstimateRows.models(row["models"])
            if row["quantity"] == "sites" {
                inv.siteCount = e
            } else {
                inv.users.deviceEstimate = e
                inv.users.devices = row["devices"]
            }
        }
        let rows = RunReader(db: db, run: run)
        inv.clientDevices = try rows.rows("client_devices")
        inv.spread.services = try rows.rows("service_spread")
    }
}
