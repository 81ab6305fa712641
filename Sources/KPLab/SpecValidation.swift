import KPWire

/// Checks a spec before anything is made: every error names the field.
extension LabSpec {
    static func isLabName(_ s: String) -> Bool {
        guard let f = s.first, f.isASCII, f.isLowercase, s.count <= 12 else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
    }

    static func isHostName(_ s: String, max: Int) -> Bool {
        guard let f = s.first, f.isASCII, f.isLowercase, s.count <= max, s.last != "-" else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }

    static func isKPName(_ s: String) -> Bool {
        guard s.hasSuffix(".kp"), s.count <= 253 else { return false }
        return s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
        }
    }

    /// Throws `LabError` (exit 2) naming the first bad field.
    public func validate() throws {
        guard LabSpec.isLabName(name) else { throw LabError.spec("name", "'\(name)' must be 1-12 lowercase letters/digits, starting with a letter") }
        guard !provinces.isEmpty else { throw LabError.spec("provinces", "give at least one province") }
        var prefixes: [IPPrefix] = [Topology.transit]
        var provinceNames = Set<String>()
        for (i, p) in provinces.enumerated() {
            let f = "provinces[\(i)]"
            guard LabSpec.isHostName(p.name, max: 10) else { throw LabError.spec("\(f).name", "'\(p.name)' must be 1-10 lowercase letters, digits or '-'") }
            guard provinceNames.insert(p.name).inserted else { throw LabError.spec("\(f).name", "'\(p.name)' is used twice") }
            guard let pre = IPPrefix(network: p.prefix), pre.isV4 else { throw LabError.spec("\(f).prefix", "'\(p.prefix)' is not an IPv4 prefix like 10.76.0.0/16 (host bits must be zero)") }
            guard (16 ... 24).contains(pre.length), Topology.intranet.contains(pre.network) else {
                throw LabError.spec("\(f).prefix", "'\(p.prefix)' must lie in 10.0.0.0/8 with a length from /16 to /24")
            }
            if let other = prefixes.first(where: { $0.overlaps(pre) }) {
                throw LabError.spec("\(f).prefix", "'\(p.prefix)' overlaps \(other == Topology.transit ? "\(other) (lab transit links)" : other.description)")
            }
            prefixes.append(pre)
        }
        guard provinces.count <= 200 else { throw LabError.spec("provinces", "at most 200 provinces") }
        guard !servers.isEmpty else { throw LabError.spec("servers", "give at least one server") }
        var hostNames = Set<String>(), used = Set<IPAddress>()
        var webAddrs = Set<IPAddress>(), mailServers = 0, dnsServers = 0
        for (i, s) in servers.enumerated() {
            let f = "servers[\(i)]"
            guard LabSpec.isHostName(s.name, max: 20) else { throw LabError.spec("\(f).name", "'\(s.name)' must be 1-20 lowercase letters, digits or '-'") }
            guard !Topology.reservedHostName(s.name) else { throw LabError.spec("\(f).name", "'\(s.name)' is reserved for lab hosts (core, border, inet, probe, r-*, home*, cafe*, uni*, mobile*)") }
            guard hostNames.insert(s.name).inserted else { throw LabError.spec("\(f).name", "'\(s.name)' is used twice") }
            guard let pi = provinces.firstIndex(where: { $0.name == s.province }) else {
                throw LabError.spec("\(f).province", "'\(s.province)' is not one of the provinces")
            }
            guard s.province == servers[0].province else {
                throw LabError.spec("\(f).province", "every server must be in the same province as servers[0] ('\(servers[0].province)'): its link is the first capture point")
            }
            let pre = IPPrefix(provinces[pi].prefix)!
            guard !s.addrs.isEmpty else { throw LabError.spec("\(f).addrs", "give at least one address") }
            for (j, a) in s.addrs.enumerated() {
                guard let ip = IPAddress(ipv4: a), pre.contains(ip), ip != pre.network, ip != pre.network.adding(1), ip != pre.last else {
                    throw LabError.spec("\(f).addrs[\(j)]", "'\(a)' must be a host address of \(pre) other than \(pre.network.adding(1)) (the router)")
                }
                guard used.insert(ip).inserted else { throw LabError.spec("\(f).addrs[\(j)]", "'\(a)' is used twice") }
                if s.run.contains("web") { webAddrs.insert(ip) }
            }
            guard !s.run.isEmpty else { throw LabError.spec("\(f).run", "name what the server runs: \(LabSpec.daemons.joined(separator: ", "))") }
            for (j, d) in s.run.enumerated() where !LabSpec.daemons.contains(d) {
                throw LabError.spec("\(f).run[\(j)]", "'\(d)' is not one of \(LabSpec.daemons.joined(separator: ", "))")
            }
            if s.run.contains(where: { ["smtp", "pop3", "imap"].contains($0) }) { mailServers += 1 }
            if s.run.contains("dns") { dnsServers += 1 }
            if s.axfr != nil && !s.run.contains("dns") { throw LabError.spec("\(f).axfr", "only for servers that run dns") }
        }
        guard dnsServers > 0 else { throw LabError.spec("servers", "at least one server must run dns (clients resolve the .kp names)") }
        guard mailServers <= 1 else { throw LabError.spec("servers", "smtp, pop3 and imap may run on one server only") }
        if mailServers == 1 && mail == nil { throw LabError.spec("mail", "missing: a server runs smtp/pop3/imap; give domain, hostname, user, password") }
        if let m = mail {
            guard LabSpec.isKPName(m.domain) else { throw LabError.spec("mail.domain", "'\(m.domain)' must be a lowercase .kp name") }
            guard LabSpec.isKPName(m.hostname) else { throw LabError.spec("mail.hostname", "'\(m.hostname)' must be a lowercase .kp name") }
            guard LabSpec.isHostName(m.user, max: 32) else { throw LabError.spec("mail.user", "'\(m.user)' must be lowercase letters, digits or '-'") }
            guard !m.password.isEmpty, m.password.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw LabError.spec("mail.password", "must be letters, digits or '-'")
            }
        }
        guard !sites.isEmpty else { throw LabError.spec("sites", "give at least one site") }
        var siteNames = Set<String>()
        for (i, s) in sites.enumerated() {
            let f = "sites[\(i)]"
            guard LabSpec.isKPName(s.name) else { throw LabError.spec("\(f).name", "'\(s.name)' must be a lowercase name ending in .kp") }
            guard siteNames.insert(s.name).inserted else { throw LabError.spec("\(f).name", "'\(s.name)' is used twice") }
            guard let ip = IPAddress(ipv4: s.addr), webAddrs.contains(ip) else {
                throw LabError.spec("\(f).addr", "'\(s.addr)' is not an address of a server that runs web")
            }
        }
        guard sites.filter({ $0.portal == true }).count <= 1 else { throw LabError.spec("sites", "at most one site is the portal") }
        for (i, s) in (hiddenSites ?? []).enumerated() {
            let f = "hidden_sites[\(i)]"
            guard LabSpec.isKPName(s.name) else { throw LabError.spec("\(f).name", "'\(s.name)' must be a lowercase name ending in .kp") }
            guard siteNames.insert(s.name).inserted else { throw LabError.spec("\(f).name", "'\(s.name)' is used twice") }
            guard let ip = IPAddress(ipv4: s.addr), webAddrs.contains(ip) else {
                throw LabError.spec("\(f).addr", "'\(s.addr)' is not an address of a server that runs web")
            }
            guard s.tls != true, s.portal != true else { throw LabError.spec("\(f)", "a hidden site is plain HTTP and not the portal") }
        }
        for (i, n) in (names ?? []).enumerated() {
            guard LabSpec.isKPName(n.name), !siteNames.contains(n.name) else {
                throw LabError.spec("names[\(i)].name", "'\(n.name)' must be a lowercase .kp name that is not a site")
            }
            guard let ip = IPAddress(ipv4: n.addr), Topology.intranet.contains(ip) else { throw LabError.spec("names[\(i)].addr", "'\(n.addr)' must lie in 10.0.0.0/8") }
        }
        guard !clients.isEmpty else { throw LabError.spec("clients", "give at least one client group") }
        for (i, c) in clients.enumerated() {
            let f = "clients[\(i)]"
            guard LabSpec.clientKinds.contains(c.kind) else { throw LabError.spec("\(f).kind", "'\(c.kind)' is not one of \(LabSpec.clientKinds.joined(separator: ", "))") }
            guard provinceNames.contains(c.province) else { throw LabError.spec("\(f).province", "'\(c.province)' is not one of the provinces") }
            guard c.province != servers[0].province else {
                throw LabError.spec("\(f).province", "'\(c.province)' holds the servers; put clients in another province so the first capture point sees their traffic")
            }
            guard (1 ... 50).contains(c.count ?? 1) else { throw LabError.spec("\(f).count", "must be 1 to 50") }
            let multi = c.kind == "cafe" || c.kind == "university"
            if multi {
                guard let d = c.devices, (1 ... 20).contains(d) else { throw LabError.spec("\(f).devices", "a \(c.kind) needs 1 to 20 devices") }
            } else if c.devices != nil {
                throw LabError.spec("\(f).devices", "only cafés and universities have several devices")
            }
        }
        if let t = traffic {
            guard (10 ... 600).contains(t.cycleSeconds ?? 30) else { throw LabError.spec("traffic.cycle_seconds", "must be 10 to 600") }
            guard (0 ... 100).contains(t.extraVisits ?? 4) else { throw LabError.spec("traffic.extra_visits", "must be 0 to 100") }
        }
    }
}
