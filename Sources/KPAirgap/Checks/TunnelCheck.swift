import KPModel
import KPWire

/// Tunnels: GRE (47), IP-in-IP (4) and IPv6-in-IPv4 (41). Between an inside host
/// and an outside one with packets both ways: `tunnel`, breach, the inside end
/// named as the bridge; one way only: a warning; both ends inside: `tunnel-inside`,
/// info (a tunnel can still hide what it carries).
final class TunnelCheck: PassiveCheck {
    let name = "tunnel"

    struct Key: Hashable { var inside: IPAddress; var other: IPAddress; var proto: UInt8 }
    var seen: [Key: (out: Int, back: Int, ev: [Evidence], first: Int64, last: Int64)] = [:]

    func observe(_ p: Packet, _ ctx: CheckContext) {
        let f = p.frame
        guard !p.outsideCapture, f.network == .ipv4 || f.network == .ipv6, [4, 41, 47].contains(f.proto) else { return }
        let (key, outbound): (Key, Bool)
        if ctx.inside(f.src) { (key, outbound) = (Key(inside: f.src, other: f.dst, proto: f.proto), true) }
        else if ctx.inside(f.dst) { (key, outbound) = (Key(inside: f.dst, other: f.src, proto: f.proto), false) }
        else { return }
        var s = seen[key] ?? (0, 0, [], p.time, p.time)
        if outbound { s.out += 1 } else { s.back += 1 }
        if s.ev.count < 3 { s.ev.append(p.evidence) }
        s.last = p.time
        seen[key] = s
    }

    func finish(_ ctx: CheckContext) {
        for (k, s) in seen {
            let proto = OutsideTrafficCheck.protoName(k.proto)
            let (kind, sev, text): (String, Severity, String)
            if ctx.outside(k.other) {
                if s.out > 0 && s.back > 0 {
                    (kind, sev, text) = ("tunnel", .breach, "\(k.inside) and \(k.other) (outside) exchange \(proto) packets both ways: a tunnel across the gap, \(k.inside) its inside end.")
                } else {
                    (kind, sev, text) = ("tunnel", .warning, "\(k.inside) and \(k.other) (outside): \(proto) packets one way only: a tunnel attempt.")
                }
            } else {
                (kind, sev, text) = ("tunnel-inside", .info, "\(k.inside) and \(k.other) exchange \(proto) packets inside the intranet.")
            }
            let outside = ctx.outside(k.other) ? [k.other.description] : []
            let inside = [k.inside.description] + (ctx.inside(k.other) ? [k.other.description] : [])
            for (i, ev) in s.ev.enumerated() {
                ctx.book.add(kind, sev, inside: inside, outside: outside, bridge: k.inside.description, time: i == 0 ? s.first : s.last,
                             evidence: ev, explanation: text, count: 0)
            }
            ctx.book.add(kind, sev, inside: inside, outside: outside, bridge: k.inside.description, time: s.last, evidence: nil,
                         explanation: text, count: s.out + s.back)
        }
    }
}
