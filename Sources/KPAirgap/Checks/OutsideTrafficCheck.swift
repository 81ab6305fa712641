import KPModel
import KPWire

/// Traffic between inside hosts and outside addresses on the inside captures, and
/// whether the outside answered. An answer (a SYN-ACK or data, a UDP reply, an echo
/// reply, tunnel traffic back) is proof that packets crossed: `outside-answered`
/// (breach). Attempts without an answer are `outside-attempt` (warning). When every
/// answer was ICMP, the gap lets only ICMP through: `icmp-only` (breach).
final class OutsideTrafficCheck: PassiveCheck {
    let name = "outside-traffic"

    struct Key: Hashable { var inside: IPAddress; var outside: IPAddress; var proto: UInt8 }
    struct State {
        var sent = 0
        var answers = 0
        var resets = 0
        var firstSent: Evidence?
        var firstAnswer: Evidence?
        var first: Int64 = .max
        var last: Int64 = .min
        /// The answer copy with the highest TTL (the one seen nearest the crossing) and its sender's MAC.
        var bestTTL = -1
        var answerMAC: MACAddress?
    }

    var pairs: [Key: State] = [:]

    func observe(_ p: Packet, _ ctx: CheckContext) {
        let f = p.frame
        guard !p.outsideCapture, f.network == .ipv4 || f.network == .ipv6 else { return }
        // ICMP errors are the ICMP check's: a router's refusal is no answer.
        if (f.proto == 1 || f.proto == 58) && f.quoted != nil { return }
        if ctx.inside(f.src), ctx.outside(f.dst) {
            var s = pairs[Key(inside: f.src, outside: f.dst, proto: f.proto)] ?? State()
            s.sent += 1
            if s.firstSent == nil { s.firstSent = p.evidence }
            s.first = min(s.first, p.time); s.last = max(s.last, p.time)
            pairs[Key(inside: f.src, outside: f.dst, proto: f.proto)] = s
        } else if ctx.outside(f.src), ctx.inside(f.dst) {
            let key = Key(inside: f.dst, outside: f.src, proto: f.proto)
            var s = pairs[key] ?? State()
            s.first = min(s.first, p.time); s.last = max(s.last, p.time)
            if f.proto == 6 && f.tcpFlags & TCPFlag.rst != 0 && f.payloadLength == 0 {
                // A bare reset may be forged by a firewall on the path: not proof.
                s.resets += 1
            } else {
                s.answers += 1
                if s.firstAnswer == nil { s.firstAnswer = p.evidence }
                if Int(f.ttl) > s.bestTTL, f.hasMAC {
                    s.bestTTL = Int(f.ttl)
                    s.answerMAC = f.macSrc
                }
            }
            pairs[key] = s
        }
    }

    static func protoName(_ p: UInt8) -> String {
        switch p {
        case 1: return "ICMP"
        case 6: return "TCP"
        case 17: return "UDP"
        case 58: return "ICMPv6"
        case 4: return "IPIP"
        case 41: return "IPv6-in-IPv4"
        case 47: return "GRE"
        default: return "protocol \(p)"
        }
    }

    func finish(_ ctx: CheckContext) {
        var icmpAnswered: [(Key, State, String?)] = []
        var otherAnswered = false
        for (k, s) in pairs {
            let proto = OutsideTrafficCheck.protoName(k.proto)
            if s.answers > 0 {
                let bridge = ctx.hostName(mac: s.answerMAC, outsideCapture: false)
                if k.proto == 1 || k.proto == 58 { icmpAnswered.append((k, s, bridge)) } else { otherAnswered = true }
                for ev in [s.firstSent, s.firstAnswer].compactMap({ $0 }) {
                    ctx.book.add("outside-answered", .breach, inside: [k.inside.description], outside: [k.outside.description], bridge: bridge,
                                 time: s.first, evidence: ev,
                                 explanation: "\(k.outside) (outside) answered \(k.inside) over \(proto): packets crossed the gap\(bridge.map { ", coming in through \($0)" } ?? "").",
                                 count: 0)
                }
                ctx.book.add("outside-answered", .breach, inside: [k.inside.description], outside: [k.outside.description], bridge: bridge,
                             time: s.last, evidence: nil, explanation: "", count: s.sent + s.answers)
            } else if s.sent > 0 {
                ctx.book.add("outside-attempt", .warning, inside: [k.inside.description], outside: [k.outside.description],
                             time: s.first, evidence: s.firstSent,
                             explanation: "\(k.inside) sent \(proto) towards \(k.outside) (outside) and no answer was seen\(s.resets > 0 ? " (only resets, which a firewall may forge)" : ""): an attempt, not a crossing.",
                             count: s.sent)
                ctx.book.add("outside-attempt", .warning, inside: [k.inside.description], outside: [k.outside.description],
                             time: s.last, evidence: nil, explanation: "", count: 0)
            }
        }
        if !icmpAnswered.isEmpty && !otherAnswered {
            for (k, s, bridge) in icmpAnswered {
                ctx.book.add("icmp-only", .breach, inside: [k.inside.description], outside: [k.outside.description], bridge: bridge,
                             time: s.first, evidence: s.firstAnswer,
                             explanation: "Only ICMP came back from \(k.outside) (outside): the border lets ICMP through, enough for a covert channel.",
                             count: s.answers)
                ctx.book.add("icmp-only", .breach, inside: [k.inside.description], outside: [k.outside.description], bridge: bridge,
                             time: s.last, evidence: nil, explanation: "", count: 0)
            }
        }
    }
}
