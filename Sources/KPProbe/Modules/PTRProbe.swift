import KPWire

/// PTR sweep: asks a name server for the name of each scoped address (the target's
/// `name` is the swept address). Names that come back are only hints: the scanner
/// probes their addresses only when the scope guard allows them.
public struct PTRProbe: ProbeModule {
    public init() {}
    public var name: String { "ptr" }
    public var help: String { "PTR query for every scoped address to the name servers found" }
    public var layer: ProbeLayer { .datagram }
    public var transport: String { "udp" }
    public var outputFields: [String] { ["rcode", "ptr"] }

    public func build(_ t: ProbeTarget, _ ctx: ProbeContext) -> [UInt8] {
        let swept = t.name.flatMap(IPv4Text.parse) ?? t.addr
        let n = DNSWire.reverseName(swept)
        return DNSWire.query(id: DNSWire.id(ctx.cookie, server: t.addr, name: n, type: DNSType.ptr), name: n, type: DNSType.ptr)
    }

    public func validate(_ reply: [UInt8], from t: ProbeTarget, _ ctx: ProbeContext) -> ProbeTarget? {
        DNSProbe(qtype: DNSType.ptr).validate(reply, from: t, ctx)
    }

    public func classify(_ reply: [UInt8], _: ProbeTarget) -> [String: String]? {
        guard let m = DNSWire.parse(reply) else { return nil }
        let names = m.answers.filter { $0.type == DNSType.ptr }.map { $0.data.lowercased() }.sorted()
        return ["rcode": DNSWire.rcodeName(m.rcode), "ptr": names.joined(separator: ",")]
    }
}
