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
        var row = try RowInserter(db, "INSERT INTO client_devices VALUES (?, ?, ?, ?, ?)")
        for c in inv.clientDevices {
            row.bind(run); row.bind(c.addr); row.bind(c.devices); row.bind(c.confidence); row.bind(c.userAgents)
            try row.insert()
        }
        row = try RowInserter(db, "INSERT INTO service_spread VALUES (?, ?, ?, ?, ?, ?, ?)")
        for s in inv.spread.services {
            row.bind(run); row.bind(s.service); row.bind(s.hosts); row.bind(s.hostShare); row.bind(s.subnets)
            row.bind(s.subnetShare); row.bind(s.hhi)
            try row.insert()
        }
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
        inv.clientDevices = try Row.fetchAll(db, sql: "SELECT * FROM client_devices WHERE run_id = ? ORDER BY rowid", arguments: args).map {
            Inventory.ClientDevices(addr: $0["addr"], devices: $0["devices"], confidence: $0["confidence"], userAgents: $0["user_agents"])
        }
        inv.spread.services = try Row.fetchAll(db, sql: "SELECT * FROM service_spread WHERE run_id = ? ORDER BY rowid", arguments: args).map {
            Inventory.ServiceSpread(service: $0["service"], hosts: $0["hosts"], hostShare: $0["host_share"], subnets: $0["subnets"],
                                    subnetShare: $0["subnet_share"], hhi: $0["hhi"])
        }
        if let r = try Row.fetchOne(db, sql: "SELECT spread_prefix, spread_hosts, spread_subnets FROM runs WHERE id = ?", arguments: args) {
            inv.spread.subnetPrefix = r["spread_prefix"]
            inv.spread.hosts = r["spread_hosts"]
            inv.spread.subnets = r["spread_subnets"]
        }
    }
}
