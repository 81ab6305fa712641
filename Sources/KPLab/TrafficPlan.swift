import KPWire

/// Who does what, and when: every client device repeats a list of actions each
/// cycle. Every site and service is in some device's list (so each gets traffic
/// every cycle); extra page visits follow a popularity skew (Zipf over a seeded
/// ranking of the sites). Café devices browse more, mobiles less.
public struct TrafficPlan: Sendable, Equatable {
    public enum Action: Sendable, Equatable, Hashable {
        case visit(site: String, tls: Bool, page: String)
        case dnsQuery(name: String, server: String, tcp: Bool)
        case axfr(server: String)
        case smtp(server: String)
        case pop3(server: String)
        case imap(server: String)
        case sshScan(addr: String)
        case canary(addr: String)
    }

    public struct Step: Sendable, Equatable {
        /// Seconds to wait before the action.
        public var sleep: Double
        public var action: Action
    }

    public var cycleSeconds: Int
    /// Device host name → its steps for one cycle.
    public var devices: [String: [Step]]

    /// The actions every cycle must contain (one per site and service).
    static func required(spec: LabSpec, breach: String?) -> [Action] {
        var out: [Action] = spec.sites.map { .visit(site: $0.name, tls: $0.tls == true, page: "/") }
        let names = spec.sites.map(\.name) + (spec.names ?? []).map(\.name)
        for (i, s) in spec.servers.enumerated() {
            let a = s.addrs[0]
            if s.run.contains("dns") {
                out.append(.dnsQuery(name: names[i % names.count], server: a, tcp: false))
                out.append(.dnsQuery(name: names[(i + 1) % names.count], server: a, tcp: true))
                out.append(.axfr(server: a))
            }
            if s.run.contains("smtp") { out.append(.smtp(server: a)) }
            if s.run.contains("pop3") { out.append(.pop3(server: a)) }
            if s.run.contains("imap") { out.append(.imap(server: a)) }
            if s.run.contains("ssh") { out.append(.sshScan(addr: a)) }
        }
        for n in spec.names ?? [] { out.append(.dnsQuery(name: n.name, server: spec.servers.first { $0.run.contains("dns") }!.addrs[0], tcp: false)) }
        if ["forward", "forwarding", "nat"].contains(breach ?? "") { out.append(.canary(addr: "198.51.100.10")) }
        return out
    }

    public init(spec: LabSpec, topology: Topology, breach: String?) {
        var rng = SplitMix64(seed: spec.seed)
        cycleSeconds = spec.traffic?.cycleSeconds ?? 30
        let extra = spec.traffic?.extraVisits ?? 4
        let devs = topology.hosts.filter { $0.role == "client" }.sorted { $0.name < $1.name }
        var lists: [String: [Action]] = [:]
        var req = TrafficPlan.required(spec: spec, breach: breach)
        req.shuffle(using: &rng)
        let offset = Int(rng.next() % UInt64(devs.count))
        for (i, a) in req.enumerated() { lists[devs[(i + offset) % devs.count].name, default: []].append(a) }
        var ranking = spec.sites
        ranking.shuffle(using: &rng)
        let weights = ranking.indices.map { 1.0 / Double($0 + 1) }
        let total = weights.reduce(0, +)
        for d in devs {
            let n = d.kind == "cafe" ? extra + 2 : d.kind == "mobile" ? (extra + 1) / 2 : extra
            for _ in 0 ..< n {
                var x = Double(rng.next() % 1_000_000) / 1_000_000 * total
                var k = 0
                while k < weights.count - 1 && x >= weights[k] { x -= weights[k]; k += 1 }
                let page = rng.next() % 3 == 0 ? "/about.html" : "/"
                lists[d.name, default: []].append(.visit(site: ranking[k].name, tls: ranking[k].tls == true, page: page))
            }
        }
        var out: [String: [Step]] = [:]
        // Sleeps fill about 70% of the cycle, leaving room for the actions themselves.
        for d in devs {
            var acts = lists[d.name] ?? []
            acts.shuffle(using: &rng)
            let share = Double(cycleSeconds) * 0.7 / Double(max(acts.count, 1))
            out[d.name] = acts.map { a in
                let jitter = 0.5 + Double(rng.next() % 1000) / 1000
                return Step(sleep: (share * jitter * 1000).rounded() / 1000, action: a)
            }
        }
        devices = out
    }

    /// The shell command of one action (output discarded).
    static func command(_ a: Action, device: String, spec: LabSpec, ca: String) -> String {
        switch a {
        case let .visit(site, tls, page):
            return tls ? "curl -s -o /dev/null -m 5 --cacert \(ca) https://\(site)\(page)" : "curl -s -o /dev/null -m 5 http://\(site)\(page)"
        case let .dnsQuery(name, server, tcp):
            return "dig +time=2 +tries=1\(tcp ? " +tcp" : "") @\(server) \(name) A"
        case let .axfr(server):
            return "dig +time=3 +tries=1 @\(server) kp AXFR"
        case let .smtp(server):
            let m = spec.mail!
            return "swaks --server \(server) --port 25 --timeout 5 --helo \(device).lab.kp --from \(device)@lab.kp --to \(m.user)@\(m.domain) --header 'Subject: lab mail from \(device)' --body 'kpcensus lab traffic'"
        case let .pop3(server):
            let m = spec.mail!
            return "curl -s -m 5 -u \(m.user):\(m.password) pop3://\(server)/"
        case let .imap(server):
            let m = spec.mail!
            return "curl -s -m 5 -u \(m.user):\(m.password) imap://\(server)/"
        case let .sshScan(addr):
            return "ssh-keyscan -T 3 -t ed25519 \(addr)"
        case let .canary(addr):
            return "curl -s -o /dev/null -m 3 http://\(addr)/"
        }
    }

    /// The driver script of one device: its steps in a loop, forever.
    public func script(device: String, spec: LabSpec, ca: String) -> String {
        var lines = ["#!/bin/sh", "# kpcensus lab traffic for \(device): seed \(spec.seed), cycle \(cycleSeconds) s", "while :; do"]
        for s in devices[device] ?? [] {
            lines.append("  sleep \(s.sleep); \(TrafficPlan.command(s.action, device: device, spec: spec, ca: ca)) >/dev/null 2>&1")
        }
        lines.append("  sleep 1")
        lines.append("done")
        return lines.joined(separator: "\n") + "\n"
    }
}
