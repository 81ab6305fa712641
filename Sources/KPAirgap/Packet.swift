import KPCensus
import KPModel
import KPWire

/// One decoded packet as the checks see it: the frame, its bytes (valid only during
/// the call), when and where it was captured, and which side the capture was on.
struct Packet {
    var frame: Frame
    var bytes: UnsafeRawBufferPointer
    var time: Int64
    var file: String
    var index: Int
    /// Captured on the outside (`--outside-pcap`).
    var outsideCapture: Bool

    /// The transport payload (empty when there is none).
    var payload: UnsafeRawBufferPointer {
        let f = frame
        guard f.payloadLength > 0, f.payloadOffset + f.payloadLength <= bytes.count else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(rebasing: bytes[f.payloadOffset ..< f.payloadOffset + f.payloadLength])
    }

    var evidence: Evidence { Evidence(file: file, packet: index, decode: PacketLine.describe(frame, payload: payload)) }
}

/// A one-line decode of a frame, tcpdump-style: `TCP 10.77.0.100:40000 > 198.51.100.10:80 [S] ttl 63`.
enum PacketLine {
    static func describe(_ f: Frame, payload: UnsafeRawBufferPointer) -> String {
        if f.network == .arp { return "ARP \(f.arpOperation == 2 ? "reply" : "request") \(f.src) is-at \(f.arpSenderMAC) for \(f.dst)" }
        let ttl = " ttl \(f.ttl)"
        switch f.proto {
        case 6 where f.isTCP:
            return "TCP \(f.src):\(f.srcPort) > \(f.dst):\(f.dstPort) [\(flags(f.tcpFlags))] len \(f.payloadLength)\(ttl)"
        case 17 where f.isUDP:
            return "UDP \(f.src):\(f.srcPort) > \(f.dst):\(f.dstPort) len \(f.payloadLength)\(ttl)"
        case 1, 58:
            var s = "ICMP\(f.proto == 58 ? "v6" : "") \(f.src) > \(f.dst) type \(f.icmpType) code \(f.icmpCode)\(ttl)"
            if let q = f.quoted { s += " quoting \(q.src) > \(q.dst) proto \(q.proto)\(q.dstPort != 0 ? " port \(q.dstPort)" : "")" }
            return s
        case 4, 41, 47:
            let name = f.proto == 4 ? "IPIP" : f.proto == 41 ? "IPv6-in-IPv4" : "GRE"
            var s = "\(name) \(f.src) > \(f.dst)\(ttl)"
            if let inner = TunnelInner.addresses(proto: f.proto, payload: payload) { s += " carrying \(inner.src) > \(inner.dst)" }
            return s
        default:
            return "IP \(f.src) > \(f.dst) proto \(f.proto)\(ttl)"
        }
    }

    static func flags(_ b: UInt8) -> String {
        var s = ""
        if b & TCPFlag.syn != 0 { s += "S" }
        if b & TCPFlag.fin != 0 { s += "F" }
        if b & TCPFlag.rst != 0 { s += "R" }
        if b & TCPFlag.psh != 0 { s += "P" }
        if b & TCPFlag.ack != 0 { s += "." }
        return s
    }
}

/// The inner addresses of an IP-in-IP (4), IPv6-in-IPv4 (41) or GRE (47) payload.
enum TunnelInner {
    static func addresses(proto: UInt8, payload: UnsafeRawBufferPointer) -> (src: IPAddress, dst: IPAddress)? {
        let c = ByteCursor(payload)
        var off = 0
        if proto == 47 {
            // GRE (RFC 2784/2890): flags(2) protocol(2) [checksum+reserved 4] [key 4] [sequence 4].
            guard let flags = c.u16(at: 0), let type = c.u16(at: 2), type == 0x0800 || type == 0x86dd else { return nil }
            off = 4 + (flags & 0x8000 != 0 ? 4 : 0) + (flags & 0x2000 != 0 ? 4 : 0) + (flags & 0x1000 != 0 ? 4 : 0)
        }
        guard let v = c.u8(at: off) else { return nil }
        if v >> 4 == 4, let s = IPAddress.v4(c, at: off + 12), let d = IPAddress.v4(c, at: off + 16) { return (s, d) }
        if v >> 4 == 6, let s = IPAddress.v6(c, at: off + 8), let d = IPAddress.v6(c, at: off + 24) { return (s, d) }
        return nil
    }
}
