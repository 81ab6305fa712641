import KPCensus
import KPModel

extension CensusReport {
    /// Builds the report of one run from its inventory (as stored) and the run's identity;
    /// `joined` runs (a scan next to a capture) add their hosts, services, names and sites.
    public init(inventory base: Inventory, run: Run, joined: [(run: Run, inventory: Inventory)] = []) {
        let inv = joined.reduce(base) { InventoryUnion.join($0, $1.inventory, kind: $1.run.kind) }
        self.run = run
        joinedRuns = joined.map(\.run)
        overview = Self.overview(inv)
        sites = Self.sites(inv)
        users = Self.users(inv)
        services = Self.services(inv)
        hosts = inv.hosts.sorted { Grouping.addrLess($0.addr, $1.addr) }
        dns = Self.dns(inv)
        airGap = AirGap(verdict: nil,
                        status: "not measured in this run: no air-gap check was made (kpcensus airgap); the addresses below are facts, not a verdict",
                        outsideAddrs: inv.hosts.map(\.addr).filter(Grouping.isOutsidePrivateRanges).sorted(by: Grouping.addrLess))
        dataQuality = DataQuality(
            truncatedPackets: inv.input.truncatedPackets, undecodablePackets: inv.input.undecodablePackets,
            nonIPPackets: inv.input.nonIPPackets, fragments: inv.input.fragments,
            tcpWithoutHandshake: inv.flows.tcpWithoutHandshake,
            incompleteSources: inv.input.files.filter { $0.status != "complete" || $0.warning != nil },
            anomalies: inv.anomalies.sorted { ($0.kind, $0.code) < ($1.kind, $1.code) },
            limitsReached: inv.anomalies.filter { $0.kind == "limit" }.map(\.code).sorted())
        activity = inv.activity
        methodNotes = Self.notes(inv)
    }

    static func sortedCounts(_ counts: [String: Int]) -> [Count] {
        counts.map { Count(key: $0.key, count: $0.value) }.sorted { ($1.count, $0.key) < ($0.count, $1.key) }
    }

    static func subnetLess(_ a: String, _ b: String) -> Bool {
        let na = String(a.split(separator: "/").first ?? ""), nb = String(b.split(separator: "/").first ?? "")
        return Grouping.addrLess(na, nb)
    }

    static func overview(_ inv: Inventory) -> Overview {
        let i = inv.input
        return Overview(
            first: i.first, last: i.last, seconds: seconds(i.first, i.last), sources: i.files, filter: i.filter,
            packets: i.packets, bytes: i.bytes, hosts: inv.hosts.count,
            servers: inv.hosts.filter { $0.roles.contains("server") }.count, clientAddrs: inv.users.clientAddrs,
            services: inv.services.count, sites: inv.sites.count, flows: inv.flows, captureDrops: nil,
            captureDropsStatus: "not measured in this run: capture files record no drop counts (a live capture reports them)")
    }

    /// Seconds between two inventory timestamps (same fixed layout), rounded to µs.
    static func seconds(_ first: String?, _ last: String?) -> Double {
        guard let a = first.flatMap(epochMicros), let b = last.flatMap(epochMicros) else { return 0 }
        return Double(b - a) / 1_000_000
    }

    /// Microseconds since the epoch of "YYYY-MM-DDTHH:MM:SS.ffffffZ".
    static func epochMicros(_ s: String) -> Int64? {
        let u = Array(s.utf8)
        guard u.count == 27 else { return nil }
        func num(_ r: Range<Int>) -> Int64? { Int64(String(decoding: u[r], as: UTF8.self)) }
        guard var y = num(0 ..< 4), let m = num(5 ..< 7), let d = num(8 ..< 10), let hh = num(11 ..< 13),
              let mm = num(14 ..< 16), let ss = num(17 ..< 19), let f = num(20 ..< 26) else { return nil }
        // Days from civil (H. Hinnant), inverse of Timestamp.iso8601.
        y -= m <= 2 ? 1 : 0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return ((days * 86400 + hh * 3600 + mm * 60 + ss) * 1_000_000) + f
    }

    static func sites(_ inv: Inventory) -> Sites {
        let list = inv.sites.map {
            Site(name: $0.name, category: Grouping.category(of: $0.name), addrs: $0.addrs.sorted(by: Grouping.addrLess), evidence: $0.evidence)
        }.sorted { $0.name < $1.name }
        var byCategory: [String: Int] = [:]
        for s in list { byCategory[s.category, default: 0] += 1 }
        return Sites(count: Estimate(inv.siteCount), byCategory: sortedCounts(byCategory), list: list)
    }

    static func users(_ inv: Inventory) -> Users {
        var bySubnet: [String: Int] = [:]
        for h in inv.hosts where h.roles.contains("client") { bySubnet[Grouping.subnet(of: h.addr), default: 0] += 1 }
        let u = inv.users
        return Users(
            clientAddrs: u.clientAddrs, devices: u.devices,
            count: Estimate(u.deviceEstimate),
            byAccessType: nil,
            byAccessTypeStatus: "not measured in this run: access types need the user model (shared addresses, DHCP vendor classes)",
            bySubnet: bySubnet.map { Count(key: $0.key, count: $0.value) }.sorted { subnetLess($0.key, $1.key) })
    }

