// ICMP (RFC 792): type(1) code(1) checksum(2) rest(4), then for errors —
// destination unreachable (3), source quench (4), redirect (5), time exceeded (11),
// parameter problem (12) — the IPv4 header and first 8 bytes of the datagram that
// caused it, decoded into `Frame.quoted`. ICMPv6 shares the header layout (`decodeICMPHeader`).

extension FrameDecoder {
    static func decodeICMP(_ c: ByteCursor, at pos: Int, end: Int, into f: inout Frame) {
        guard let type = decodeICMPHeader(c, at: pos, end: end, into: &f, .icmpTruncated, .icmpShort) else { return }
        switch type {
        case 3, 4, 5, 11, 12: f.quoted = quotedIPv4(c, at: pos + 8)
        default: break
        }
    }

    /// Reads the 8-byte header of ICMP or ICMPv6 and places the payload after it; the
    /// type, or nil (the anomaly set) when the header is not all there.
    @inline(__always)
    static func decodeICMPHeader(_ c: ByteCursor, at pos: Int, end: Int, into f: inout Frame,
                                 _ truncated: AnomalyCode, _ short: AnomalyCode) -> UInt8? {
        guard let type = c.u8(at: pos), let code = c.u8(at: pos + 1), c.has(8, at: pos) else {
            f.anomaly = cut(f, needed: pos + 8, truncated, short)
            return nil
        }
        f.icmpType = type
        f.icmpCode = code
        f.transportDecoded = true
        f.payloadOffset = pos + 8
        f.payloadLength = Swift.max(0, Swift.min(end, c.count) - pos - 8)
        return type
    }

    /// The quoted header of an error message; nil when too little of it was quoted.
    static func quotedIPv4(_ c: ByteCursor, at pos: Int) -> QuotedPacket? {
        guard let vihl = c.u8(at: pos), vihl >> 4 == 4, let proto = c.u8(at: pos + 9),
              let src = IPAddress.v4(c, at: pos + 12), let dst = IPAddress.v4(c, at: pos + 16) else { return nil }
        return quoted(c, src: src, dst: dst, proto: proto, transportAt: pos + Int(vihl & 0x0f) * 4)
    }

    /// A quoted packet's addresses, protocol and (TCP or UDP) ports, when quoted.
    static func quoted(_ c: ByteCursor, src: IPAddress, dst: IPAddress, proto: UInt8, transportAt l4: Int) -> QuotedPacket {
        var q = QuotedPacket()
        q.src = src
        q.dst = dst
        q.proto = proto
        if proto == 6 || proto == 17, let sp = c.u16(at: l4), let dp = c.u16(at: l4 + 2) {
            q.srcPort = sp
            q.dstPort = dp
        }
        return q
    }
}
