import Foundation
import GRDB
import KPCensus
import KPModel

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
        var row = try RowInserter(db, "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        for (n, f) in i.files.enumerated() {
            row.bind(run); row.bind(n); row.bind(f.path); row.bind(f.format); row.bind(f.linktype)
            row.bind(f.packets); row.bind(f.status); row.bind(f.warning)
            try row.insert()
        }
        row = try RowInserter(db, "INSERT INTO hosts VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        for (n, h) in inv.hosts.enumerated() {
            row.bind(run); row.bind(h.addr); row.bind(JSONList.encode(h.roles)); row.bind(JSONList.encode(h.macs))
            row.bind(JSONList.encode(h.names)); row.bind(h.packets); row.bind(h.bytes); row.bind(n)
            try row.insert()
        }
        row = try RowInserter(db, "INSERT INTO services VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        for (n, s) in inv.services.enumerated() {
            row.bind(run); row.bind(s.addr); row.bind(s.port); row.bind(s.transport); row.bind(s.service)
            row.bind(s.software); row.bind(s.clients); row.bind(n)
            try row.insert()
        }
        row = try RowInserter(db, "INSERT INTO dns_queries VALUES (?, ?, ?, ?)")
        for q in inv.dns.queries {
            row.bind(run); row.bind(q.name); row.bind(q.type); row.bind(q.count)
            try row.insert()
        }
        row = try RowInserter(db, "INSERT INTO dns_answers VALUES (?, ?, ?, ?)")
        for a in inv.dns.answers {
            row.bind(run); row.bind(a.name); row.bind(a.type); row.bind(a.data)
            try row.insert()
        }
        row = try RowInserter(db, "INSERT INTO http_hosts VALUES (?, ?, ?)")
        for h in inv.http.hosts {
            row.bind(run); row.bind(h.host); row.bind(h.requests)
            try row.insert()
        }
        row = try RowInserter(db, "INSERT INTO tls_names VALUES (?, ?, ?, ?)")
        for (kind, names) in [("sni", inv.tls.serverNames), ("certificate", inv.tls.certificateNames)] {
            for n in names {
                row.bind(run); row.bind(kind); row.bind(n.name); row.bind(n.count)
                try row.insert()
            }
        }
        row = try RowInserter(db, "INSERT INTO dhcp_leases VALUES (?, ?, ?, ?, ?)")
        for l in inv.dhcp {
            row.bind(run); row.bind(l.mac); row.bind(l.addr); row.bind(l.hostName); row.bind(l.vendorClass)
            try row.insert()
        }
        row = try RowInserter(db, "INSERT INTO sites VALUES (?, ?, ?, ?)")
        for s in inv.sites {
            row.bind(run); row.bind(s.name); row.bind(JSONList.encode(s.addrs)); row.bind(JSONList.encode(s.evidence))
            try row.insert()
        }
        try EstimateRows(db: db, run: run).write(inv)
        row = try RowInserter(db, "INSERT INTO anomalies VALUES (?, ?, ?, ?, ?)")
        for a in inv.anomalies {
            row.bind(run); row.bind(a.code); row.bind(a.kind); row.bind(a.layer); row.bind(a.count)
            try row.insert()
        }
        try execute("UPDATE runs SET activity_bucket_ms = ? WHERE id = ?", [inv.activity.bucketMS, run])
        row = try RowInserter(db, "INSERT INTO activity VALUES (?, ?, ?, ?)")
        for b in inv.activity.buckets {
            row.bind(run); row.bind(b.start); row.bind(b.packets); row.bind(b.bytes)
            try row.insert()
        }
        row = try RowInserter(db, "INSERT INTO observations (run_id, kind, subject, origin, source_idx, packet, time) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for o in observations {
            row.bind(run); row.bind(o.kind); row.bind(o.subject); row.bind(origin); row.bind(o.source.file)
            row.bind(o.source.packet); row.bind(Timestamp.iso8601(o.source.timestamp))
            try row.insert()
        }
    }
}
