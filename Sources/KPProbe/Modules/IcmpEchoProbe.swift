/// ICMP echo (ZMap's icmp_echoscan): the identifier is a keyed hash of the address.
public struct IcmpEchoProbe: ProbeModule {
    public init() {}
    public var name: String { "icmp" }
    public var help: String { "ICMP echo request; a reply with the keyed identifier marks the host up (needs CAP_NET_RAW)" }
    public var layer: ProbeLayer { .packet }
    public var transport: String { "icmp" }
    public var captureFilter: String? { "icmp[icmptype] == icmp-echoreply" }
    public var outputFields: [String] { ["state", "ttl"] }

    /// The ICMP message (a raw ICMP socket adds the IP header).
    public func build(_ t: ProbeTarget, _ ctx: ProbeContext) -> [UInt8] {
        Packets.icmpEcho(id: ctx.cookie.value16(addr: t.addr, port: 0), seq: 1)
    }

    public func validate(_ reply: [UInt8], from _: ProbeTarget, _ ctx: ProbeContext) -> ProbeTarget? {
        guard let ip = Packets.readIPv4(reply), ip.proto == 1, ip.payload.count >= 8, ip.payload[0] == 0,
              Packets.u16(ip.payload, 4) == ctx.cookie.value16(addr: ip.src, port: 0) else { return nil }
        return ProbeTarget(addr: ip.src, port: 0)
    }

    public func classify(_ reply: [UInt8], _: ProbeTarget) -> [String: String]? {
        guard let ip = Packets.readIPv4(reply) else { return nil }
        return ["state": "up", "ttl": "\(ip.ttl)"]
    }
}