    static func services(_ inv: Inventory) -> Services {
        var count: [String: Int] = [:]
        var servers: [String: Set<String>] = [:]
        var bySubnet: [SubnetKey: Int] = [:]
        for s in inv.services {
            let name = s.service ?? "unidentified"
            count[name, default: 0] += 1
            servers[name, default: []].insert(s.addr)
            bySubnet[SubnetKey(subnet: Grouping.subnet(of: s.addr), service: name), default: 0] += 1
        }
        let byService = count.map { ServiceCount(service: $0.key, count: $0.value, servers: servers[$0.key]?.count ?? 0) }
            .sorted { ($1.count, $0.service) < ($0.count, $1.service) }
        let subnets = bySubnet.map { SubnetService(subnet: $0.key.subnet, service: $0.key.service, count: $0.value) }
            .sorted { $0.subnet != $1.subnet ? subnetLess($0.subnet, $1.subnet) : $0.service < $1.service }
        let list = inv.services.sorted {
            $0.addr != $1.addr ? Grouping.addrLess($0.addr, $1.addr) : ($0.port, $0.transport) < ($1.port, $1.transport)
        }
        return Services(byService: byService, bySubnet: subnets, byProduct: byProduct(inv.services), unnamed: unnamed(inv.services), list: list)
    }

    struct SubnetKey: Hashable {
        var subnet: String
        var service: String
    }

    static func under(_ name: String, _ zone: String) -> Bool { name == zone || name.hasSuffix("." + zone) }

    static func dns(_ inv: Inventory) -> DNS {
        let d = inv.dns
        let scanned = inv.scan?.dnsServers ?? []
        var zoneNames = Set(d.answers.filter { $0.type == "SOA" || $0.type == "NS" }.map(\.name))
        zoneNames.formUnion(d.queries.filter { $0.type == "AXFR" }.map(\.name))
        zoneNames.formUnion(scanned.flatMap { $0.zones.map(\.zone) })
        let allNames = Set(d.queries.map(\.name)).union(d.answers.map(\.name))
        let zones = zoneNames.sorted().map { z -> Zone in
            let requests = d.queries.filter { $0.type == "AXFR" && $0.name == z }.reduce(0) { $0 + $1.count }
            let records = d.answers.filter { under($0.name, z) && $0.type != "SOA" }.count
            var transfer = requests == 0 ? "not requested" : (records == 0 ? "requested, no answer seen" : "requested, zone records seen")
            // What the scan's AXFR probes got from each server, in address order.
            let tried = scanned.compactMap { s in s.zones.first { $0.zone == z }.map { (s.addr, $0) } }
            if !tried.isEmpty {
                transfer += "; scan: " + tried.map { "\($0.1.axfr ?? "not tried") at \($0.0)" }.joined(separator: ", ")
            }
            let servers = Set(d.answers.filter { $0.name == z && $0.type == "NS" }.map(\.data))
                .union(tried.filter { $0.1.authoritative }.map(\.0))
            return Zone(zone: z, nameServers: servers.sorted(),
                        names: allNames.filter { under($0, z) }.count, transferRequests: requests, transfer: transfer)
        }
        let queries = d.queries.sorted { ($1.count, $0.name, $0.type) < ($0.count, $1.name, $1.type) }
        return DNS(zones: zones, queries: queries, answers: d.answers.count)
    }

    static func notes(_ inv: Inventory) -> [Note] {
        func estimateNote(_ what: String, _ e: (method: String, reason: String?, estimate: Double?)) -> String {
            guard e.estimate != nil else {
                return "No estimate of the number of \(what) in this run: \(e.reason ?? "too little data"). The observed count is a lower bound."
            }
            return "Estimated with method \"\(e.method)\"\(e.reason.map { " (\($0))" } ?? ""); the interval is its 95 % interval. docs/estimates.md gives each model's assumptions."
        }
        return [
            Note(topic: "sites", text: "A site is a web host name asked of a server (HTTP Host, TLS SNI); its addresses are the servers asked plus DNS answers for the name; evidence \"scan:http\" or \"scan:tls\" means a joined scan found it by virtual-host probing. " + estimateNote("sites", (inv.siteCount.method, inv.siteCount.reason, inv.siteCount.estimate))),
            Note(topic: "site categories", text: "Derived from the name alone: the .kp second-level zone the site lies under (com.kp, edu.kp, gov.kp, net.kp, org.kp, rep.kp, tra.kp), \"kp\" for names directly under .kp, \"other: TLD\" outside .kp. It says where a name is registered, not what the site is about."),
            Note(topic: "users", text: "Client addresses are hosts that opened a flow that was answered; devices separate machines sharing an address (TCP timestamp clocks, IP ID counters, TTL, User-Agents). " + estimateNote("users", (inv.users.method, inv.users.reason, inv.users.estimate))),
            Note(topic: "subnets", text: "Addresses are grouped by IPv4 /24 and IPv6 /64, whatever the real prefix lengths are."),
            Note(topic: "services", text: "A service is an (address, port, transport) that answered; its protocol comes from content (greetings, request and response heads, hellos), not from the port. Products and versions come from nmap's service fingerprints (nmap-service-probes) matched once per service on the server's first bytes; a service nothing named is unnamed, and its flows and bytes are counted against those of all services."),
            Note(topic: "dns zones", text: "Zones are names with SOA or NS answers or AXFR queries. A passive census cannot tell which answers came from a transfer: \"zone records seen\" means an AXFR was asked and answers under the zone were seen. A scan (reported alone or joined with a second --run) says per name server whether it allowed or refused the transfer."),
            Note(topic: "activity", text: "Packets per bucket of \(inv.activity.bucketMS) ms, the smallest width of 1 ms, 10 ms, 100 ms, 1 s, 10 s, 1 min, 10 min, 1 h, 1 d that keeps the capture within 1000 buckets; times are capture times, UTC."),
            Note(topic: "air gap", text: "No verdict is given until an air-gap check has run. Outside addresses are host addresses outside 10/8, 172.16/12, 192.168/16, 127/8, 169.254/16, fc00::/7, fe80::/10 and ::1."),
        ]
    }
}
