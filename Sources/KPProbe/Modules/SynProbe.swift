/// Stateless TCP SYN scan (ZMap's tcp_synscan): the sequence number and source
/// port are keyed hashes of (address, port); a SYN-ACK or RST whose acknowledgment
/// is that hash + 1 answers the probe. The kernel resets the half-open connection.
public struct SynProbe: ProbeModule {
    public init() {}
    public var name: String { "syn" }
    public var help: String { "TCP SYN from a raw socket, replies read with libpcap, keyed cookie in the sequence number (needs CAP_NET_RAW)" }
    public var layer: ProbeLayer { .packet }
    public var transport: String { "tcp" }
    public var captureFilter: String? { "tcp and (tcp[tcpflags] & (tcp-syn|tcp-rst) != 0) and tcp dst portrange 32768-65535" }
    public var outputFields: [String] { ["state", "ttl"] }

    public func build(_ t: ProbeTarget, _ ctx: ProbeContext) -> [UInt8] {
        Packets.tcpSyn(src: ctx.source, dst: t.addr, sport: ctx.cookie.sourcePort(addr: t.addr, port: t.port),
                       dport: t.port, seq: ctx.cookie.value(addr: t.addr, port: t.port))
    }

    public func validate(_ reply: [UInt8], from _: ProbeTarget, _ ctx: ProbeContext) -> ProbeTarget? {
        guard let ip = Packets.readIPv4(reply), ip.proto == 6, ctx.source == 0 || ip.dst == ctx.source,
              let sport = Packets.u16(ip.payload, 0), let dport = Packets.u16(ip.payload, 2),
              let ack = Packets.u32(ip.payload, 8), ip.payload.count >= 14 else { return nil }
        guard dport == ctx.cookie.sourcePort(addr: ip.src, port: sport),
              ack == ctx.cookie.value(addr: ip.src, port: sport) &+ 1 else { return nil }
        return ProbeTarget(addr: ip.src, port: sport)
    }

    public func classify(_ reply: [UInt8], _: ProbeTarget) -> [String: String]? {
        guard let ip = Packets.readIPv4(reply), ip.payload.count >= 14 else { return nil }
        let flags = ip.payload[13]
        if flags & 0x12 == 0x12 { return ["state": "open", "ttl": "\(ip.ttl)"] }
        if flags & 0x04 != 0 { return ["state": "closed", "ttl": "\(ip.ttl)"] }
        return nil
    }
}
