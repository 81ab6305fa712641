import KPModel
import KPWire

/// With an inside and an outside capture: one machine answering on both sides under
/// different addresses (`dual-homed`, breach), recognised by what it carries from
/// one network to the other besides its MAC and DHCP host name (CrossingCheck):
///
/// - its TCP timestamp clock (RFC 7323 TSval): a series of an inside address (to an
///   inside peer) and one of an outside address on the outside capture tick at the
///   same rate, and the outside values continue the inside ones (the same offset)
///   within half a second of ticks;
/// - its SSH host key, read from the key exchange (KEXDH/ECDH/GEX reply, in clear),
///   presented by an inside address and by an outside one;
/// - its TLS certificate (TLS 1.2 and earlier send it in clear), the same DER
///   (SHA-256 fingerprint) served by an inside address and by an outside one.
///
/// Translated and forwarded packets are not identities: only inside sources talking
/// to non-outside peers count on the inside capture, only non-inside sources on the
/// outside one (the NAT and forwarding findings cover the rest).
final class IdentityCheck: PassiveCheck {
    let name = "identity"

    // MARK: TCP timestamp clocks

    struct ClockKey: Hashable { var outside: Bool; var src: IPAddress; var peer: IPAddress }
    struct Clock {
        var firstTime: Int64, firstTS: UInt32
        var lastTime: Int64, lastTS: UInt32
        var samples = 1
        var evidence: Evidence
    }
    var clocks: [ClockKey: Clock] = [:]
    static let maxClocks = 20000
    /// TSval rates stacks use (Hz): measured rates within 5 % are taken as these.
    static let nominalRates: [Double] = [1, 2, 10, 100, 250, 300, 1000]
    /// How far apart the two captures' clocks may be (seconds of ticks tolerated).
    static let captureClockSlack = 0.5
    /// The shortest series whose rate is measured.
    static let minSpan: Int64 = 1_000_000_000

    // MARK: SSH host keys and TLS certificates

    struct StreamKey: Hashable { var outside: Bool; var src: IPAddress; var sport: UInt16; var dst: IPAddress; var dport: UInt16 }
    struct Stream {
        var ssh: Bool
        var data: [UInt8] = []
        var nextSeq: UInt32
        var evidence: Evidence
        var time: Int64
    }
    var streams: [StreamKey: Stream] = [:]
    static let maxStreams = 50000
    static let streamLimit = 32768

    /// One key or certificate seen from one address on one side.
    struct Sighting { var outside: Bool; var addr: IPAddress; var label: String; var evidence: Evidence; var time: Int64 }
    /// By fingerprint ("ssh SHA256:…", "tls …"): the first sighting per side and address.
    var sightings: [String: [Sighting]] = [:]
    var sawOutside = false

    /// Whether `src` may be a dual-homed host's own address on this side (see the type's comment).
    func eligible(_ p: Packet, _ ctx: CheckContext, peer: IPAddress) -> Bool {
        let f = p.frame
        return p.outsideCapture ? !ctx.inside(f.src) : ctx.inside(f.src) && !ctx.outside(peer)
    }

    func observe(_ p: Packet, _ ctx: CheckContext) {
        let f = p.frame
        guard f.isTCP, f.network == .ipv4 || f.network == .ipv6 else { return }
        if p.outsideCapture { sawOutside = true }
        if f.tcpOptions.hasTimestamp, f.tcpOptions.tsVal != 0, eligible(p, ctx, peer: f.dst) {
            let k = ClockKey(outside: p.outsideCapture, src: f.src, peer: f.dst)
            if var c = clocks[k] {
                if p.time >= c.lastTime {
                    c.lastTime = p.time; c.lastTS = f.tcpOptions.tsVal; c.samples += 1
                    clocks[k] = c
                }
            } else if clocks.count < IdentityCheck.maxClocks {
                clocks[k] = Clock(firstTime: p.time, firstTS: f.tcpOptions.tsVal, lastTime: p.time, lastTS: f.tcpOptions.tsVal, evidence: p.evidence)
            }
        }
        let payload = p.payload
        guard payload.count > 0 else { return }
        let k = StreamKey(outside: p.outsideCapture, src: f.src, sport: f.srcPort, dst: f.dst, dport: f.dstPort)
        if streams[k] == nil {
            // A stream is followed from its first payload: an SSH identification, or a TLS ServerHello.
            let ssh = payload.starts(with: "SSH-".utf8)
            let tls = payload.count >= 6 && payload[0] == 0x16 && payload[1] == 0x03 && payload[5] == 2
            guard ssh || tls, streams.count < IdentityCheck.maxStreams, eligible(p, ctx, peer: f.dst) else { return }
            streams[k] = Stream(ssh: ssh, nextSeq: f.tcpSeq, evidence: p.evidence, time: p.time)
        }
        guard var s = streams[k] else { return }
        let delta = Int32(bitPattern: f.tcpSeq &- s.nextSeq)
        if delta > 0 { streams[k] = nil; return }                              // a gap: give up
        let skip = Int(-delta)
        guard skip < payload.count else { return }                               // retransmitted
        s.data.append(contentsOf: UnsafeRawBufferPointer(rebasing: payload[skip...]))
        s.nextSeq = s.nextSeq &+ UInt32(payload.count - skip)
        var found: (fingerprint: String, label: String)?
        var needMore = true
        s.data.withUnsafeBytes { b in
            if s.ssh {
                let kex = SSHDecoder.serverKex(b)
                needMore = kex.needMore
                if let key = kex.hostKey {
                    let fp = SHA256.openSSHFingerprint(key)
                    found = ("ssh " + fp, "SSH host key \(kex.hostKeyType ?? "?") \(fp)\(kex.identification.map { " (\($0))" } ?? "")")
                }
            } else {
                let hs = TLSDecoder.parse(b, keepCertificates: true)
                needMore = hs.needMore && hs.certificateDER.isEmpty
                if let der = hs.certificateDER.first {
                    let fp = SHA256.hex(SHA256.hash(der))
                    let cn = hs.certificates.first?.commonName.map { "CN=\($0) " } ?? ""
                    found = ("tls " + fp, "TLS certificate \(cn)SHA-256 \(fp)")
                }
            }
        }
        if let found {
            let list = sightings[found.fingerprint, default: []]
            if !list.contains(where: { $0.outside == p.outsideCapture && $0.addr == f.src }) {
                sightings[found.fingerprint] = list + [Sighting(outside: p.outsideCapture, addr: f.src, label: found.label, evidence: s.evidence, time: s.time)]
            }
        }
        // A finished stream is forgotten (its later segments do not start one again).
        streams[k] = found != nil || !needMore || s.data.count >= IdentityCheck.streamLimit ? nil : s
    }

