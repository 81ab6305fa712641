import KPWire

/// IPv6 that can reach past an IPv4 air gap: global unicast addresses outside the
/// inside prefixes (`ipv6-global`), Teredo (2001::/32, UDP 3544: `teredo`) and
/// 6to4 (2002::/16: `6to4`). Warnings: each is a path to check, not proof.
/// Protocol 41 (IPv6 in IPv4) is the tunnel check's.
final class IPv6Check: PassiveCheck {
    let name = "ipv6"

    func observe(_ p: Packet, _ ctx: CheckContext) {
        let f = p.frame
        guard !p.outsideCapture else { return }
        if f.isUDP, f.srcPort == 3544 || f.dstPort == 3544 {
            let inside = [f.src, f.dst].filter(ctx.inside).map(\.description)
            ctx.book.add("teredo", .warning, inside: inside, outside: [f.src, f.dst].filter(ctx.outside).map(\.description),
                         time: p.time, evidence: p.evidence, explanation: "Teredo (UDP 3544) tunnels IPv6 over UDP through NAT: a way out to check.")
        }
        guard f.network == .ipv6 else { return }
        for a in [f.src, f.dst] where ctx.outside(a) {
            let top = a.hi >> 32
            let (kind, what): (String, String)
            if top == 0x2001_0000 { (kind, what) = ("teredo", "a Teredo address (2001::/32)") }
            else if a.hi >> 48 == 0x2002 { (kind, what) = ("6to4", "a 6to4 address (2002::/16)") }
            else if a.hi >> 61 == 1 { (kind, what) = ("ipv6-global", "a global IPv6 address") }
            else { continue }
            let inside = [f.src, f.dst].filter(ctx.inside).map(\.description)
            ctx.book.add(kind, .warning, inside: inside, outside: [a.description], time: p.time, evidence: p.evidence,
                         explanation: "\(a) is \(what) outside the intranet: IPv6 may route around an IPv4 air gap.")
        }
    }

    func finish(_ ctx: CheckContext) {}
}
