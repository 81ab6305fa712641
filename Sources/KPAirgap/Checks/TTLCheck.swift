import KPModel
import KPWire

/// TTL jumps: an address whose packets arrive at the same capture point with hop
/// counts that differ by 3 or more reaches it over different paths (or is forged):
/// `ttl-jump`, info. Copies of one packet on several interfaces of a router differ
/// by one, hence the margin.
final class TTLCheck: PassiveCheck {
    let name = "ttl"

    struct Key: Hashable { var addr: IPAddress; var file: String }
    var ranges: [Key: (lo: UInt8, hi: UInt8, loEv: Evidence, hiEv: Evidence, first: Int64, last: Int64)] = [:]

    func observe(_ p: Packet, _ ctx: CheckContext) {
        let f = p.frame
        guard f.network == .ipv4 || f.network == .ipv6, f.ttl > 0, f.src.isUnicast else { return }
        // Compare within one initial-TTL class (64, 128, 255): stacks differ, paths do not.
        let k = Key(addr: f.src, file: p.file)
        if var r = ranges[k] {
            guard TTLCheck.initial(r.lo) == TTLCheck.initial(f.ttl) else { return }
            if f.ttl < r.lo { r.lo = f.ttl; r.loEv = p.evidence }
            if f.ttl > r.hi { r.hi = f.ttl; r.hiEv = p.evidence }
            r.last = p.time
            ranges[k] = r
        } else {
            ranges[k] = (f.ttl, f.ttl, p.evidence, p.evidence, p.time, p.time)
        }
    }

    static func initial(_ ttl: UInt8) -> Int { ttl <= 64 ? 64 : ttl <= 128 ? 128 : 255 }

    func finish(_ ctx: CheckContext) {
        for (k, r) in ranges where r.hi - r.lo >= 3 {
            let inside = ctx.inside(k.addr) ? [k.addr.description] : []
            let outside = ctx.outside(k.addr) ? [k.addr.description] : []
            for (ev, t) in [(r.loEv, r.first), (r.hiEv, r.last)] {
                ctx.book.add("ttl-jump", .info, inside: inside, outside: outside, time: t, evidence: ev,
                             explanation: "Packets from \(k.addr) arrive with TTL \(r.lo) to \(r.hi): over more than one path, or forged.")
            }
        }
    }
}
