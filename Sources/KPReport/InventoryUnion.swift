import KPCensus
import KPModel

/// Joins another run's inventory (typically a scan next to a capture) into a run's,
/// so one report shows both sources. Hosts, services, DNS answers, certificate names
/// and sites are joined; traffic counts, input, estimates and activity stay the base
/// run's. Site evidence from the other run carries its kind ("scan:http").
enum InventoryUnion {
    static func join(_ base: Inventory, _ other: Inventory, kind: String) -> Inventory {
        var inv = base
        var hostIndex = Dictionary(uniqueKeysWithValues: inv.hosts.enumerated().map { ($0.element.addr, $0.offset) })
        for h in other.hosts {
            if let i = hostIndex[h.addr] {
                inv.hosts[i].roles = Array(Set(inv.hosts[i].roles).union(h.roles)).sorted()
                inv.hosts[i].macs = Array(Set(inv.hosts[i].macs).union(h.macs)).sorted()
                inv.hosts[i].names = Array(Set(inv.hosts[i].names).union(h.names)).sorted()
            } else {
                hostIndex[h.addr] = inv.hosts.count
                inv.hosts.append(h)
            }
        }
        var serviceIndex: [String: Int] = [:]
        for (i, s) in inv.services.enumerated() { serviceIndex["\(s.addr) \(s.port) \(s.transport)"] = i }
        for s in other.services {
            if let i = serviceIndex["\(s.addr) \(s.port) \(s.transport)"] {
                inv.services[i].service = inv.services[i].service ?? s.service
                inv.services[i].software = inv.services[i].software ?? s.software
                if inv.services[i].product == nil && s.product != nil {
                    (inv.services[i].product, inv.services[i].version, inv.services[i].info, inv.services[i].cpe) = (s.product, s.version, s.info, s.cpe)
                }
            } else {
                inv.services.append(s)
            }
        }
        let answers = Set(inv.dns.answers.map { "\($0.name) \($0.type) \($0.data)" })
        inv.dns.answers += other.dns.answers.filter { !answers.contains("\($0.name) \($0.type) \($0.data)") }
        var certs = Dictionary(inv.tls.certificateNames.map { ($0.name, $0.count) }, uniquingKeysWith: +)
        for n in other.tls.certificateNames { certs[n.name, default: 0] += n.count }
        inv.tls.certificateNames = certs.keys.sorted().map { Inventory.TLSName(name: $0, count: certs[$0]!) }
        var siteIndex = Dictionary(uniqueKeysWithValues: inv.sites.enumerated().map { ($0.element.name, $0.offset) })
        for s in other.sites {
            let evidence = s.evidence.map { "\(kind):\($0)" }
            if let i = siteIndex[s.name] {
                inv.sites[i].addrs = Array(Set(inv.sites[i].addrs).union(s.addrs)).sorted(by: Grouping.addrLess)
                inv.sites[i].evidence = Array(Set(inv.sites[i].evidence).union(evidence)).sorted()
            } else {
                siteIndex[s.name] = inv.sites.count
                inv.sites.append(Inventory.Site(name: s.name, addrs: s.addrs, evidence: evidence))
            }
        }
        inv.siteCount.observed = inv.sites.count
        inv.scan = base.scan ?? other.scan
        return inv
    }
}
