import Foundation
import GRDB
import KPCensus

/// Writes one run's inventory into the tables. Lists (roles, MACs, names, site
/// addresses and evidence) are JSON arrays, so `json_each` can query them.
struct RunWriter {
    let db: Database
    let run: Int64

    static func json(_ list: [String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: list, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    func write(_ inv: Inventory, observations: [Observation], origin: String) throws {
        let i = inv.input
        try db.execute(sql: """
            UPDATE runs SET filter = ?, packets = ?, bytes = ?, first_packet = ?, last_packet = ?,
              truncated_packets = ?, undecodable_packets = ?, non_ip_packets = ?, fragment_packets = ?,
              fragment_datagrams = ?, flows_tcp = ?, flows_udp = ?, flows_icmp = ?, flows_other = ?,
              flows_tcp_without_handshake = ?, http_requests = ? WHERE id = ?
            """, arguments: [i.filter, i.packets, i.bytes, i.first, i.last, i.truncatedPackets, i.undecodablePackets,
                             i.nonIPPackets, i.fragments.packets, i.fragments.datagrams, inv.flows.tcp, inv.flows.udp,
                             inv.flows.icmp, inv.flows.other, inv.flows.tcpWithoutHandshake, inv.http.requests, run])
        for (n, f) in i.files.enumerated() {
            try db.execute(sql: "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [run, n, f.path, f.format, f.linktype, f.packets, f.status, f.warning])
        }
        for (n, h) in inv.hosts.enumerated() {
            try db.execute(sql: "INSERT INTO hosts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [run, h.addr, RunWriter.json(h.roles), RunWriter.json(h.macs), RunWriter.json(h.names),
                                       h.packets, h.bytes, n])
        }
        for (n, s) in inv.services.enumerated() {
            try db.execute(sql: "INSERT INTO services VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [run, s.addr, s.port, s.transport, s.service, s.software, s.clients, n])
        }
        for q in inv.dns.queries {
            try db.execute(sql: "INSERT INTO dns_queries VALUES (?, ?, ?, ?)", arguments: [run, q.name, q.type, q.count])
        }
        for a in inv.dns.answers {
            try db.execute(sql: "INSERT INTO dns_answers VALUES (?, ?, ?, ?)", arguments: [run, a.name, a.type, a.data])
        }
        for h in inv.http.hosts {
            try db.execute(sql: "INSERT INTO http_hosts VALUES (?, ?, ?)", arguments: [run, h.host, h.requests])
        }
        for n in inv.tls.serverNames {
            try db.execute(sql: "INSERT INTO tls_names VALUES (?, 'sni', ?, ?)", arguments: [run, n.name, n.count])
        }
        for n in inv.tls.certificateNames {
            try db.execute(sql: "INSERT INTO tls_names VALUES (?, 'certificate', ?, ?)", arguments: [run, n.name, n.count])
        }
        for l in inv.dhcp {
            try db.execute(sql: "INSERT INTO dhcp_leases VALUES (?, ?, ?, ?, ?)",
                           arguments: [run, l.mac, l.addr, l.hostName, l.vendorClass])
        }
        for s in inv.sites {
            try db.execute(sql: "INSERT INTO sites VALUES (?, ?, ?, ?)",
                           arguments: [run, s.name, RunWriter.json(s.addrs), RunWriter.json(s.evidence)])
        }
        try EstimateRows(db: db, run: run).write(inv)
        for a in inv.anomalies {
            try db.execute(sql: "INSERT INTO anomalies VALUES (?, ?, ?, ?, ?)", arguments: [run, a.code, a.kind, a.layer, a.count])
        }
        try db.execute(sql: "UPDATE runs SET activity_bucket_ms = ? WHERE id = ?", arguments: [inv.activity.bucketMS, run])
        for b in inv.activity.buckets {
            try db.execute(sql: "INSERT INTO activity VALUES (?, ?, ?, ?)", arguments: [run, b.start, b.packets, b.bytes])
        }
        let stmt = try db.makeStatement(sql: "INSERT INTO observations (run_id, kind, subject, origin, source_idx, packet, time) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for o in observations {
            try stmt.execute(arguments: [run, o.kind, o.subject, origin, o.source.file, o.source.packet,
                                         Timestamp.iso8601(o.source.timestamp)])
        }
    }
}
