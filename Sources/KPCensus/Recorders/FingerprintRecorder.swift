import KPFingerprint
import KPWire

/// nmap's service fingerprints, read passively, once per service (never per packet): a
/// flow of a service not yet named by nmap keeps its first bytes (`FingerprintSample`);
/// when they are in (TCP after a handshake: both directions full) or when the flow ends,
/// they are matched once. A server that spoke first is read with the NULL probe's lines;
/// a reply to a client that spoke first with the lines of the probe the client's bytes
/// fit (`ServiceProbeDatabase.probe(sentAs:)`; TCP: NULL's when none fits). A hard match
/// settles the service; a softmatch names it and later flows may still give a hard match;
/// at most `maxAttempts` flows a service are read. What it found goes to `services` (the
/// ServicesRecorder asks), so it writes no section.
final class FingerprintRecorder: ProtocolRecorder {
    /// Flows sampling at once (a sample holds at most 2 × 4 payloads of 2 KB).
    static let maxSamples = 4096
    /// Flows read per service when none gave a hard match.
    static let maxAttempts = 3

    struct Result {
        var identity: ServiceIdentity?
        var attempts = 0
        var hard: Bool { identity.map { !$0.isSoft } ?? false }
    }

    private(set) var matcher: ServiceMatcher?
    private var samples: [FingerprintSample?] = []
    private var free: [Int16] = []
    /// Services some active flow is sampling (one flow a service at a time).
    private var sampling: Set<ServiceKey> = []
    private(set) var results: [ServiceKey: Result] = [:]

    var isOn: Bool { matcher != nil }

    /// Turns passive matching on with the run's compiled probes.
    func enable(_ compiled: CompiledServiceProbes) { matcher = ServiceMatcher(compiled: compiled) }

    /// What nmap's lines said of a service, or nil.
    func identity(_ key: ServiceKey) -> ServiceIdentity? { results[key]?.identity }

    /// One of a flow's first payloads (within the bound) while the flow may still sample.
    @inline(never)
    func read(_ payload: UnsafeRawBufferPointer, fromA: Bool, seq: UInt32, flow fl: inout FlowState, _ context: RecordingContext) {
        if fl.fingerprintSample == FlowState.sampleUndecided {
            fl.fingerprintSample = start(fl, fromA: fromA, context)
        }
        guard fl.fingerprintSample >= 0 else { return }
        let i = Int(fl.fingerprintSample)
        samples[i]!.append(payload, fromA: fromA, tcp: fl.key.proto == 6, seq: seq)
        // Both directions in and the roles settled by the handshake: read it now, free the slot.
        if samples[i]!.full && fl.roleSource == .handshake {
            settle(i, serverIsA: !fl.aIsClient, answered: true, context)
            fl.fingerprintSample = FlowState.notSampled
        }
    }

    /// The flow ended: its sample (if it still holds one) is read for the service it turned out to be.
    func flowEnded(_ fl: FlowState, serverIsA: Bool, answered: Bool, _ context: RecordingContext) {
        guard fl.fingerprintSample >= 0 else { return }
        settle(Int(fl.fingerprintSample), serverIsA: serverIsA, answered: answered, context)
    }

    /// A sample slot for a flow whose service still wants one, else `notSampled`.
    private func start(_ fl: FlowState, fromA: Bool, _ context: RecordingContext) -> Int16 {
        let k = fl.key
        guard k.proto == 6 || k.proto == 17 else { return FlowState.notSampled }
        let serverIsA = fl.roleSource != .none ? !fl.aIsClient : ServicePorts.serverIsA(aPort: k.aPort, bPort: k.bPort)
        let key = ServiceKey(addr: serverIsA ? k.a : k.b, port: serverIsA ? k.aPort : k.bPort, proto: k.proto)
        guard key.addr.isUnicast, wants(key), !sampling.contains(key) else { return FlowState.notSampled }
        let sample = FingerprintSample(flow: k, guess: key, firstFromA: fromA)
        let slot: Int16
        if let f = free.popLast() {
            slot = f
            samples[Int(f)] = sample
        } else {
            guard samples.count < FingerprintRecorder.maxSamples else {
                context.count(.tableLimit)
                return FlowState.notSampled
            }
            slot = Int16(samples.count)
            samples.append(sample)
        }
        sampling.insert(key)
        return slot
    }

    private func wants(_ key: ServiceKey) -> Bool {
        guard let r = results[key] else { return true }
        return !r.hard && r.attempts < FingerprintRecorder.maxAttempts
    }

    /// Frees sample `i` and, for an answered flow, matches it once.
    private func settle(_ i: Int, serverIsA: Bool, answered: Bool, _ context: RecordingContext) {
        guard let sample = samples[i], let matcher else { return }
        samples[i] = nil
        free.append(Int16(i))
        sampling.remove(sample.guess)
        guard answered, let (probe, reply, transport) = FingerprintRecorder.question(sample, serverIsA: serverIsA, matcher.database) else { return }
        let service = sample.service(serverIsA: serverIsA)
        guard service.addr.isUnicast, wants(service) else { return }
        guard results[service] != nil || results.count < context.limits.maxNames else { context.count(.tableLimit); return }
        let out = matcher.match(reply: reply, probe: probe, transport: transport)
        for a in out.anomalies {
            switch a {
            case .regexLimit: context.count(.fingerprintRegexLimit)
            case .regexError: context.count(.fingerprintRegexError)
            case .regexCompileFailed, .unknownProbe: break
            }
        }
        var r = results[service] ?? Result()
        r.attempts += 1
        if let id = out.identity, !id.isSoft || r.identity == nil { r.identity = id }
        results[service] = r
    }

    /// Which probe's lines read which of the server's bytes, or nil when nothing can be read.
    static func question(_ s: FingerprintSample, serverIsA: Bool, _ db: ServiceProbeDatabase) -> (String, [UInt8], KPFingerprint.ProbeTransport)? {
        let transport: KPFingerprint.ProbeTransport = s.guess.proto == 6 ? .tcp : .udp
        let server = serverIsA ? s.a.data : s.b.data
        let client = serverIsA ? s.b.data : s.a.data
        let probe: String
        let reply: [UInt8]
        if s.firstFromA == serverIsA {
            // The server spoke first: its greeting, before the client said anything (nmap's NULL probe).
            guard transport == .tcp else { return nil }
            probe = "NULL"
            reply = Array(server.prefix(s.firstSpeakerBytes ?? server.count))
        } else {
            guard let fit = db.probe(sentAs: client, transport: transport) ?? (transport == .tcp ? "NULL" : nil) else { return nil }
            probe = fit
            reply = server
        }
        return reply.isEmpty ? nil : (probe, reply, transport)
    }
}
