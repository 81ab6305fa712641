import KPScope
import KPWire

/// ICMP echo (ZMap's icmp_echoscan): the identifier is a keyed hash of the address.
public struct IcmpEchoProbe: PacketProbe {
    public let info = ProbeInfo(.icmp, .packet, .icmp, filter: "icmp[icmptype] == icmp-echoreply", fields: ["state", "ttl"],
                                help: "ICMP echo request; a reply with the keyed identifier marks the host up (needs CAP_NET_RAW)")
    public typealias Output = HostUp
    public init() {}

    /// The ICMP message (a raw ICMP socket adds the IP header).
    public func build(_ t: InScope<ProbeTarget>, _ ctx: ProbeContext) -> [UInt8] {
        Packets.icmpEcho(id: ctx.cookie.value16(addr: t.address.v4, port: 0), seq: 1)
    }

    public func validate(frame f: Frame, _ bytes: UnsafeRawBufferPointer, _ ctx: ProbeContext) -> ProbeTarget? {
        // The identifier is the second word of the echo header, which ends where the payload starts.
        let idAt = f.payloadOffset - 4
        guard f.network == .ipv4, f.proto == 1, f.transportDecoded, f.icmpType == 0, idAt >= 0,
              let id = ByteCursor(bytes).u16(at: idAt), id == ctx.cookie.value16(addr: f.src.v4, port: 0) else { return nil }
        return ProbeTarget(addr: f.src, port: 0)
    }

    public func classify(frame f: Frame) -> HostUp? {
        f.network == .ipv4 ? HostUp(ttl: f.ttl) : nil
    }
}
