import KPScope
import KPWire

/// Runs a scan phase by phase: host discovery (icmp), ports (syn or connect),
/// name servers (dns), service identification (banner, http, tls), DNS
/// enumeration (axfr, forward lookups, wildcards, ptr), then sites (vhost, crawl).
/// Each phase returns what it found; every packet and connection goes through the scope guard.
public final class Scanner {
    public let options: ScanOptions
    var env: ScanEnvironment
    /// `--resume FILE`: host discovery and the port scan continue where an earlier run of this scan stopped.
    public var resume: ScanResume? { didSet { env.resume = resume } }
    let limiter: RateLimiter
    /// Told of every probe sent, with the phase it belongs to (for a progress bar).
    public var onProgress: ((ScanProgress) -> Void)?
    var phase = ScanProgress(phase: "", index: 0, count: 0, sent: 0, planned: 0)
    var phaseStart = 0

    public init(options: ScanOptions, cookie: ValidationCookie = .random(), log: @escaping (String) -> Void = { _ in }) {
        self.options = options
        limiter = RateLimiter(rate: options.rate)
        env = ScanEnvironment(options: options, limiter: limiter, cookie: cookie, log: log)
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

    /// Runs every selected phase; throws only for the environment (exit 3).
    public func run() throws -> ScanFindings {
        var f = ScanFindings()
        let raw = PacketRunner.rawAllowed()
        let n = options.targets.count
        if env.has(.icmp) {
            begin("hosts", 1, of: 7, planned: n)
            if raw { f = try DiscoveryPhases.hosts(f, env) } else { env.log("icmp: raw sockets are not allowed here (CAP_NET_RAW): host discovery skipped") }
        }
        if env.has(.syn) || env.has(.connect) {
            begin("ports", 2, of: 7, planned: n * options.ports.count)
            f = try DiscoveryPhases.ports(f, env, raw: raw)
        }
        if env.has(.dns) || env.has(.axfr) || env.has(.ptr) {
            begin("name servers", 3, of: 7, planned: n * options.zones.count)
            f = DiscoveryPhases.nameServers(f, env)
        }
        if env.has(.udp) {
            begin("udp", 4, of: 7, planned: n * options.udpPorts.count)
            f = UDPDiscovery.run(f, env)
        }
        begin("services", 5, of: 7, planned: 0)
        f = ServiceIdentification.run(f, env)
        begin("dns", 6, of: 7, planned: 0)
        f = DNSEnumeration.run(f, env)
        begin("sites", 7, of: 7, planned: 0)
        f = SiteDiscovery.run(f, env)
        env.checkpoint { $0.complete = true }
        if f.hosts.isEmpty {
            f.note = "no host answered any probe: check that the scope is reachable from this network namespace (ip route) and that --netns is right"
        }
        return f
    }

    /// The probes of the first phases, as `--dry-run` prints them (later phases
    /// depend on replies: their probes are listed by module only).
    public static func plannedProbes(_ o: ScanOptions, cookie: ValidationCookie) -> [[String: String]] {
        var out: [[String: String]] = []
        let ctx = ProbeContext(cookie: cookie)
        func add(_ m: some ProbeModule, _ t: ProbeTarget) {
            guard case .success(let admitted) = o.scope.admit(t) else { return }
            var line = ["probe": m.name.rawValue, "addr": admitted.address.description, "transport": m.transport.rawValue,
                        "bytes": "\(m.build(admitted, ctx).count)"]
            if m.transport != .icmp { line["port"] = "\(t.port)" }
            if let n = t.name { line["name"] = n }
            out.append(line)
        }
        if o.probes.contains(.icmp) { for a in o.targets { add(IcmpEchoProbe(), ProbeTarget(addr: a, port: 0)) } }
        if o.probes.contains(.syn) || o.probes.contains(.connect) {
            for t in DiscoveryPhases.portTargets(o) {
                if o.probes.contains(.syn) { add(SynProbe(), t) } else { add(ConnectProbe(), t) }
            }
        }
        if o.probes.contains(.dns) || o.probes.contains(.axfr) || o.probes.contains(.ptr) {
            for a in o.targets { for z in o.zones { add(DNSProbe(), ProbeTarget(addr: a, port: 53, name: z)) } }
        }
        if o.probes.contains(.udp) {
            let m = UDPPayloadProbe(payloads: o.udpPayloads)
            for t in UDPDiscovery.targets(o) { for v in 0 ..< m.variants(for: t.port) { add(UDPPayloadProbe(payloads: o.udpPayloads, variant: v), t) } }
        }
        return out
    }
}
