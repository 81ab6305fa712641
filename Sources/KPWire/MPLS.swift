// MPLS label stack (RFC 3032): 4 bytes a label (label 20 bits, TC 3, S 1, TTL 8).
// After the bottom-of-stack label the payload has no type field: the first nibble
// (4 or 6) tells IPv4 from IPv6; anything else (pseudowires) stays "other".

extension FrameDecoder {
    static let maxMPLSLabels = 16

    static func decodeMPLS(_ c: ByteCursor, at pos: Int, into f: inout Frame) {
        var pos = pos
        while true {
            guard let entry = c.u32(at: pos) else {
                f.anomaly = cut(f, needed: pos + 4, .mplsTruncated, .mplsShort)
                return
            }
            if f.mplsLabels >= maxMPLSLabels { f.anomaly = .mplsTooManyLabels; return }
            f.mplsLabels += 1
            pos += 4
            if entry & 0x100 != 0 { break }
        }
        guard let nibble = c.u8(at: pos).map({ $0 >> 4 }) else {
            f.anomaly = cut(f, needed: pos + 1, .mplsTruncated, .mplsShort)
            return
        }
        if nibble == 4 || nibble == 6 { decodeIP(c, at: pos, into: &f) } else { f.network = .other }
    }
}