    func finish(_ ctx: CheckContext) {
        guard sawOutside else { return }
        for (_, list) in sightings {
            for i in list where !i.outside {
                for o in list where o.outside && o.addr != i.addr {
                    ctx.book.add("dual-homed", .breach, inside: [i.addr.description], outside: [o.addr.description], bridge: i.addr.description,
                                 time: i.time, evidence: i.evidence,
                                 explanation: "\(i.addr) on the inside and \(o.addr) on the outside present the same \(i.label): one machine on both networks (or two sharing that key).")
                    ctx.book.add("dual-homed", .breach, inside: [i.addr.description], outside: [o.addr.description], bridge: i.addr.description,
                                 time: o.time, evidence: o.evidence, explanation: "", count: 0)
                }
            }
        }
        matchClocks(ctx)
    }

    /// TSval ticks per second of a series, snapped to a nominal rate; nil when too short to tell.
    static func rate(_ c: Clock) -> Double? {
        guard c.samples >= 2, c.lastTime - c.firstTime >= minSpan else { return nil }
        let r = Double(c.lastTS &- c.firstTS) / (Double(c.lastTime - c.firstTime) / 1e9)
        guard r > 0, r < 1e6 else { return nil }                   // went backwards (wrapped), or nonsense
        return nominalRates.first { abs(r - $0) <= 0.05 * $0 } ?? r
    }

    /// How far (in ticks) `b`'s values are from those `a`'s clock predicts at `b`'s times.
    static func distance(_ a: Clock, _ b: Clock, rate: Double) -> Int64 {
        func off(_ t: Int64, _ ts: UInt32) -> Int64 {
            let predicted = Int64(a.firstTS) + Int64((Double(t - a.firstTime) / 1e9 * rate).rounded())
            return abs(Int64(Int32(bitPattern: ts &- UInt32(truncatingIfNeeded: predicted))))
        }
        return max(off(b.firstTime, b.firstTS), off(b.lastTime, b.lastTS))
    }

    func matchClocks(_ ctx: CheckContext) {
        var inside: [(ClockKey, Clock, Double)] = [], outside: [(ClockKey, Clock, Double)] = []
        for (k, c) in clocks {
            guard let r = IdentityCheck.rate(c) else { continue }
            if k.outside { outside.append((k, c, r)) } else { inside.append((k, c, r)) }
        }
        var reported = Set<[IPAddress]>()
        for (ik, ic, ir) in inside {
            for (ok, oc, or) in outside where ok.src != ik.src && abs(ir - or) <= 0.05 * max(ir, or) {
                guard !reported.contains([ik.src, ok.src]) else { continue }
                let slack = max(2, Int64((ir * IdentityCheck.captureClockSlack).rounded()))
                let d = IdentityCheck.distance(ic, oc, rate: ir)
                guard d <= slack else { continue }
                reported.insert([ik.src, ok.src])
                let hz = "\(Int(ir.rounded())) Hz"
                ctx.book.add("dual-homed", .breach, inside: [ik.src.description], outside: [ok.src.description], bridge: ik.src.description,
                             time: ic.firstTime, evidence: ic.evidence,
                             explanation: "\(ik.src) on the inside and \(ok.src) on the outside run one TCP timestamp clock (\(hz); the outside values continue the inside ones within \(d) ticks): one machine on both networks.")
                ctx.book.add("dual-homed", .breach, inside: [ik.src.description], outside: [ok.src.description], bridge: ik.src.description,
                             time: oc.firstTime, evidence: oc.evidence, explanation: "", count: 0)
            }
        }
    }
}
