import KPModel

/// The inventory's totals kept as columns of `runs`: one list, written by
/// `RunWriter` and read back by `RunReader`.
enum RunColumns {
    static let counts: [(column: String, field: WritableKeyPath<Inventory, Int> & Sendable)] = [
        ("packets", \.input.packets), ("bytes", \.input.bytes), ("truncated_packets", \.input.truncatedPackets),
        ("undecodable_packets", \.input.undecodablePackets), ("non_ip_packets", \.input.nonIPPackets),
        ("fragment_packets", \.input.fragments.packets), ("fragment_datagrams", \.input.fragments.datagrams),
        ("flows_tcp", \.flows.tcp), ("flows_udp", \.flows.udp), ("flows_icmp", \.flows.icmp), ("flows_other", \.flows.other),
        ("flows_tcp_without_handshake", \.flows.tcpWithoutHandshake), ("http_requests", \.http.requests),
        ("spread_prefix", \.spread.subnetPrefix), ("spread_hosts", \.spread.hosts), ("spread_subnets", \.spread.subnets),
        ("activity_bucket_ms", \.activity.bucketMS),
    ]
    static let texts: [(column: String, field: WritableKeyPath<Inventory, String?> & Sendable)] = [
        ("filter", \.input.filter), ("first_packet", \.input.first), ("last_packet", \.input.last),
    ]

    /// `UPDATE runs SET … WHERE id = ?` for every column of the lists.
    static let update = "UPDATE runs SET " + (texts.map(\.column) + counts.map(\.column)).map { "\($0) = ?" }.joined(separator: ", ") + " WHERE id = ?"
}
