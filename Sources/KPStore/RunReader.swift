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
        inv.input.packets = r["packets"]
        inv.input.bytes = r["bytes"]
        inv.input.first = r["first_packet"]
        inv.input.last = r["last_packet"]
        inv.input.truncatedPackets = r["truncated_packets"]
        inv.input.undecodablePackets = r["undecodable_packets"]
        inv.input.nonIPPackets = r["non_ip_packets"]
        inv.input.filter = r["filter"]
        inv.input.fragments.packets = r["fragment_packets"]
        inv.input.fragments.datagrams = r["fragment_datagrams"]
        inv.flows.tcp = r["flows_tcp"]
        inv.flows.udp = r["flows_udp"]
        inv.flows.icmp = r["flows_icmp"]
        inv.flows.other = r["flows_other"]
        inv.flows.tcpWithoutHandshake = r["flows_tcp_without_handshake"]
        inv.http.requests = r["http_requests"]
        let args: StatementArguments = [run]
        inv.input.files = try Row.fetchAll(db, sql: "SELECT * FROM sources WHERE run_id = ? ORDER BY idx", arguments: args).map {
            Inventory.InputFile(path: $0["path"], format: $0["format"], linktype: $0["linktype"], packets: $0["packets"],
                                status: $0["status"], warning: $0["warning"])
        }
        inv.hosts = try Row.fetchAll(db, sql: "SELECT * FROM hosts WHERE run_id = ? ORDER BY ord", arguments: args).map {
            Inventory.Host(addr: $0["addr"], roles: RunReader.list($0["roles"]), macs: RunReader.list($0["macs"]),
                           names: RunReader.list($0["names"]), packets: $0["packets"], bytes: $0["bytes"])
        }
        inv.services = try Row.fetchAll(db, sql: "SELECT * FROM services WHERE run_id = ? ORDER BY ord", arguments: args).map {
            Inventory.Service(addr: $0["addr"], port: $0["port"], transport: $0["transport"], service: $0["service"],
                              software: $0["software"], clients: $0["clients"])
        }
        inv.dns.queries = try Row.fetchAll(db, sql: "SELECT * FROM dns_queries WHERE run_id = ? ORDER BY rowid", arguments: args).map {
            Inventory.DNSQuery(name: $0["name"], type: $0["type"], count: $0["count"])
        }
        inv.dns.answers = try Row.fetchAll(db, sql: "SELECT * FROM dns_answers WHERE run_id = ? ORDER BY rowid", arguments: args).map {
            Inventory.DNSAnswer(name: $0["name"], type: $0["type"], data: $0["data"])
        }
        inv.http.hosts = try Row.fetchAll(db, sql: "SELECT * FROM http_hosts WHERE run_id = ? ORDER BY rowid", arguments: args).map {
            Inventory.HTTPHost(host: $0["host"], requests: $0["requests"])
        }
        let names = try Row.fetchAll(db, sql: "SELECT * FROM tls_names WHERE run_id = ? ORDER BY rowid", arguments: args)
        inv.tls.serverNames = names.filter { $0["source"] == "sni" }.map { Inventory.TLSName(name: $0["name"], count: $0["count"]) }
        inv.tls.certificateNames = names.filter { $0["source"] == "certificate" }.map { Inventory.TLSName(name: $0["name"], count: $0["count"]) }
        inv.dhcp = try Row.fetchAll(db, sql: "SELECT * FROM dhcp_leases WHERE run_id = ? ORDER BY rowid", arguments: args).map {
            Inventory.DHCPLease(mac: $0["mac"], addr: $0["addr"], hostName: $0["host_name"], vendorClass: $0["vendor_class"])
        }
        inv.sites = try Row.fetchAll(db, sql: "SELECT * FROM sites WHERE run_id = ? ORDER BY rowid", arguments: args).map {
            Inventory.Site(name: $0["name"], addrs: RunReader.list($0["addrs"]), evidence: RunReader.list($0["evidence"]))
        }
        try EstimateRows(db: db, run: run).read(into: &inv)
        inv.anomalies = try Row.fetchAll(db, sql: "SELECT * FROM anomalies WHERE run_id = ? ORDER BY rowid", arguments: args).map {
            Inventory.Anomaly(code: $0["code"], kind: $0["kind"], layer: $0["layer"], count: $0["count"])
        }
        inv.activity.bucketMS = r["activity_bucket_ms"]
        inv.activity.buckets = try Row.fetchAll(db, sql: "SELECT * FROM activity WHERE run_id = ? ORDER BY start", arguments: args).map {
            Inventory.ActivityBucket(start: $0["start"], packets: $0["packets"], bytes: $0["bytes"])
        }
        inv.scan = try ScanRows.read(run: run, db: db)
        return inv
    }
}
