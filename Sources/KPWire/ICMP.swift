// ICMP (RFC 792): type(1) code(1) checksum(2) rest(4), then for errors —
// destination unreachable (3), source quench (4), redirect (5), time exceeded (11),
// parameter problem (12) — the IPv4 header and first 8 bytes of the datagram that
// caused it, decoded into `Frame.quoted`.

extension FrameDecoder {
    static func decodeICMP(_ c: ByteCursor, at pos: Int, end: Int, into f: inout Frame) {
        guard let type = c.u8(at: pos), let code = c.u8(at: pos + 1), c.has(8, at: pos) else {
            f.anomaly = cut(f, needed: pos + 8, .icmpTruncated, .icmpShort)
            return
        }
        f.icmpType = type
        f.icmpCode = code
        f.transportDecoded = true
        f.payloadOffset = pos + 8
        f.payloadLength = Swift.max(0, Swift.min(end, c.count) - pos - 8)
        switch type {
        case 3, 4, 5, 11, 12: f.quoted = quotedIPv4(c, at: pos + 8)
        default: break
        }
    }

    /// The quoted header of an error message; nil when too little of it was quoted.
    static func quotedIPv4(_ c: ByteCursor, at pos: Int) -> QuotedPacket? {
        guard let vihl = c.u8(at: pos), vihl >> 4 == 4, let proto = c.u8(at: pos + 9),
              let src = IPAddress.v4(c, at: pos + 12), let dst = IPAddress.v4(c, at: pos + 16) else { return nil }
        var q = QuotedPacket()
        q.src = src
        q.dst = dst
        q.proto = proto
        let l4 = pos + Int(vihl & 0x0f) * 4
        if proto == 6 || proto == 17, let sp = c.u16(at: l4), let dp = c.u16(at: l4 + 2) {
            q.srcPort = sp
            q.dstPort = dp
        }
        return q
    }
}
