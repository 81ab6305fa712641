import KPWire

/// The first phases: hosts (icmp), ports (syn, or connect without raw sockets),
/// name servers (UDP DNS). Each returns the findings it was given with its own added.
enum DiscoveryPhases {
    static func hosts(_ known: ScanFindings, _ env: ScanEnvironment) throws -> ScanFindings {
        var f = known
        if let saved = env.resume?.state, saved.hostsDone {
            for a in saved.hostsUp.compactMap { IPAddress($0) } where f.hosts[a] == nil { f.hosts[a] = .icmp }
            env.log("icmp: resumed, \(saved.hostsUp.count) of \(env.options.targets.count) hosts answered before")
            return f
        }
        let p = env.packets()
        let up = try p.run(IcmpEchoProbe(), env.options.targets.map { ProbeTarget(addr: $0, port: 0) }, env.cookie)
        f.probesSent += p.sent
        for t in up.keys where f.hosts[t.addr] == nil { f.hosts[t.addr] = .icmp }
        env.checkpoint { ($0.hostsDone, $0.hostsUp) = (true, up.keys.map(\.addr).sorted().map(\.description)) }
        env.log("icmp: \(up.count) of \(env.options.targets.count) hosts answered")
        return f
    }

    /// Port-major order (every host's port 22, then every host's 25, …) spreads the load;
    /// a shard walks its seeded permutation of the same pairs instead.
    static func portTargets(_ o: ScanOptions) -> [ProbeTarget] {
        if let shard = o.shard { return shard.targets(addresses: o.targets, ports: o.ports) }
        return o.ports.flatMap { p in o.targets.map { ProbeTarget(addr: $0, port: p) } }
    }

    static func ports(_ known: ScanFindings, _ env: ScanEnvironment, raw: Bool) throws -> ScanFindings {
        var f = known
        let targets = portTargets(env.options)
        if let saved = env.resume, saved.state.ports.done {
            f.portScan = ProbeName(rawValue: saved.state.ports.scan ?? "") ?? (env.has(.syn) && raw ? .syn : .connect)
            for (t, r) in saved.portAnswers {
                if f.hosts[t.addr] == nil { f.hosts[t.addr] = f.portScan }
                if r.state == .open { f.addService(t.addr, t.port, "tcp", .init(service: nil, software: nil, probe: f.portScan!)) }
            }
            env.log("\(f.portScan!.rawValue): resumed, the port scan had ended")
        } else if env.has(.syn) && raw {
            let p = env.packets()
            let replies = try p.run(SynProbe(), targets, env.cookie, checkpoint: synCheckpoint(env))
            f.probesSent += p.sent
            f.portScan = .syn
            env.checkpoint { $0.ports = .init(done: true, scan: "syn", round: 0, next: 0, answers: ScanResume.answers(replies)) }
            for (t, r) in replies {
                if f.hosts[t.addr] == nil { f.hosts[t.addr] = .syn }
                if r.state == .open { f.addService(t.addr, t.port, "tcp", .init(service: nil, software: nil, probe: .syn)) }
            }
        } else {
            if env.has(.syn) {
                if env.options.requireRaw {
                    throw ScanError("syn: raw sockets are not allowed here (needs CAP_NET_RAW: run as root); --require-raw forbids the connect() fallback", exitCode: 3)
                }
                env.log("syn: raw sockets are not allowed here (CAP_NET_RAW): falling back to a connect() scan")
            }
            // connect() scans are saved when they end, not on the way.
            let out = env.stream(ConnectProbe(), targets, into: &f, connectTimeout: 1)
            f.portScan = .connect
            var answers: [ProbeTarget: PortReply] = [:]
            for (t, o) in zip(targets, out) {
                switch o {
                case .reply:
                    f.addService(t.addr, t.port, "tcp", .init(service: nil, software: nil, probe: .connect))
                    answers[t] = PortReply(state: .open, ttl: 0)
                case .refused:
                    if f.hosts[t.addr] == nil { f.hosts[t.addr] = .connect }
                    answers[t] = PortReply(state: .closed, ttl: 0)
                default: break
                }
            }
            env.checkpoint { $0.ports = .init(done: true, scan: "connect", round: 0, next: 0, answers: ScanResume.answers(answers)) }
        }
        env.log("\(f.portScan?.rawValue ?? "ports"): \(f.services.count) open ports on \(Set(f.services.values.map(\.addr)).count) hosts")
        return f
    }

    /// The SYN scan starts where the resume file says and saves its answers on the way.
    static func synCheckpoint(_ env: ScanEnvironment) -> RunnerCheckpoint<PortReply>? {
        guard let resume = env.resume else { return nil }
        let saved = resume.state.ports
        if saved.next > 0 || saved.round > 0 {
            env.log("syn: resumed at round \(saved.round + 1), probe \(saved.next + 1); \(saved.answers.count) answers kept")
        }
        return RunnerCheckpoint(round: saved.round, next: saved.next, answered: resume.portAnswers) { round, next, answered in
            env.checkpoint { $0.ports = .init(done: false, scan: "syn", round: round, next: next, answers: ScanResume.answers(answered)) }
        }
    }

    /// UDP DNS to every target: a valid reply marks a name server, `aa` its zones.
    static func nameServers(_ known: ScanFindings, _ env: ScanEnvironment) -> ScanFindings {
        var f = known
        var targets: [ProbeTarget] = []
        for a in env.options.targets { for z in env.options.zones { targets.append(ProbeTarget(addr: a, port: 53, name: z)) } }
        for (t, reply) in zip(targets, env.datagram(DNSProbe(), targets, into: &f)) {
            guard let reply else { continue }
            f.addService(t.addr, 53, "udp", .init(service: "dns", software: nil, probe: .dns))
            let auth = reply.authoritative && reply.rcode == "NOERROR"
            f.dnsServers[t.addr, default: []].append(.init(zone: t.name ?? "kp", authoritative: auth, axfr: nil))
        }
        env.log("dns: \(f.dnsServers.count) name servers")
        return f
    }
}
