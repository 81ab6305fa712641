import KPWire

/// ICMP errors (RFC 792, 4443) on the inside captures. An error from an outside
/// address means the quoted packet reached an outside router (`icmp-outside-router`,
/// breach). A time-exceeded from an inside router for a packet bound outside means
/// that router has a route out (`route-towards-outside`, warning: the hop to check);
/// an unreachable from an inside router for it is the border refusing (`border-refusal`, info).
final class ICMPCheck: PassiveCheck {
    let name = "icmp"

    func observe(_ p: Packet, _ ctx: CheckContext) {
        let f = p.frame
        guard !p.outsideCapture, f.proto == 1 || f.proto == 58, let q = f.quoted else { return }
        let timeExceeded = (f.proto == 1 && f.icmpType == 11) || (f.proto == 58 && f.icmpType == 3)
        if ctx.outside(f.src), ctx.inside(q.src) {
            ctx.book.add("icmp-outside-router", .breach, inside: [q.src.description], outside: [f.src.description, q.dst.description].uniqued(),
                         time: p.time, evidence: p.evidence,
                         explanation: "\(f.src), an outside router, sent an ICMP error about \(q.src)'s packet to \(q.dst): the packet got out.")
        } else if ctx.inside(f.src), ctx.outside(q.dst) {
            if timeExceeded {
                ctx.book.add("route-towards-outside", .warning, inside: [q.src.description], outside: [q.dst.description], bridge: f.src.description,
                             time: p.time, evidence: p.evidence,
                             explanation: "\(f.src) forwards packets bound for \(q.dst) (outside): it has a route out; the last such hop is where to look.")
            } else {
                ctx.book.add("border-refusal", .info, inside: [q.src.description], outside: [q.dst.description], bridge: f.src.description,
                             time: p.time, evidence: p.evidence,
                             explanation: "\(f.src) refused \(q.src)'s packet to \(q.dst) (outside) with ICMP type \(f.icmpType) code \(f.icmpCode).")
            }
        }
    }

    func finish(_ ctx: CheckContext) {}
}

extension Array where Element: Hashable {
    /// The elements without repeats, first occurrence kept.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
