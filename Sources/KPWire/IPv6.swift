// IPv6 (RFC 8200): version/class/flow(4) payload length(2) next header(1) hop
// limit(1) src(16) dst(16), then a chain of extension headers: hop-by-hop (0),
// routing (43), fragment (44, RFC 8200 §4.5), destination options (60), AH (51,
// RFC 4302: length in 4-byte units), mobility (135). The chain is bounded.

extension FrameDecoder {
    static let maxIPv6ExtensionHeaders = 16

    static func decodeIPv6(_ c: ByteCursor, at pos: Int, into f: inout Frame) {
        guard let plen = c.u16(at: pos + 4), let next = c.u8(at: pos + 6), let hop = c.u8(at: pos + 7),
              let src = IPAddress.v6(c, at: pos + 8), let dst = IPAddress.v6(c, at: pos + 24) else {
            f.anomaly = cut(f, needed: pos + 40, .ipv6Truncated, .ipv6Short)
            return
        }
        f.network = .ipv6
        f.src = src
        f.dst = dst
        f.ttl = hop
        // A zero payload length means a jumbogram (RFC 2675): bounded by the capture.
        let end = plen == 0 ? c.count : pos + 40 + Int(plen)
        if end > c.count { f.payloadTruncated = true }

        var header = next
        var p = pos + 40
        while true {
            switch header {
            case 0, 43, 60, 135, 51, 44:
                if f.ipv6ExtensionHeaders >= maxIPv6ExtensionHeaders {
                    f.anomaly = .ipv6TooManyExtensions
                    return
                }
                guard let nh = c.u8(at: p), let lenField = c.u8(at: p + 1) else {
                    f.anomaly = cut(f, needed: p + 2, .ipv6ExtensionTruncated, .ipv6ExtensionShort)
                    return
                }
                var length = header == 51 ? (Int(lenField) + 2) * 4 : (Int(lenField) + 1) * 8
                if header == 44 {
                    length = 8
                    guard let off = c.u16(at: p + 2), let id = c.u32(at: p + 4) else {
                        f.anomaly = cut(f, needed: p + 8, .ipv6ExtensionTruncated, .ipv6ExtensionShort)
                        return
                    }
                    f.ipID = id
                    f.fragment = off & 0xfff8 != 0 ? .later : (off & 1 != 0 ? .first : .none)
                }
                guard c.has(length, at: p) else {
                    f.anomaly = cut(f, needed: p + length, .ipv6ExtensionTruncated, .ipv6ExtensionShort)
                    return
                }
                f.ipv6ExtensionHeaders += 1
                header = nh
                p += length
            default:
                f.proto = header
                decodeTransport(c, at: p, end: end, into: &f)
                return
            }
        }
    }
}
