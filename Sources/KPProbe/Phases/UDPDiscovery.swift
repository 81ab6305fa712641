import KPFingerprint

/// UDP ports (`--probes udp`): nmap's payloads to every target's `--udp-ports`, one
/// payload variant a round, each round only to the ports that have not answered yet.
/// With `--probes version` too, each reply is read by the match lines of the nmap
/// service probe whose payload was sent (nmap-payloads shares many with it), for a product.
enum UDPDiscovery {
    static func targets(_ o: ScanOptions) -> [ProbeTarget] {
        o.udpPorts.flatMap { p in o.targets.map { ProbeTarget(addr: $0, port: p) } }
    }

    static func run(_ known: ScanFindings, _ env: ScanEnvironment) -> ScanFindings {
        var f = known
        let o = env.options
        let all = targets(o), first = UDPPayloadProbe(payloads: o.udpPayloads)
        let matcher = o.serviceProbes.map { ServiceMatcher(compiled: $0) }
        var answered = Set<ProbeTarget>(), named = 0
        let rounds = o.udpPorts.map { first.variants(for: $0) }.max() ?? 0
        for variant in 0 ..< rounds {
            let module = UDPPayloadProbe(payloads: o.udpPayloads, variant: variant)
            let pending = all.filter { !answered.contains($0) && variant < module.variants(for: $0.port) }
            for (t, reply) in zip(pending, env.datagram(module, pending, into: &f)) {
                guard let reply else { continue }
                answered.insert(t)
                var info = ScanFindings.Service(service: reply.service, software: reply.software, probe: .udp)
                if let matcher, let id = identity(matcher, sent: module.payload(for: t.port), reply: reply.reply) {
                    if info.service == nil { info.service = id.service }
                    (info.product, info.version, info.info, info.cpe) = (id.templates.product, id.templates.version, id.templates.info, id.templates.cpe)
                    if id.templates.product != nil { named += 1 }
                }
                f.addService(t.addr, t.port, "udp", info)
            }
        }
        env.log("udp: \(answered.count) of \(all.count) ports answered" + (matcher == nil ? "" : ", \(named) named a product"))
        return f
    }

    /// The identity nmap's lines give a UDP reply: those of the probe whose payload was sent.
    static func identity(_ matcher: ServiceMatcher, sent: [UInt8], reply: [UInt8]) -> KPFingerprint.ServiceIdentity? {
        guard let probe = matcher.database.probe(sentAs: sent, transport: .udp) else { return nil }
        return matcher.match(reply: reply, probe: probe, transport: .udp).identity
    }
}
