import KPModel
import KPWire

/// DNS on the inside captures (RFC 1035): questions for names outside the intranet
/// suffix (`dns-outside-name`, warning), answers that give such names an outside
/// address (`dns-outside-resolved`, breach; an inside address is a local override,
/// a warning), queries to outside resolvers (`outside-resolver`, warning), and inside
/// resolvers that fetch answers from outside (`dns-forwarder`, breach).
final class DNSCheck: PassiveCheck {
    let name = "dns"

    /// Inside hosts that answered DNS questions (resolvers).
    var resolvers = Set<IPAddress>()
    /// Inside hosts that got DNS answers from outside addresses, with the first evidence.
    var answeredFromOutside: [IPAddress: (Evidence, Int64, IPAddress)] = [:]
    /// Inside resolvers that gave an outside name an outside address.
    var leakedAnswers: [IPAddress: (Evidence, Int64, String)] = [:]

    func observe(_ p: Packet, _ ctx: CheckContext) {
        let f = p.frame
        guard !p.outsideCapture, f.isUDP || f.isTCP, f.srcPort == 53 || f.dstPort == 53 else { return }
        var body = p.payload
        if f.isTCP {
            // DNS over TCP: a 2-byte length, then the message (only whole messages in one segment are read).
            guard body.count > 14 else { return }
            body = UnsafeRawBufferPointer(rebasing: body[2...])
        }
        guard let m = DNSDecoder.parse(body, cut: f.payloadTruncated) else { return }
        if !m.isResponse {
            if ctx.outside(f.dst) {
                ctx.book.add("outside-resolver", .warning, inside: [f.src.description], outside: [f.dst.description], time: p.time,
                             evidence: p.evidence, explanation: "\(f.src) asked \(f.dst), a resolver outside the intranet.")
            }
            for q in m.questions where !ctx.scope.isInsideName(q.name) {
                ctx.book.add("dns-outside-name", .warning, inside: [f.src.description], outside: [q.name], time: p.time, evidence: p.evidence,
                             explanation: "\(f.src) asked for \(q.name), a name outside .\(ctx.scope.suffix).")
            }
            return
        }
        if ctx.inside(f.src) { resolvers.insert(f.src) }
        if ctx.outside(f.src), ctx.inside(f.dst), answeredFromOutside[f.dst] == nil { answeredFromOutside[f.dst] = (p.evidence, p.time, f.src) }
        for r in m.answers {
            guard let a = r.address, !ctx.scope.isInsideName(r.name) else { continue }
            let resolver = ctx.inside(f.src) ? [f.src.description] : []
            if ctx.outside(a) {
                ctx.book.add("dns-outside-resolved", .breach, inside: [f.dst.description] + resolver, outside: [r.name, a.description],
                             time: p.time, evidence: p.evidence,
                             explanation: "\(r.name), a name outside .\(ctx.scope.suffix), was resolved to \(a), an outside address: name data crossed the gap.")
                if ctx.inside(f.src), leakedAnswers[f.src] == nil { leakedAnswers[f.src] = (p.evidence, p.time, r.name) }
            } else {
                ctx.book.add("dns-outside-name-local", .warning, inside: [f.dst.description] + resolver, outside: [r.name], time: p.time,
                             evidence: p.evidence,
                             explanation: "\(r.name), a name outside .\(ctx.scope.suffix), is answered with \(a): a local override, not a crossing.")
            }
        }
    }

    func finish(_ ctx: CheckContext) {
        for r in resolvers.sorted() {
            if let (ev, t, upstream) = answeredFromOutside[r] {
                ctx.book.add("dns-forwarder", .breach, inside: [r.description], outside: [upstream.description], bridge: r.description,
                             time: t, evidence: ev,
                             explanation: "\(r) answers DNS inside and gets answers from \(upstream) outside: it forwards questions across the gap.")
            } else if let (ev, t, name) = leakedAnswers[r] {
                ctx.book.add("dns-forwarder", .breach, inside: [r.description], outside: [name], bridge: r.description, time: t, evidence: ev,
                             explanation: "\(r) answers outside names such as \(name) with outside addresses: it resolves across the gap.")
            }
        }
    }
}
