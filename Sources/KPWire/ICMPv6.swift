// ICMPv6 (RFC 4443): type(1) code(1) checksum(2) rest(4). Error messages
// (types 1-4: unreachable, packet too big, time exceeded, parameter problem) quote
// the offending IPv6 packet, decoded into `Frame.quoted` (without extension headers).

extension FrameDecoder {
    static func decodeICMPv6(_ c: ByteCursor, at pos: Int, end: Int, into f: inout Frame) {
        guard let type = decodeICMPHeader(c, at: pos, end: end, into: &f, .icmpv6Truncated, .icmpv6Short) else { return }
        if (1 ... 4).contains(type) {
            f.quoted = quotedIPv6(c, at: pos + 8)
        }
    }

    static func quotedIPv6(_ c: ByteCursor, at pos: Int) -> QuotedPacket? {
        guard let v = c.u8(at: pos), v >> 4 == 6, let next = c.u8(at: pos + 6),
              let src = IPAddress.v6(c, at: pos + 8), let dst = IPAddress.v6(c, at: pos + 24) else { return nil }
        return quoted(c, src: src, dst: dst, proto: next, transportAt: pos + 40)
    }
}
