/// libpcap link-layer header types (DLT_* values as `pcap_datalink` returns them).
public enum LinkType {
    public static let null: Int32 = 0
    public static let ethernet: Int32 = 1
    public static let raw: Int32 = 12
    public static let rawOpenBSD: Int32 = 14
    public static let loop: Int32 = 108
    public static let linuxSLL: Int32 = 113
    public static let ipv4: Int32 = 228
    public static let ipv6: Int32 = 229
    public static let linuxSLL2: Int32 = 276

    public static let supported: Set<Int32> = [null, ethernet, raw, rawOpenBSD, loop, linuxSLL, ipv4, ipv6, linuxSLL2]

    public static func name(_ t: Int32) -> String {
        switch t {
        case null: return "NULL"
        case ethernet: return "EN10MB"
        case raw, rawOpenBSD: return "RAW"
        case loop: return "LOOP"
        case linuxSLL: return "LINUX_SLL"
        case ipv4: return "IPV4"
        case ipv6: return "IPV6"
        case linuxSLL2: return "LINUX_SLL2"
        default: return "DLT_\(t)"
        }
    }
}

/// What the network layer of a frame turned out to be.
public enum NetworkKind: UInt8, Sendable {
    case none, arp, ipv4, ipv6, other
}

/// IP fragment position: only a first (or unfragmented) packet carries a transport header.
public enum FragmentKind: UInt8, Sendable {
    case none, first, later
}

/// TCP options of interest to the census (RFC 9293, 7323, 2018).
public struct TCPOptions: Sendable {
    public var mss: UInt16 = 0
    public var windowScale: UInt8 = 0xff        // 0xff: absent
    public var sackPermitted = false
    public var hasTimestamp = false
    public var tsVal: UInt32 = 0
    public var tsEcr: UInt32 = 0
    @inlinable public init() {}
}

/// The headers quoted inside an ICMP or ICMPv6 error message.
public struct QuotedPacket: Sendable {
    public var src = IPAddress.zero
    public var dst = IPAddress.zero
    public var proto: UInt8 = 0
    public var srcPort: UInt16 = 0
    public var dstPort: UInt16 = 0
}

/// One decoded frame, link layer to transport: a flat value filled in place by the
/// decoders, with offsets into the captured bytes instead of copies.
public struct Frame: Sendable {
    public var linkType: Int32 = 0
    public var macSrc = MACAddress(0)
    public var macDst = MACAddress(0)
    public var hasMAC = false
    /// 802.1Q/802.1ad tags: outer ID << 12 | inner ID (0 when untagged).
    public var vlan: UInt32 = 0
    public var vlanTags: UInt8 = 0
    public var mplsLabels: UInt8 = 0
    public var etherType: UInt16 = 0

    public var network = NetworkKind.none
    public var src = IPAddress.zero
    public var dst = IPAddress.zero
    public var ttl: UInt8 = 0
    /// IPv4 identification, or the IPv6 fragment identification when present.
    public var ipID: UInt32 = 0
    public var dontFragment = false
    public var fragment = FragmentKind.none
    public var ipv6ExtensionHeaders: UInt8 = 0
    /// The transport protocol number after IPv6 extension headers.
    public var proto: UInt8 = 0

    public var srcPort: UInt16 = 0
    public var dstPort: UInt16 = 0
    public var tcpFlags: UInt8 = 0
    public var tcpSeq: UInt32 = 0
    public var tcpAck: UInt32 = 0
    public var tcpWindow: UInt16 = 0
    public var tcpOptions = TCPOptions()
    public var icmpType: UInt8 = 0
    public var icmpCode: UInt8 = 0
    public var quoted: QuotedPacket? = nil

    public var arpOperation: UInt16 = 0
    public var arpSenderMAC = MACAddress(0)

    /// Transport payload: offset into the captured bytes and the captured length.
    public var payloadOffset = 0
    public var payloadLength = 0
    /// The payload was cut by the snap length.
    public var payloadTruncated = false

    /// Captured and on-the-wire lengths.
    public var capturedLength = 0
    public var wireLength = 0
    public var anomaly: AnomalyCode? = nil

    /// Inlinable so that the census's fresh frame per packet is filled in place, not by a call.
    @inlinable public init() {}

