import Foundation
import KPWire

/// Runs a scan phase by phase: host discovery (icmp), ports (syn or connect),
/// name servers (dns), service identification (banner, http, tls), DNS
/// enumeration (axfr, forward lookups, wildcards, ptr), then sites (vhost, crawl).
/// Every packet and connection goes through the scope guard.
public final class Scanner {
    public let options: ScanOptions
    let log: (String) -> Void
    let cookie: ValidationCookie
    let limiter: RateLimiter
    public internal(set) var findings = ScanFindings()
    /// Told of every probe sent, with the phase it belongs to (for a progress bar).
    public var onProgress: ((ScanProgress) -> Void)?
    var phase = ScanProgress(phase: "", index: 0, count: 0, sent: 0, planned: 0)
    var phaseStart = 0

    public init(options: ScanOptions, cookie: ValidationCookie = .random(), log: @escaping (String) -> Void = { _ in }) {
        self.options = options
        self.cookie = cookie
        self.log = log
        limiter = RateLimiter(rate: options.rate)
        limiter.onTake = { [unowned self] taken in
            guard let report = onProgress else { return }
            phase.sent = taken - phaseStart
            report(phase)
        }
    }

    /// Starts phase `index` of `count`; `planned`: probes of its first pass (0 when unknown; retries come on top).
    func begin(_ name: String, _ index: Int, of count: Int, planned: Int) {
        phaseStart = limiter.taken
        phase = ScanProgress(phase: name, index: index, count: count, sent: 0, planned: planned)
        onProgress?(phase)
    }

    var ctx: ProbeContext { ProbeContext(cookie: cookie) }
    func has(_ p: String) -> Bool { options.probes.contains(p) }

    func streams(connectTimeout: Double = 1, readTimeout: Double = 3) -> StreamRunner {
        let r = StreamRunner(scope: options.scope, limiter: limiter)
        r.retries = options.retries
        r.connectTimeout = connectTimeout
        r.readTimeout = readTimeout
        return r
    }

    func datagrams() -> DatagramRunner {
        let r = DatagramRunner(scope: options.scope, limiter: limiter)
        r.retries = options.retries
        return r
    }

    /// Runs every selected phase; throws only for the environment (exit 3).
    public func run() throws -> ScanFindings {
        let raw = PacketRunner.rawAllowed()
        let n = options.targets.count
        if has("icmp") {
            begin("hosts", 1, of: 6, planned: n)
            if raw { try discoverHosts() } else { log("icmp: raw sockets are not allowed here (CAP_NET_RAW): host discovery skipped") }
        }
        if has("syn") || has("connect") {
            begin("ports", 2, of: 6, planned: n * options.ports.count)
            try scanPorts(raw: raw)
        }
        if has("dns") || has("axfr") || has("ptr") {
            begin("name servers", 3, of: 6, planned: n * options.zones.count)
            findNameServers()
        }
        begin("services", 4, of: 6, planned: 0)
        identifyServices()
        begin("dns", 5, of: 6, planned: 0)
        DNSEnumeration(scanner: self).run()
        begin("sites", 6, of: 6, planned: 0)
        SiteDiscovery(scanner: self).run()
        if findings.hosts.isEmpty {
            findings.note = "no host answered any probe: check that the scope is reachable from this network namespace (ip route) and that --netns is right"
        }
        return findings
    }

    func discoverHosts() throws {
        let p = PacketRunner(scope: options.scope, limiter: limiter)
        p.retries = options.retries
        let up = try p.run(IcmpEchoProbe(), options.targets.map { ProbeTarget(addr: $0, port: 0) }, cookie)
        findings.probesSent += p.sent
        for t in up.keys where findings.hosts[t.addr] == nil { findings.hosts[t.addr] = "icmp" }
        log("icmp: \(up.count) of \(options.targets.count) hosts answered")
    }

    /// Port-major order (every host's port 22, then every host's 25, …) spreads the load.
    var portTargets: [ProbeTarget] {
        options.ports.flatMap { p in options.targets.map { ProbeTarget(addr: $0, port: p) } }
    }

    func scanPorts(raw: Bool) throws {
        let targets = portTargets
        if has("syn") && raw {
            let p = PacketRunner(scope: options.scope, limiter: limiter)
            p.retries = options.retries
            let replies = try p.run(SynProbe(), targets, cookie)
            findings.probesSent += p.sent
            findings.portScan = "syn"
            for (t, r) in replies {
                if findings.hosts[t.addr] == nil { findings.hosts[t.addr] = "syn" }
                if r["state"] == "open" { findings.addService(t.addr, t.port, "tcp", .init(service: nil, software: nil, probe: "syn")) }
            }
        } else {
            if has("syn") {
                if options.requireRaw {
                    throw ScanError("syn: raw sockets are not allowed here (needs CAP_NET_RAW: run as root); --require-raw forbids the connect() fallback", exitCode: 3)
                }
                log("syn: raw sockets are not allowed here (CAP_NET_RAW): falling back to a connect() scan")
            }
            let r = streams(connectTimeout: 1)
            let out = r.run(ConnectProbe(), targets, ctx)
            findings.probesSent += r.attempts
            findings.portScan = "connect"
            for (t, o) in zip(targets, out) {
                switch o {
                case .reply:
                    findings.addService(t.addr, t.port, "tcp", .init(service: nil, software: nil, probe: "connect"))
                case .refused:
                    if findings.hosts[t.addr] == nil { findings.hosts[t.addr] = "connect" }
                default: break
                }
            }
        }
        log("\(findings.portScan ?? "ports"): \(findings.services.count) open ports on \(Set(findings.services.values.map(\.addr)).count) hosts")
    }

