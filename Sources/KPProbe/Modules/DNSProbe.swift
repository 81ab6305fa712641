import KPScope
import KPWire

/// A UDP DNS query (SOA of the target's name, "kp" by default) to port 53: any
/// valid reply marks a DNS server, `aa` an authority for the name. The query id
/// is keyed on (server, name, type) and checked on the reply.
public struct DNSProbe: ProbeModule {
    public let info = ProbeInfo(.dns, .datagram, .udp, fields: ["rcode", "authoritative", "answers"],
                                help: "UDP DNS query (SOA of each --zone) to port 53: finds name servers and the zones they are authoritative for")
    public let qtype: UInt16
    public init(qtype: UInt16 = DNSType.soa) { self.qtype = qtype }

    public func build(_ t: InScope<ProbeTarget>, _ ctx: ProbeContext) -> [UInt8] {
        DNSWire.query(t.target, name: t.target.name ?? "kp", type: qtype, ctx)
    }

    public func validate(_ reply: [UInt8], from t: ProbeTarget, _ ctx: ProbeContext) -> ProbeTarget? {
        guard let m = DNSWire.parse(reply), m.isResponse, let q = m.questions.first,
              m.id == DNSWire.id(ctx.cookie, server: t.addr.v4, name: q.name, type: q.type) else { return nil }
        return ProbeTarget(addr: t.addr, port: t.port, name: q.name)
    }

    public func classify(_ reply: [UInt8], _: ProbeTarget) -> DNSReply? {
        guard let m = DNSWire.parse(reply) else { return nil }
        return DNSReply(rcode: DNSWire.rcodeName(m.rcode), authoritative: m.authoritative, answers: m.answers)
    }

    public func matchKey(_ datagram: [UInt8]) -> String? { datagram.questionKey }
}
