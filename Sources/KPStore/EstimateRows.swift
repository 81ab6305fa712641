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
        let sc = inv.siteCount, u = inv.users
        let sql = "INSERT INTO estimates (run_id, quantity, observed, devices, estimate, ci_lo, ci_hi, method, reason, occasions, models) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        try db.execute(sql: sql, arguments: [run, "sites", sc.observed, nil, sc.estimate, sc.ci95?[0], sc.ci95?[1], sc.method,
                                             sc.reason, sc.occasions, EstimateRows.json(sc.models)])
        try db.execute(sql: sql, arguments: [run, "users", u.clientAddrs, u.devices, u.estimate, u.ci95?[0], u.ci95?[1], u.method,
                                             u.reason, u.occasions, EstimateRows.json(u.models)])
        var devices = RecordInserter<Inventory.ClientDevices>(db, into: "client_devices")
        for c in inv.clientDevices { try devices.insert(c, .int(run)) }
        var spread = RecordInserter<Inventory.ServiceSpread>(db, into: "service_spread")
        for s in inv.spread.services { try spread.insert(s, .int(run)) }
        try db.execute(sql: "UPDATE runs SET spread_prefix = ?, spread_hosts = ?, spread_subnets = ? WHERE id = ?",
                       arguments: [inv.spread.subnetPrefix, inv.spread.hosts, inv.spread.subnets, run])
    }

    func read(into inv: inout Inventory) throws {
        let args: StatementArguments = [run]
        for e in try Row.fetchAll(db, sql: "SELECT * FROM estimates WHERE run_id = ?", arguments: args) {
            let lo: Double? = e["ci_lo"], hi: Double? = e["ci_hi"]
            let ci = lo.flatMap { l in hi.map { [l, $0] } }
            if e["quantity"] == "sites" {
                inv.siteCount = Inventory.Estimate()
                inv.siteCount.observed = e["observed"]
                inv.siteCount.estimate = e["estimate"]
                inv.siteCount.ci95 = ci
                inv.siteCount.method = e["method"]
                inv.siteCount.reason = e["reason"]
                inv.siteCount.occasions = e["occasions"]
                inv.siteCount.models = EstimateRows.models(e["models"])
            } else {
                inv.users.clientAddrs = e["observed"]
                inv.users.devices = e["devices"]
                inv.users.estimate = e["estimate"]
                inv.users.ci95 = ci
                inv.users.method = e["method"]
                inv.users.reason = e["reason"]
                inv.users.occasions = e["occasions"]
                inv.users.models = EstimateRows.models(e["models"])
            }
        }
        let rows = RunReader(db: db, run: run)
        inv.clientDevices = try rows.rows("client_devices")
        inv.spread.services = try rows.rows("service_spread")
        if let r = try Row.fetchOne(db, sql: "SELECT spread_prefix, spread_hosts, spread_subnets FROM runs WHERE id = ?", arguments: args) {
            inv.spread.subnetPrefix = r["spread_prefix"]
            inv.spread.hosts = r["spread_hosts"]
            inv.spread.subnets = r["spread_subnets"]
        }
    }
}
