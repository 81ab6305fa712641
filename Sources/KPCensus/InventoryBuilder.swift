import KPModel
import KPWire

/// Turns the census tables into the sorted, deterministic inventory: the sections
/// of packets, hosts and flows here, each protocol's section by its recorder.
extension Census {
    func buildInventory() -> Inventory {
        var inv = Inventory()
        inv.input.files = inputFiles
        inv.input.packets = packets
        inv.input.bytes = bytes
        inv.input.first = first.map(Timestamp.iso8601)
        inv.input.last = first == nil ? nil : Timestamp.iso8601(last)
        inv.input.truncatedPackets = truncatedPackets
        inv.input.undecodablePackets = undecodablePackets
        inv.input.nonIPPackets = nonIPPackets
        inv.input.filter = filter
        inv.input.fragments.packets = fragmentPackets
        inv.input.fragments.datagrams = fragmentDatagrams.count
        inv.activity = activity.inventory()

        let all = recorders.all
        for r in all { r.write(into: &inv, from: recorders) }
        var names: [IPAddress: Set<String>] = [:]
        for r in all { r.addHostNames(to: &names) }
        inv.hosts = hosts.entries.filter(\.sent).sorted { $0.addr < $1.addr }.map { h in
            var roles: [String] = []
            if h.isClient { roles.append("client") }
            if h.isServer { roles.append("server") }
            return Inventory.Host(addr: h.addr.description, roles: roles, macs: h.macs.sorted().map(\.description),
                                  names: (names[h.addr] ?? []).sorted(), packets: h.packets, bytes: h.bytes)
        }
        inv.flows = flowCounts

        inv.users.clientAddrs = inv.hosts.filter { $0.roles.contains("client") }.count
        fillEstimates(&inv)

        inv.anomalies = context.anomalies.map { code, n in
            Inventory.Anomaly(code: code.rawValue, kind: code.kind.rawValue, layer: code.layer.rawValue, count: n)
        }.sorted { $0.code < $1.code }
        return inv
    }

    /// First sightings of the inventory's hosts, services, sites and DNS names, sorted.
    public func observations() -> [Observation] {
        var out: [Observation] = []
        for h in hosts.entries where h.sent {
            if let s = h.firstSent { out.append(Observation(kind: "host", subject: h.addr.description, source: s)) }
        }
        for r in recorders.all { r.addObservations(to: &out) }
        return out.sorted { ($0.kind, $0.subject) < ($1.kind, $1.subject) }
    }
}
