import KPScope
import KPWire

/// PTR sweep: asks a name server for the name of each scoped address (the target's
/// `name` is the swept address). Names that come back are only hints: the scanner
/// probes their addresses only when the scope guard allows them.
public struct PTRProbe: ProbeModule {
    public let info = ProbeInfo(.ptr, .datagram, .udp, fields: ["rcode", "names"],
                                help: "PTR query for every scoped address to the name servers found")
    public init() {}

    public func build(_ t: InScope<ProbeTarget>, _ ctx: ProbeContext) -> [UInt8] {
        let swept = t.target.name.flatMap { IPAddress(ipv4: $0) } ?? t.address
        return DNSWire.query(t.target, name: swept.reverseName, type: DNSType.ptr, ctx)
    }

    public func validate(_ reply: [UInt8], from t: ProbeTarget, _ ctx: ProbeContext) -> ProbeTarget? {
        DNSProbe(qtype: DNSType.ptr).validate(reply, from: t, ctx)
    }

    public func classify(_ reply: [UInt8], _: ProbeTarget) -> PTRReply? {
        guard let m = DNSWire.parse(reply) else { return nil }
        return PTRReply(rcode: DNSWire.rcodeName(m.rcode), names: m.answers.filter { $0.type == DNSType.ptr }.map { $0.data.lowercased() }.sorted())
    }

    public func matchKey(_ datagram: [UInt8]) -> String? { datagram.questionKey }
}
