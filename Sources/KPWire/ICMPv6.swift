// ICMPv6 (RFC 4443): type(1) code(1) checksum(2) rest(4). Error messages
// (types 1-4: unreachable, packet too big, time exceeded, parameter problem) quote
// the offending IPv6 packet, decoded into `Frame.quoted` (without extension headers).

extension FrameDecoder {
    static func decodeICMPv6(_ c: ByteCursor, at pos: Int, end: Int, into f: inout Frame) {
        guard let type = c.u8(at: pos), let code = c.u8(at: pos + 1), c.has(8, at: pos) else {
            f.anomaly = cut(f, needed: pos + 8, .icmpv6Truncated, .icmpv6Short)
            return
        }
        f.icmpType = type
        f.icmpCode = code
        f.transportDecoded = true
        f.payloadOffset = pos + 8
        f.payloadLength = Swift.max(0, Swift.min(end, c.count) - pos - 8)
        if (1 ... 4).contains(type) {
            f.quoted = quotedIPv6(c, at: pos + 8)
        }
    }

    static func quotedIPv6(_ c: ByteCursor, at pos: Int) -> QuotedPacket? {
        guard let v = c.u8(at: pos), v >> 4 == 6, let next = c.u8(at: pos + 6),
              let src = IPAddress.v6(c, at: pos + 8), let dst = IPAddress.v6(c, at: pos + 24) else { return nil }
        var q = QuotedPacket()
        q.src = src
        q.dst = dst
        q.proto = next
        if next == 6 || next == 17, let sp = c.u16(at: pos + 40), let dp = c.u16(at: pos + 42) {
            q.srcPort = sp
            q.dstPort = dp
        }
        return q
    }
}
