import Foundation
import GRDB
import KPCensus

/// Writes one run's inventory into the tables. Lists (roles, MACs, names, site
/// addresses and evidence) are JSON arrays, so `json_each` can query them.
struct RunWriter {
    let db: Database
    let run: Int64

    /// Runs `sql` through the connection's statement cache: most statements here run
    /// once per row, and compiling each row's SQL anew was most of a run's store time.
    func execute(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    func write(_ inv: Inventory, observations: [Observation], origin: String) throws {
        let i = inv.input
        try execute("""
            UPDATE runs SET filter = ?, packets = ?, bytes = ?, first_packet = ?, last_packet = ?,
              truncated_packets = ?, undecodable_packets = ?, non_ip_packets = ?, fragment_packets = ?,
              fragment_datagrams = ?, flows_tcp = ?, flows_udp = ?, flows_icmp = ?, flows_other = ?,
              flows_tcp_without_handshake = ?, http_requests = ? WHERE id = ?
            """, [i.filter, i.packets, i.bytes, i.first, i.last, i.truncatedPackets, i.undecodablePackets,
                 i.nonIPPackets, i.fragments.packets, i.fragments.datagrams, inv.flows.tcp, inv.flows.udp,
                 inv.flows.icmp, inv.flows.other, inv.flows.tcpWithoutHandshake, inv.http.requests, run])
        for (n, f) in i.files.enumerated() {
            try execute("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [run, n, f.path, f.format, f.linktype, f.packets, f.status, f.warning])
        }
        for (n, h) in inv.hosts.enumerated() {
            try execute("INSERT INTO hosts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [run, h.addr, JSONList.encode(h.roles), JSONList.encode(h.macs), JSONList.encode(h.names),
                 h.packets, h.bytes, n])
        }
        for (n, s) in inv.services.enumerated() {
            try execute("INSERT INTO services VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [run, s.addr, s.port, s.transport, s.service, s.software, s.clients, n])
        }
        for q in inv.dns.queries {
            try execute("INSERT INTO dns_queries VALUES (?, ?, ?, ?)", [run, q.name, q.type, q.count])
        }
        for a in inv.dns.answers {
            try execute("INSERT INTO dns_answers VALUES (?, ?, ?, ?)", [run, a.name, a.type, a.data])
        }
        for h in inv.http.hosts {
            try execute("INSERT INTO http_hosts VALUES (?, ?, ?)", [run, h.host, h.requests])
        }
        for n in inv.tls.serverNames {
            try execute("INSERT INTO tls_names VALUES (?, 'sni', ?, ?)", [run, n.name, n.count])
        }
        for n in inv.tls.certificateNames {
            try execute("INSERT INTO tls_names VALUES (?, 'certificate', ?, ?)", [run, n.name, n.count])
        }
        for l in inv.dhcp {
            try execute("INSERT INTO dhcp_leases VALUES (?, ?, ?, ?, ?)",
                [run, l.mac, l.addr, l.hostName, l.vendorClass])
        }
        for s in inv.sites {
            try execute("INSERT INTO sites VALUES (?, ?, ?, ?)",
                [run, s.name, JSONList.encode(s.addrs), JSONList.encode(s.evidence)])
        }
        try EstimateRows(db: db, run: run).write(inv)
        for a in inv.anomalies {
            try execute("INSERT INTO anomalies VALUES (?, ?, ?, ?, ?)", [run, a.code, a.kind, a.layer, a.count])
        }
        try execute("UPDATE runs SET activity_bucket_ms = ? WHERE id = ?", [inv.activity.bucketMS, run])
        for b in inv.activity.buckets {
            try execute("INSERT INTO activity VALUES (?, ?, ?, ?)", [run, b.start, b.packets, b.bytes])
        }
        let stmt = try db.makeStatement(sql: "INSERT INTO observations (run_id, kind, subject, origin, source_idx, packet, time) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for o in observations {
            try stmt.execute(arguments: [run, o.kind, o.subject, origin, o.source.file, o.source.packet,
                                         Timestamp.iso8601(o.source.timestamp)])
        }
    }
}
