import KPScope
import KPWire

/// Stateless TCP SYN scan (ZMap's tcp_synscan): the sequence number and source
/// port are keyed hashes of (address, port); a SYN-ACK or RST whose acknowledgment
/// is that hash + 1 answers the probe. The kernel resets the half-open connection.
public struct SynProbe: PacketProbe {
    public let info = ProbeInfo(.syn, .packet, .tcp, filter: "tcp and (tcp[tcpflags] & (tcp-syn|tcp-rst) != 0) and tcp dst portrange 32768-65535",
                                fields: ["state", "ttl"],
                                help: "TCP SYN from a raw socket, replies read with libpcap, keyed cookie in the sequence number (needs CAP_NET_RAW)")
    public typealias Output = PortReply
    public init() {}

    public func build(_ scoped: InScope<ProbeTarget>, _ ctx: ProbeContext) -> [UInt8] {
        let dst = scoped.address.v4, port = scoped.target.port
        return Packets.tcpSyn(src: ctx.source, dst: dst, sport: ctx.cookie.sourcePort(addr: dst, port: port),
                              dport: port, seq: ctx.cookie.value(addr: dst, port: port))
    }

    public func validate(frame f: Frame, _: UnsafeRawBufferPointer, _ ctx: ProbeContext) -> ProbeTarget? {
        guard f.network == .ipv4, f.isTCP, ctx.source == 0 || f.dst.v4 == ctx.source else { return nil }
        let src = f.src.v4
        guard f.dstPort == ctx.cookie.sourcePort(addr: src, port: f.srcPort),
              f.tcpAck == ctx.cookie.value(addr: src, port: f.srcPort) &+ 1 else { return nil }
        return ProbeTarget(addr: f.src, port: f.srcPort)
    }

    public func classify(frame f: Frame) -> PortReply? {
        guard f.isTCP else { return nil }
        if f.tcpFlags & 0x12 == 0x12 { return PortReply(state: .open, ttl: f.ttl) }
        if f.tcpFlags & TCPFlag.rst != 0 { return PortReply(state: .closed, ttl: f.ttl) }
        return nil
    }
}
