import KPModel
import KPWire

/// Turns the census tables into the sorted, deterministic inventory.
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

        var names = addrNames
        for lease in dhcpLeases.values {
            if let addr = lease.addr, let name = lease.hostName { names[addr, default: []].insert(name.asciiLowercased) }
        }
        inv.hosts = hosts.entries.filter(\.sent).sorted { $0.addr < $1.addr }.map { h in
            var roles: [String] = []
            if h.isClient { roles.append("client") }
            if h.isServer { roles.append("server") }
            return Inventory.Host(addr: h.addr.description, roles: roles, macs: h.macs.sorted().map(\.description),
                                  names: (names[h.addr] ?? []).sorted(), packets: h.packets, bytes: h.bytes)
        }

        inv.services = services.entries.sorted { a, b in
            (a.key.addr, a.key.port, a.key.proto) < (b.key.addr, b.key.port, b.key.proto)
        }.map { key, entry in
            Inventory.Service(addr: key.addr.description, port: Int(key.port), transport: key.proto == 6 ? "tcp" : "udp",
                              service: entry.service.name, software: entry.bestSoftware, clients: entry.clients.count)
        }

        inv.flows = flowCounts

        inv.dns.queries = dnsQueries.map { Inventory.DNSQuery(name: $0.key.name, type: DNSType.name($0.key.type), count: $0.value) }
            .sorted { ($0.name, $0.type) < ($1.name, $1.type) }
        inv.dns.answers = dnsAnswers.map { Inventory.DNSAnswer(name: $0.name, type: DNSType.name($0.type), data: $0.data) }
            .sorted { ($0.name, $0.type, $0.data) < ($1.name, $1.type, $1.data) }

        inv.http.requests = httpRequests
        inv.http.hosts = httpHosts.map { Inventory.HTTPHost(host: $0.key, requests: $0.value) }.sorted { $0.host < $1.host }
        inv.tls.serverNames = serverNames.map { Inventory.TLSName(name: $0.key, count: $0.value) }.sorted { $0.name < $1.name }
        inv.tls.certificateNames = certificateNames.map { Inventory.TLSName(name: $0.key, count: $0.value) }.sorted { $0.name < $1.name }

        inv.dhcp = dhcpLeases.sorted { $0.key < $1.key }.map { mac, lease in
            Inventory.DHCPLease(mac: mac.description, addr: lease.addr?.description, hostName: lease.hostName, vendorClass: lease.vendorClass)
        }

        inv.sites = sites.keys.sorted().map { name in
            var addrs = sites[name]?.servers ?? []
            var evidence: [String] = []
            let resolved = resolve(name)
            if !resolved.isEmpty {
                evidence.append("dns")
                addrs.formUnion(resolved)
            }
            let seen = sites[name]?.evidence ?? []
            if seen.contains(.http) { evidence.append("http") }
            if seen.contains(.tls) { evidence.append("tls") }
            return Inventory.Site(name: name, addrs: addrs.sorted().map(\.description), evidence: evidence)
        }

        inv.users.clientAddrs = inv.hosts.filter { $0.roles.contains("client") }.count
        fillEstimates(&inv)
        inv.spread = ServiceSpreadBuilder.spread(of: inv.services)

        inv.anomalies = anomalies.map { code, n in
            Inventory.Anomaly(code: code.rawValue, kind: code.kind.rawValue, layer: code.layer.rawValue, count: n)
        }.sorted { $0.code < $1.code }
        return inv
    }

    /// The addresses DNS answers gave for a name, following CNAMEs (at most 8).
    func resolve(_ name: String) -> Set<IPAddress> {
        var n = name
        var out = nameAddrs[n] ?? []
        for _ in 0 ..< 8 {
            guard let target = cnames[n] else { break }
            n = target
            out.formUnion(nameAddrs[n] ?? [])
        }
        return out
    }

    /// First sightings of the inventory's hosts, services, sites and DNS names, sorted.
    public func observations() -> [Observation] {
        var out: [Observation] = []
        for h in hosts.entries where h.sent {
            if let s = h.firstSent { out.append(Observation(kind: "host", subject: h.addr.description, source: s)) }
        }
        for (key, entry) in services.entries {
            let subject = "\(key.addr)/\(key.proto == 6 ? "tcp" : "udp")/\(key.port)"
            out.append(Observation(kind: "service", subject: subject, source: entry.first))
        }
        for (name, site) in sites { out.append(Observation(kind: "site", subject: name, source: site.first)) }
        for (name, s) in dnsFirst { out.append(Observation(kind: "dns_name", subject: name, source: s)) }
        return out.sorted { ($0.kind, $0.subject) < ($1.kind, $1.subject) }
    }
}