    /// UDP DNS to every target: a valid reply marks a name server, `aa` its zones.
    func findNameServers() {
        var targets: [ProbeTarget] = []
        for a in options.targets { for z in options.zones { targets.append(ProbeTarget(addr: a, port: 53, name: z)) } }
        let d = datagrams()
        let replies = d.run(DNSProbe(), targets, ctx)
        findings.probesSent += d.sent
        for (t, r) in zip(targets, replies) {
            guard let r, let c = DNSProbe().classify(r, t) else { continue }
            findings.addService(t.addr, 53, "udp", .init(service: "dns", software: nil, probe: "dns"))
            let auth = c["aa"] == "1" && c["rcode"] == "NOERROR"
            findings.dnsServers[t.addr, default: []].append(.init(zone: t.name ?? "kp", authoritative: auth, axfr: nil))
        }
        log("dns: \(findings.dnsServers.count) name servers")
    }

    /// Labels open TCP ports by content, trying first what the port suggests.
    func identifyServices() {
        let wanted = ["banner", "http", "tls"].filter(has)
        var pending = findings.services.values.filter { $0.transport == "tcp" && $0.info.service == nil }.map { ($0.addr, $0.port) }
            .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        if pending.isEmpty { return }
        var order: [UInt16: [String]] = [:]
        for (_, p) in pending {
            var o: [String]
            switch p {
            case 53: o = ["dnstcp", "banner", "http", "tls"]
            case 443, 8443, 993, 995, 465: o = ["tls", "banner", "http"]
            case 80, 8080, 8000, 8008, 8081, 8888: o = ["http", "banner", "tls"]
            default: o = ["banner", "http", "tls", "banner"]      // a slow greeter gets a second, longer wait
            }
            order[p] = o.filter { wanted.contains($0) || ($0 == "dnstcp" && (has("dns") || has("banner"))) }
        }
        for round in 0 ..< 5 {
            var byModule: [String: [ProbeTarget]] = [:]
            for (a, p) in pending where round < order[p]!.count {
                let t = ProbeTarget(addr: a, port: p, tls: order[p]![round] == "tls")
                byModule[order[p]![round], default: []].append(t)
            }
            if byModule.isEmpty { break }
            for (name, targets) in byModule.sorted(by: { $0.key < $1.key }) {
                let module: any ProbeModule = name == "dnstcp" ? DNSOverTCP() : ProbeRegistry.module(name)!
                let r = streams(connectTimeout: 1, readTimeout: name == "banner" ? (round == 0 ? 4 : 10) : 3)
                let out = r.run(module, targets, ctx)
                findings.probesSent += r.attempts
                for (t, o) in zip(targets, out) {
                    guard case .reply(let bytes) = o, module.validate(bytes, from: t, ctx) != nil, let c = module.classify(bytes, t),
                          let service = c["service"] else { continue }
                    findings.addService(t.addr, t.port, "tcp", .init(service: service, software: c["software"], probe: name == "dnstcp" ? "dns" : name))
                    if let names = c["names"], !names.isEmpty {
                        for n in names.split(separator: ",") { findings.certificateNames[String(n), default: 0] += 1 }
                    }
                    pending.removeAll { $0 == (t.addr, t.port) }
                }
            }
        }
        log("services: \(findings.services.values.filter { $0.info.service != nil }.count) identified")
    }

    /// The probes of the first phases, as `--dry-run` prints them (later phases
    /// depend on replies: their probes are listed by module only).
    public static func plannedProbes(_ o: ScanOptions, cookie: ValidationCookie) -> [[String: String]] {
        var out: [[String: String]] = []
        let ctx = ProbeContext(cookie: cookie)
        func add(_ m: any ProbeModule, _ t: ProbeTarget) {
            var line = ["probe": m.name, "addr": IPv4Text.format(t.addr), "transport": m.transport, "bytes": "\(m.build(t, ctx).count)"]
            if m.transport != "icmp" { line["port"] = "\(t.port)" }
            if let n = t.name { line["name"] = n }
            out.append(line)
        }
        if o.probes.contains("icmp") { for a in o.targets { add(IcmpEchoProbe(), ProbeTarget(addr: a, port: 0)) } }
        if o.probes.contains("syn") || o.probes.contains("connect") {
            let m: any ProbeModule = o.probes.contains("syn") ? SynProbe() : ConnectProbe()
            for p in o.ports { for a in o.targets { add(m, ProbeTarget(addr: a, port: p)) } }
        }
        if o.probes.contains("dns") || o.probes.contains("axfr") || o.probes.contains("ptr") {
            for a in o.targets { for z in o.zones { add(DNSProbe(), ProbeTarget(addr: a, port: 53, name: z)) } }
        }
        return out
    }
}

/// A DNS query over TCP (SOA of "kp"): labels an open port 53 as dns.
struct DNSOverTCP: ProbeModule {
    var name: String { "dnstcp" }
    var help: String { "" }
    var layer: ProbeLayer { .stream }
    var transport: String { "tcp" }
    var outputFields: [String] { ["service"] }

    func build(_ t: ProbeTarget, _ ctx: ProbeContext) -> [UInt8] {
        let q = DNSProbe().build(ProbeTarget(addr: t.addr, port: t.port, name: "kp"), ctx)
        return [UInt8(q.count >> 8), UInt8(q.count & 0xff)] + q
    }

    func complete(_ reply: [UInt8]) -> Bool { !AXFRProbe.messages(reply).isEmpty }

    func classify(_ reply: [UInt8], _: ProbeTarget) -> [String: String]? {
        AXFRProbe.messages(reply).first?.isResponse == true ? ["service": "dns"] : nil
    }
}
