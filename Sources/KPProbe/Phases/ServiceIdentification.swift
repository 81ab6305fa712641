import KPScope
import KPWire

/// Labels open TCP ports by content, trying first what the port suggests.
enum ServiceIdentification {
    /// One way to ask a port what it is.
    enum Step: String, Comparable {
        case banner, dnstcp, http, tls

        /// The probe credited in the findings.
        var probe: ProbeName {
            switch self {
            case .banner: return .banner
            case .dnstcp: return .dns
            case .http: return .http
            case .tls: return .tls
            }
        }

        static func < (a: Step, b: Step) -> Bool { a.rawValue < b.rawValue }
    }

    /// The order to try on a port: its usual service first.
    static func order(_ port: UInt16) -> [Step] {
        switch port {
        case 53: return [.dnstcp, .banner, .http, .tls]
        case 443, 8443, 993, 995, 465: return [.tls, .banner, .http]
        case 80, 8080, 8000, 8008, 8081, 8888: return [.http, .banner, .tls]
        default: return [.banner, .http, .tls, .banner]      // a slow greeter gets a second, longer wait
        }
    }

    static func run(_ known: ScanFindings, _ env: ScanEnvironment) -> ScanFindings {
        let f = byContent(known, env)
        // nmap's version probes then read every open TCP port, named already or not (VersionDetection.swift).
        return env.has(.version) ? VersionDetection.run(f, env) : f
    }

    /// The banner, DNS, HTTP and TLS steps on the ports not named yet.
    static func byContent(_ known: ScanFindings, _ env: ScanEnvironment) -> ScanFindings {
        var f = known
        var pending = f.services.values.filter { $0.transport == "tcp" && $0.info.service == nil }.map { ($0.addr, $0.port) }
            .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        if pending.isEmpty { return f }
        var order: [UInt16: [Step]] = [:]
        for (_, p) in pending {
            order[p] = ServiceIdentification.order(p).filter { step in
                step == .dnstcp ? env.has(.dns) || env.has(.banner) : env.has(step.probe)
            }
        }
        for round in 0 ..< 5 {
            var byStep: [Step: [ProbeTarget]] = [:]
            for (a, p) in pending where round < order[p]!.count {
                byStep[order[p]![round], default: []].append(ProbeTarget(addr: a, port: p, tls: order[p]![round] == .tls))
            }
            if byStep.isEmpty { break }
            for (step, targets) in byStep.sorted(by: { $0.key < $1.key }) {
                let readTimeout = step == .banner ? (round == 0 ? 4.0 : 10.0) : 3.0
                let found: [(ProbeTarget, any ServiceIdentity)]
                switch step {
                case .banner: found = identify(BannerProbe(), targets, env, &f, readTimeout)
                case .dnstcp: found = identify(DNSOverTCP(), targets, env, &f, readTimeout)
                case .http: found = identify(HTTPProbe(), targets, env, &f, readTimeout)
                case .tls: found = identify(TLSProbe(), targets, env, &f, readTimeout)
                }
                for (t, id) in found {
                    f.addService(t.addr, t.port, "tcp", .init(service: id.service, software: id.software, probe: step.probe))
                    for n in id.certificateNames { f.certificateNames[n, default: 0] += 1 }
                    pending.removeAll { $0 == (t.addr, t.port) }
                }
            }
        }
        env.log("services: \(f.services.values.filter { $0.info.service != nil }.count) identified")
        return f
    }

    /// The targets whose reply `module` validates and reads as a service.
    static func identify<M: ProbeModule>(_ module: M, _ targets: [ProbeTarget], _ env: ScanEnvironment, _ f: inout ScanFindings,
                                         _ readTimeout: Double) -> [(ProbeTarget, any ServiceIdentity)] where M.Output: ServiceIdentity {
        let out = env.stream(module, targets, into: &f, connectTimeout: 1, readTimeout: readTimeout)
        return zip(targets, out).compactMap { t, o in
            guard case .reply(let bytes) = o, module.validate(bytes, from: t, env.ctx) != nil, let id = module.classify(bytes, t) else { return nil }
            return (t, id)
        }
    }
}

/// A DNS query over TCP (SOA of "kp"): labels an open port 53 as dns.
struct DNSOverTCP: ProbeModule {
    let info = ProbeInfo(.dns, .stream, .tcp, fields: ["service"], help: "")

    func build(_ t: InScope<ProbeTarget>, _ ctx: ProbeContext) -> [UInt8] {
        DNSWire.overTCP(DNSWire.query(t.target, name: "kp", type: DNSType.soa, ctx))
    }

    func complete(_ reply: [UInt8]) -> Bool { !DNSWire.tcpMessages(reply).isEmpty }

    func classify(_ reply: [UInt8], _: ProbeTarget) -> ServiceReading? {
        DNSWire.tcpMessages(reply).first?.isResponse == true ? ServiceReading(service: "dns") : nil
    }
}
