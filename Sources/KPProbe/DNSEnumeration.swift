import KPWire

/// DNS enumeration on the name servers found: zone transfers (allowed/refused),
/// wildcard checks, forward lookups of the wordlist, PTR sweep of the targets.
/// Addresses in answers are recorded; they are probed later only inside the scope.
struct DNSEnumeration {
    let scanner: Scanner

    /// A label no zone should hold: an answer for it means the zone is a wildcard.
    static let wildcardLabel = "kpcensus-wildcard-check"

    func run() {
        let s = scanner
        let servers = s.findings.dnsServers.keys.sorted()
        guard !servers.isEmpty else { return }
        if s.has("axfr") { transfer(servers) }
        if s.has("dns") { forward(servers) }
        if s.has("ptr") { sweep(servers) }
    }

    func transfer(_ servers: [UInt32]) {
        let s = scanner
        var targets: [ProbeTarget] = []
        for a in servers { for z in s.findings.dnsServers[a]! { targets.append(ProbeTarget(addr: a, port: 53, name: z.zone)) } }
        let r = s.streams(connectTimeout: 1, readTimeout: 3)
        let out = r.run(AXFRProbe(), targets, s.ctx)
        s.findings.probesSent += r.attempts
        for (t, o) in zip(targets, out) {
            let result: [String: String]
            switch o {
            case .reply(let b): result = AXFRProbe().classify(b, t)!
            case .refused: result = ["axfr": "refused", "records": ""]
            default: continue
            }
            if let i = s.findings.dnsServers[t.addr]!.firstIndex(where: { $0.zone == t.name }) {
                s.findings.dnsServers[t.addr]![i].axfr = result["axfr"]
            }
            for line in (result["records"] ?? "").split(separator: "\n") { record(line) }
        }
        s.log("axfr: " + targets.map { t in "\(IPv4Text.format(t.addr)) \(t.name!) \(s.findings.dnsServers[t.addr]!.first { $0.zone == t.name }?.axfr ?? "no answer")" }.joined(separator: ", "))
    }

    /// Keeps A records of answers: "name A addr".
    func record(_ line: Substring) {
        let f = line.split(separator: " ")
        guard f.count == 3, f[1] == "A", let a = IPv4Text.parse(f[2]) else { return }
        scanner.findings.names[String(f[0]), default: []].insert(a)
    }

    /// Zones to try labels under: the zones asked and every parent domain of a known name.
    var suffixes: [String] {
        var out = Set(scanner.options.zones)
        for n in scanner.findings.names.keys {
            var parts = n.split(separator: ".")
            while parts.count > 1 {
                parts.removeFirst()
                out.insert(parts.joined(separator: "."))
            }
        }
        return out.sorted()
    }

    /// The names the wordlist stands for: full names as they are, labels under every suffix.
    func candidates() -> [String] {
        var out = Set<String>()
        let sfx = suffixes
        for w in scanner.options.wordlist {
            if w.contains(".") { out.insert(w) } else { for z in sfx.prefix(500) { out.insert("\(w).\(z)") } }
        }
        return out.sorted()
    }

    func forward(_ servers: [UInt32]) {
        let s = scanner
        // Ask the first authority of each zone, else the first server.
        let server = servers.first { s.findings.dnsServers[$0]!.contains { $0.authoritative } } ?? servers[0]
        let wild = suffixes.map { "\(DNSEnumeration.wildcardLabel).\($0)" }
        let names = wild + candidates()
        let targets = names.map { ProbeTarget(addr: server, port: 53, name: $0) }
        let d = s.datagrams()
        let out = d.run(DNSProbe(qtype: DNSType.a), targets, s.ctx)
        s.findings.probesSent += d.sent
        var wildAddrs = Set<String>()
        for (t, r) in zip(targets, out) {
            guard let r, let c = DNSProbe(qtype: DNSType.a).classify(r, t), c["rcode"] == "NOERROR", let answers = c["answers"], !answers.isEmpty else { continue }
            if t.name!.hasPrefix(DNSEnumeration.wildcardLabel + ".") {
                s.findings.wildcardZones.insert(String(t.name!.dropFirst(DNSEnumeration.wildcardLabel.count + 1)))
                for l in answers.split(separator: "\n") { wildAddrs.insert(String(l.split(separator: " ").last ?? "")) }
                continue
            }
            for l in answers.split(separator: "\n") where !wildAddrs.contains(String(l.split(separator: " ").last ?? "")) { record(l) }
        }
        s.log("dns: \(s.findings.names.count) names known after \(names.count) forward lookups")
    }

    func sweep(_ servers: [UInt32]) {
        let s = scanner
        let targets = s.options.targets.map { ProbeTarget(addr: servers[0], port: 53, name: IPv4Text.format($0)) }
        let d = s.datagrams()
        let out = d.run(PTRProbe(), targets, s.ctx)
        s.findings.probesSent += d.sent
        for (t, r) in zip(targets, out) {
            guard let r, let c = PTRProbe().classify(r, t), let names = c["ptr"], !names.isEmpty, let a = IPv4Text.parse(t.name!) else { continue }
            for n in names.split(separator: ",") { s.findings.ptr[a, default: []].insert(String(n)) }
        }
        s.log("ptr: \(s.findings.ptr.count) addresses named")
    }
}
