import KPFingerprint
import KPScope
import KPWire

/// nmap's version detection (`--probes version`) over the open TCP ports, after nmap's
/// technique (nmap book, "Technique Described"): each port gets the NULL probe (listen,
/// `totalwaitms` 6 s), then the probes whose `ports` list it, then the others with rarity
/// up to `--version-intensity`, in file order (`ServiceProbeDatabase.probesToSend`), a new
/// connection each. A reply is read with the probe's lines, its fallbacks and NULL's; a
/// hard match ends the port; a softmatch names the service and from then on only probes
/// whose lines name that service are sent (nmap's `serviceIsPossible`). A refused or
/// unanswered connection ends the port. Ports go in rounds: round k sends every pending
/// port its k-th probe, grouped by probe, through the stream runner (its concurrency,
/// the rate limit, the scope guard). TLS is not tunnelled: a TLS port is read in clear.
enum VersionDetection {
    struct Port {
        var addr: IPAddress
        var port: UInt16
        var queue: [ServiceProbe]
        var soft: KPFingerprint.ServiceIdentity?
        var hard: KPFingerprint.ServiceIdentity?
        var done = false
    }

    /// The longest a probe waits for its reply (nmap: `totalwaitms`, default 5 s).
    static func wait(_ p: ServiceProbe) -> Double { Double(p.totalWaitMS ?? 5000) / 1000 }

    static func run(_ known: ScanFindings, _ env: ScanEnvironment) -> ScanFindings {
        guard let compiled = env.options.serviceProbes else {
            env.log("version: no nmap service probes were loaded: skipped")
            return known
        }
        var f = known
        let db = compiled.database
        let matcher = ServiceMatcher(compiled: compiled)
        var ports = f.services.values.filter { $0.transport == "tcp" }.sorted { ($0.addr, $0.port) < ($1.addr, $1.port) }.map {
            Port(addr: $0.addr, port: $0.port, queue: db.probesToSend(port: $0.port, transport: .tcp, intensity: env.options.versionIntensity))
        }
        while true {
            var byProbe: [Int: [Int]] = [:]   // probe line -> ports sending it this round
            for i in ports.indices where !ports[i].done {
                guard let next = ports[i].queue.first else { ports[i].done = true; continue }
                byProbe[next.line, default: []].append(i)
            }
            if byProbe.isEmpty { break }
            for (_, group) in byProbe.sorted(by: { $0.key < $1.key }) {
                let probe = ports[group[0]].queue[0]
                let module = VersionProbe(probe: probe.isNull ? nil : probe, probes: compiled)
                let targets = group.map { ProbeTarget(addr: ports[$0].addr, port: ports[$0].port) }
                let out = env.stream(module, targets, into: &f, connectTimeout: 2, readTimeout: wait(probe))
                for (i, outcome) in zip(group, out) {
                    ports[i].queue.removeFirst()
                    guard case .reply(let bytes) = outcome else { ports[i].done = true; continue }
                    guard !bytes.isEmpty, let id = matcher.match(reply: bytes, probe: probe.name, transport: .tcp).identity else { continue }
                    if !id.isSoft {
                        ports[i].hard = id
                        ports[i].done = true
                    } else if ports[i].soft == nil {
                        ports[i].soft = id
                        ports[i].queue.removeAll { !db.canName(service: id.service, probe: $0.name, transport: .tcp) }
                    }
                }
            }
        }
        var named = 0
        for p in ports {
            guard let id = p.hard ?? p.soft else { continue }
            let key = ScanFindings.key(p.addr, p.port, "tcp")
            guard var s = f.services[key] else { continue }
            let t = id.templates
            if s.info.service == nil { s.info.service = id.service }
            (s.info.product, s.info.version, s.info.info, s.info.cpe) = (t.product, t.version, t.info, t.cpe)
            f.services[key] = s
            if t.product != nil { named += 1 }
        }
        env.log("version: \(named) of \(ports.count) open TCP ports named a product")
        return f
    }
}
