import KPWire

/// A UDP DNS query (SOA of the target's name, "kp" by default) to port 53: any
/// valid reply marks a DNS server, `aa` an authority for the name. The query id
/// is keyed on (server, name, type) and checked on the reply.
public struct DNSProbe: ProbeModule {
    public let qtype: UInt16
    public init(qtype: UInt16 = DNSType.soa) { self.qtype = qtype }
    public var name: String { "dns" }
    public var help: String { "UDP DNS query (SOA of each --zone) to port 53: finds name servers and the zones they are authoritative for" }
    public var layer: ProbeLayer { .datagram }
    public var transport: String { "udp" }
    public var outputFields: [String] { ["service", "rcode", "aa", "answers"] }

    public func build(_ t: ProbeTarget, _ ctx: ProbeContext) -> [UInt8] {
        let n = t.name ?? "kp"
        return DNSWire.query(id: DNSWire.id(ctx.cookie, server: t.addr, name: n, type: qtype), name: n, type: qtype)
    }

    public func validate(_ reply: [UInt8], from t: ProbeTarget, _ ctx: ProbeContext) -> ProbeTarget? {
        guard let m = DNSWire.parse(reply), m.isResponse, let q = m.questions.first,
              m.id == DNSWire.id(ctx.cookie, server: t.addr, name: q.name, type: q.type) else { return nil }
        return ProbeTarget(addr: t.addr, port: t.port, name: q.name)
    }

    public func classify(_ reply: [UInt8], _: ProbeTarget) -> [String: String]? {
        guard let m = DNSWire.parse(reply) else { return nil }
        return ["service": "dns", "rcode": DNSWire.rcodeName(m.rcode), "aa": m.authoritative ? "1" : "0",
                "answers": DNSWire.recordLines(m.answers)]
    }
}
