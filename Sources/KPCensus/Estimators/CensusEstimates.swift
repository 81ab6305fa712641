import KPModel
import KPWire

/// Fills `site_count`, `users` and `client_devices` of the inventory from the
/// evidence the census kept (sightings per site, device chains per address).
/// Capture occasions are K equal time windows of the capture (TimeWindows).
extension Census {
    func fillEstimates(_ inv: inout Inventory) {
        let windows = TimeWindows(first: first, last: last)
        let tooShort = "the capture spans \(first.map { (last - $0) / 1_000_000_000 } ?? 0) s; the estimators need at least \(TimeWindows.minimumSpan) s, cut into \(TimeWindows.count) time windows"

        // Devices behind each client address.
        var deviceMasks: [Int] = []
        var devicesTotal = 0
        for h in inv.hosts where h.roles.contains("client") {
            guard let addr = IPAddress(h.addr) else { continue }
            let evidence = context.deviceEvidence[addr]
            let (n, confidence) = evidence?.count ?? (1, 0)
            devicesTotal += n
            inv.clientDevices.append(Inventory.ClientDevices(addr: h.addr, devices: n, confidence: (confidence * 1000).rounded() / 1000,
                                                             userAgents: evidence?.userAgents.count ?? 0))
            guard let windows, let evidence else { continue }
            let chains = evidence.deviceChains
            let masks = chains.map { windows.mask($0.seconds) }
            deviceMasks += masks.isEmpty ? [evidence.chains.reduce(0) { $0 | windows.mask($1.seconds) }] : masks
        }
        inv.users.devices = devicesTotal

        inv.siteCount.observed = inv.sites.count
        guard let windows else {
            inv.siteCount.reason = tooShort
            inv.users.reason = tooShort
            return
        }
        let siteMasks = inv.sites.map { windows.mask(context.sightings.seconds[$0.name] ?? []) }
        let sites = ModelSelection.select(CaptureHistories(occasions: TimeWindows.count, masks: siteMasks), what: "sites")
        let users = ModelSelection.select(CaptureHistories(occasions: TimeWindows.count, masks: deviceMasks), what: "devices")
        Census.apply(sites, to: &inv.siteCount)
        inv.users.estimate = users.chosen.map { Census.round($0.estimate) }
        inv.users.ci95 = users.chosen.map { [Census.round($0.lo), Census.round($0.hi)] }
        inv.users.method = users.chosen?.method ?? "none"
        inv.users.reason = users.reason
        inv.users.occasions = users.occasions
        inv.users.models = users.candidates.map(Census.model)
    }

    static func apply(_ s: SelectedEstimate, to e: inout Inventory.Estimate) {
        e.estimate = s.chosen.map { round($0.estimate) }
        e.ci95 = s.chosen.map { [round($0.lo), round($0.hi)] }
        e.method = s.chosen?.method ?? "none"
        e.reason = s.reason
        e.occasions = s.occasions
        e.models = s.candidates.map(model)
    }

    /// One decimal: estimates are not more precise, and the JSON stays stable.
    static func round(_ x: Double) -> Double { (x * 10).rounded() / 10 }

    static func model(_ p: PopulationEstimate) -> Inventory.Model {
        Inventory.Model(method: p.method, estimate: round(p.estimate), ci95: [round(p.lo), round(p.hi)], aic: p.aic.map(round))
    }
}

/// Counts and shares of each service over server hosts and subnets, with the
/// Herfindahl–Hirschman index of its hosts over subnets. A subnet is the /16 of an
/// IPv4 address (a "province" of the simulated Kwangmyong) or the /48 of an IPv6 one.
public enum ServiceSpreadBuilder {
    public static func spread(of services: [Inventory.Service], prefix: Int = 16) -> Inventory.Spread {
        var out = Inventory.Spread()
        out.subnetPrefix = prefix
        var hostsBy: [String: Set<String>] = [:]
        var allHosts: Set<String> = [], allSubnets: Set<String> = []
        for s in services {
            hostsBy[s.service ?? "unidentified", default: []].insert(s.addr)
            allHosts.insert(s.addr)
            allSubnets.insert(subnet(s.addr, prefix: prefix))
        }
        out.hosts = allHosts.count
        out.subnets = allSubnets.count
        out.services = hostsBy.keys.sorted().map { name in
            let hosts = hostsBy[name]!
            var perSubnet: [String: Int] = [:]
            for h in hosts { perSubnet[subnet(h, prefix: prefix), default: 0] += 1 }
            let n = Double(hosts.count)
            let hhi = perSubnet.values.reduce(0.0) { $0 + pow2(Double($1) / n) }
            return Inventory.ServiceSpread(service: name, hosts: hosts.count, hostShare: r4(n / Double(allHosts.count)),
                                           subnets: perSubnet.count, subnetShare: r4(Double(perSubnet.count) / Double(allSubnets.count)),
                                           hhi: r4(hhi))
        }
        return out
    }

    static func pow2(_ x: Double) -> Double { x * x }
    static func r4(_ x: Double) -> Double { (x * 10000).rounded() / 10000 }

    /// "10.76.0.0/16" for 10.76.1.11 at prefix 16; IPv6 addresses by their first three groups (/48).
    static func subnet(_ addr: String, prefix: Int) -> String {
        if addr.contains(":") {
            let groups = addr.split(separator: ":", omittingEmptySubsequences: false).prefix(3)
            return groups.joined(separator: ":") + "::/48"
        }
        let parts = addr.split(separator: ".").compactMap { UInt32($0) }
        guard parts.count == 4 else { return addr }
        let v = parts.reduce(0) { $0 << 8 | $1 }
        let masked = prefix == 0 ? 0 : v & ~((1 << (32 - UInt32(prefix))) - 1)
        return "\(masked >> 24).\(masked >> 16 & 0xff).\(masked >> 8 & 0xff).\(masked & 0xff)/\(prefix)"
    }
}
