import KPWire

/// DNS enumeration on the name servers found: zone transfers (allowed/refused),
/// wildcard checks, forward lookups of the wordlist, PTR sweep of the targets.
/// Addresses in answers are recorded; they are probed later only inside the scope.
enum DNSEnumeration {
    /// A label no zone should hold: an answer for it means the zone is a wildcard.
    static let wildcardLabel = "kpcensus-wildcard-check"

    static func run(_ known: ScanFindings, _ env: ScanEnvironment) -> ScanFindings {
        var f = known
        let servers = f.dnsServers.keys.sorted()
        guard !servers.isEmpty else { return f }
        if env.has(.axfr) { transfer(servers, &f, env) }
        if env.has(.dns) { forward(servers, &f, env) }
        if env.has(.ptr) { sweep(servers, &f, env) }
        return f
    }

    static func transfer(_ servers: [IPAddress], _ f: inout ScanFindings, _ env: ScanEnvironment) {
        var targets: [ProbeTarget] = []
        for a in servers { for z in f.dnsServers[a]! { targets.append(ProbeTarget(addr: a, port: 53, name: z.zone)) } }
        let out = env.stream(AXFRProbe(), targets, into: &f)
        for (t, o) in zip(targets, out) {
            let result: ZoneTransfer
            switch o {
            case .reply(let b): result = AXFRProbe().classify(b, t)!
            case .refused: result = ZoneTransfer(allowed: false, rcode: "closed", records: [])
            default: continue
            }
            if let i = f.dnsServers[t.addr]!.firstIndex(where: { $0.zone == t.name }) {
                f.dnsServers[t.addr]![i].axfr = result.verdict
            }
            for r in result.records { record(r, &f) }
        }
        env.log("axfr: " + targets.map { t in "\(t.scopeAddress) \(t.name!) \(f.dnsServers[t.addr]!.first { $0.zone == t.name }?.axfr ?? "no answer")" }.joined(separator: ", "))
    }

    /// Keeps the address of an A record under its name (lowercase).
    static func record(_ r: DNSRecord, _ f: inout ScanFindings) {
        guard r.type == DNSType.a, let a = IPAddress(ipv4: r.data) else { return }
        f.names[r.name.lowercased(), default: []].insert(a)
    }

    /// Zones to try labels under: the zones asked and every parent domain of a known name.
    static func suffixes(_ f: ScanFindings, _ o: ScanOptions) -> [String] {
        var out = Set(o.zones)
        for n in f.names.keys {
            var parts = n.split(separator: ".")
            while parts.count > 1 {
                parts.removeFirst()
                out.insert(parts.joined(separator: "."))
            }
        }
        return out.sorted()
    }

    /// The names the wordlist stands for: full names as they are, labels under every suffix.
    static func candidates(_ f: ScanFindings, _ o: ScanOptions) -> [String] {
        var out = Set<String>()
        let sfx = suffixes(f, o)
        for w in o.wordlist {
            if w.contains(".") { out.insert(w) } else { for z in sfx.prefix(500) { out.insert("\(w).\(z)") } }
        }
        return out.sorted()
    }

    static func forward(_ servers: [IPAddress], _ f: inout ScanFindings, _ env: ScanEnvironment) {
        // Ask the first authority of each zone, else the first server.
        let server = servers.first { f.dnsServers[$0]!.contains { $0.authoritative } } ?? servers[0]
        let wild = suffixes(f, env.options).map { "\(wildcardLabel).\($0)" }
        let names = wild + candidates(f, env.options)
        let targets = names.map { ProbeTarget(addr: server, port: 53, name: $0) }
        var wildAddrs = Set<String>()
        for (t, reply) in zip(targets, env.datagram(DNSProbe(qtype: DNSType.a), targets, into: &f)) {
            guard let reply, reply.rcode == "NOERROR", !reply.answers.isEmpty else { continue }
            if t.name!.hasPrefix(wildcardLabel + ".") {
                f.wildcardZones.insert(String(t.name!.dropFirst(wildcardLabel.count + 1)))
                for r in reply.answers { wildAddrs.insert(r.data) }
                continue
            }
            for r in reply.answers where !wildAddrs.contains(r.data) { record(r, &f) }
        }
        env.log("dns: \(f.names.count) names known after \(names.count) forward lookups")
    }

    static func sweep(_ servers: [IPAddress], _ f: inout ScanFindings, _ env: ScanEnvironment) {
        let swept = env.options.targets
        let targets = swept.map { ProbeTarget(addr: servers[0], port: 53, name: $0.description) }
        for (a, reply) in zip(swept, env.datagram(PTRProbe(), targets, into: &f)) {
            guard let reply, !reply.names.isEmpty else { continue }
            for n in reply.names { f.ptr[a, default: []].insert(n) }
        }
        env.log("ptr: \(f.ptr.count) addresses named")
    }
}
