import KPCensus
import KPModel
import KPWire

/// A scan's findings as a `kpcensus.inventory/1` inventory (hosts, services, DNS
/// answers, certificate names, sites, and the `scan` section) and as active
/// observations (kind, subject, probe) for the census database.
public enum ScanInventory {
    public struct ActiveObservation: Equatable, Sendable {
        public var kind: String
        public var subject: String
        public var probe: String
    }

    public static func build(_ f: ScanFindings, options o: ScanOptions) -> (Inventory, [ActiveObservation]) {
        var inv = Inventory()
        var obs: [ActiveObservation] = []
        var hostNames: [IPAddress: Set<String>] = [:]
        for (n, addrs) in f.names { for a in addrs { hostNames[a, default: []].insert(n) } }
        for (a, ns) in f.ptr { hostNames[a, default: []].formUnion(ns) }
        let servers = Set(f.services.values.map(\.addr))
        inv.hosts = f.hosts.keys.sorted().map { a in
            Inventory.Host(addr: a.description, roles: servers.contains(a) ? ["server"] : [], macs: [],
                           names: (hostNames[a] ?? []).sorted(), packets: 0, bytes: 0)
        }
        for (a, p) in f.hosts.sorted(by: { $0.key < $1.key }) { obs.append(.init(kind: "host", subject: a.description, probe: p.rawValue)) }
        let services = f.services.values.sorted { ($0.addr, $0.port, $0.transport) < ($1.addr, $1.port, $1.transport) }
        inv.services = services.map {
            Inventory.Service(addr: $0.addr.description, port: Int($0.port), transport: $0.transport,
                              service: $0.info.service, software: $0.info.software, clients: 0,
                              product: $0.info.product, version: $0.info.version, info: $0.info.info, cpe: $0.info.cpe)
        }
        for s in services { obs.append(.init(kind: "service", subject: ScanFindings.key(s.addr, s.port, s.transport), probe: s.info.probe.rawValue)) }
        var answers = Set<String>()
        var dnsAnswers: [Inventory.DNSAnswer] = []
        for (n, addrs) in f.names { for a in addrs where answers.insert("\(n) A \(a)").inserted {
            dnsAnswers.append(.init(name: n, type: "A", data: a.description))
        } }
        for (a, ns) in f.ptr { for n in ns { dnsAnswers.append(.init(name: a.reverseName, type: "PTR", data: n)) } }
        inv.dns.answers = dnsAnswers.sorted { ($0.name, $0.type, $0.data) < ($1.name, $1.type, $1.data) }
        for n in Set(dnsAnswers.map(\.name)).sorted() { obs.append(.init(kind: "dns_name", subject: n, probe: n.hasSuffix(".in-addr.arpa") ? "ptr" : "dns")) }
        inv.tls.certificateNames = f.certificateNames.sorted { $0.key < $1.key }.map { Inventory.TLSName(name: $0.key, count: $0.value) }
        var sites: [String: (addrs: Set<String>, evidence: Set<String>)] = [:]
        for s in f.sites {
            sites[s.name, default: ([], [])].addrs.insert(s.addr.description)
            sites[s.name]!.evidence.insert(s.tls ? "tls" : "http")
        }
        inv.sites = sites.keys.sorted().map { n in
            Inventory.Site(name: n, addrs: sites[n]!.addrs.sorted { IPAddress(ipv4: $0)! < IPAddress(ipv4: $1)! }, evidence: sites[n]!.evidence.sorted())
        }
        for s in f.sites.sorted() { obs.append(.init(kind: "site", subject: "\(s.name)@\(s.addr.description):\(s.port)", probe: "vhost")) }
        var scan = ScanSection()
        scan.scope = o.scope.scope.map(\.description)
        scan.probes = o.probes.map(\.rawValue).sorted()
        scan.portScan = f.portScan?.rawValue
        scan.targets = o.targets.count
        scan.probesSent = f.probesSent
        scan.dnsServers = f.dnsServers.keys.sorted().map { a in
            ScanSection.DNSServer(addr: a.description, zones: f.dnsServers[a]!.sorted { $0.zone < $1.zone }.map {
                ScanSection.Zone(zone: $0.zone, authoritative: $0.authoritative, axfr: $0.axfr)
            })
        }
        scan.wildcardZones = f.wildcardZones.sorted()
        scan.outOfScope = f.outOfScope.sorted()
        scan.crawledPages = f.crawledPages
        scan.note = f.note
        inv.scan = scan
        return (inv, obs)
    }
}