    public var isTCP: Bool { network != .none && network != .arp && proto == 6 && fragment != .later && transportDecoded }
    public var isUDP: Bool { network != .none && network != .arp && proto == 17 && fragment != .later && transportDecoded }
    /// The transport header was read (set by the TCP/UDP/ICMP decoders).
    public var transportDecoded = false
}

/// TCP flag bits.
public enum TCPFlag {
    public static let fin: UInt8 = 0x01, syn: UInt8 = 0x02, rst: UInt8 = 0x04
    public static let psh: UInt8 = 0x08, ack: UInt8 = 0x10
}

/// Decodes a frame of any supported link type down to the transport layer.
public enum FrameDecoder {
    /// Decodes `bytes` (the captured bytes) of a packet `wireLength` long on the wire.
    public static func decode(linkType: Int32, bytes: UnsafeRawBufferPointer, wireLength: Int) -> Frame {
        var f = Frame()
        decode(linkType: linkType, bytes: bytes, wireLength: wireLength, into: &f)
        return f
    }

    /// The same, into `f`, which must be a fresh `Frame()`: the census decodes every
    /// packet into a frame of its own, which spares copying the whole frame on return.
    public static func decode(linkType: Int32, bytes: UnsafeRawBufferPointer, wireLength: Int, into f: inout Frame) {
        f.linkType = linkType
        f.capturedLength = bytes.count
        f.wireLength = Swift.max(wireLength, bytes.count)
        let c = ByteCursor(bytes)
        switch linkType {
        case LinkType.ethernet: decodeEthernet(c, into: &f)
        case LinkType.linuxSLL: decodeSLL(c, into: &f)
        case LinkType.linuxSLL2: decodeSLL2(c, into: &f)
        case LinkType.raw, LinkType.rawOpenBSD, LinkType.ipv4, LinkType.ipv6: decodeIP(c, at: 0, into: &f)
        case LinkType.null: decodeNull(c, bigEndianOnly: false, into: &f)
        case LinkType.loop: decodeNull(c, bigEndianOnly: true, into: &f)
        default: f.anomaly = .linkUnknownType
        }
    }

    /// Chooses the "truncated" or "short" code for a header that is not all there:
    /// truncated when the snap length cut the packet, short when the packet itself was.
    @inlinable static func cut(_ f: Frame, needed end: Int, _ truncated: AnomalyCode, _ short: AnomalyCode) -> AnomalyCode {
        f.capturedLength < f.wireLength && end <= f.wireLength ? truncated : short
    }

    /// Dispatches on an EtherType (shared by Ethernet, VLAN, SLL).
    static func decodeEtherType(_ type: UInt16, _ c: ByteCursor, at pos: Int, into f: inout Frame) {
        f.etherType = type
        switch type {
        case 0x0800, 0x86dd: decodeIP(c, at: pos, into: &f)
        case 0x0806: decodeARP(c, at: pos, into: &f)
        case 0x8100, 0x88a8, 0x9100: decodeVLAN(c, at: pos, type: type, into: &f)
        case 0x8847, 0x8848: decodeMPLS(c, at: pos, into: &f)
        default: f.network = .other
        }
    }

    /// Dispatches on the IP version nibble.
    static func decodeIP(_ c: ByteCursor, at pos: Int, into f: inout Frame) {
        guard let b = c.u8(at: pos) else {
            f.anomaly = cut(f, needed: pos + 1, .ipv4Truncated, .ipv4Short)
            return
        }
        switch b >> 4 {
        case 4: decodeIPv4(c, at: pos, into: &f)
        case 6: decodeIPv6(c, at: pos, into: &f)
        default: f.anomaly = .ipBadVersion
        }
    }

    /// Dispatches on the transport protocol number.
    static func decodeTransport(_ c: ByteCursor, at pos: Int, end: Int, into f: inout Frame) {
        guard f.fragment != .later else { return }
        switch f.proto {
        case 6: decodeTCP(c, at: pos, end: end, into: &f)
        case 17: decodeUDP(c, at: pos, end: end, into: &f)
        case 1: decodeICMP(c, at: pos, end: end, into: &f)
        case 58: decodeICMPv6(c, at: pos, end: end, into: &f)
        default:
            f.payloadOffset = pos
            f.payloadLength = Swift.max(0, Swift.min(end, c.count) - pos)
        }
    }
}
