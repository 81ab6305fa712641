// IPv4 (RFC 791): version/IHL(1) TOS(1) total length(2) ID(2) flags/fragment
// offset(2) TTL(1) protocol(1) checksum(2) src(4) dst(4) options(IHL*4-20).
// Fragments are not reassembled: the first carries the transport header and is
// decoded; later ones are marked `.later` and keyed by (src, dst, proto, ID) by the census.

extension FrameDecoder {
    static func decodeIPv4(_ c: ByteCursor, at pos: Int, into f: inout Frame) {
        guard c.has(20, at: pos) else {
            f.anomaly = cut(f, needed: pos + 20, .ipv4Truncated, .ipv4Short)
            return
        }
        let vihl = c.u8(checked: pos), total = c.u16(checked: pos + 2), id = c.u16(checked: pos + 4)
        let frag = c.u16(checked: pos + 6), ttl = c.u8(checked: pos + 8), proto = c.u8(checked: pos + 9)
        let src = IPAddress(v4: c.u32(checked: pos + 12)), dst = IPAddress(v4: c.u32(checked: pos + 16))
        // A header that cannot be delimited is not a network layer: no addresses from it.
        let ihl = Int(vihl & 0x0f) * 4
        guard ihl >= 20 else { f.anomaly = .ipv4BadHeaderLength; return }
        guard Int(total) >= ihl else { f.anomaly = .ipv4TotalLengthTooSmall; return }
        guard c.has(ihl, at: pos) else {
            f.anomaly = cut(f, needed: pos + ihl, .ipv4Truncated, .ipv4Short)
            return
        }
        f.network = .ipv4
        f.src = src
        f.dst = dst
        f.ttl = ttl
        f.ipID = UInt32(id)
        f.proto = proto
        f.dontFragment = frag & 0x4000 != 0
        let moreFragments = frag & 0x2000 != 0
        let offset = frag & 0x1fff
        f.fragment = offset != 0 ? .later : (moreFragments ? .first : .none)

        if ihl > 20 && !optionsWellFormed(c, from: pos + 20, to: pos + ihl) {
            f.anomaly = .ipv4BadOption
        }
        // The total length bounds the payload (Ethernet pads short frames).
        let end = pos + Int(total)
        if end > c.count { f.payloadTruncated = true }
        decodeTransport(c, at: pos + ihl, end: end, into: &f)
    }

    /// Whether the header's options are well formed (their kinds are not read).
    static func optionsWellFormed(_ c: ByteCursor, from start: Int, to end: Int) -> Bool {
        forEachOption(c, from: start, to: end) { _, _, _ in true }
    }

    /// Walks options of IPv4 (RFC 791 §3.1) or TCP (RFC 9293 §3.1): EOL(0) ends them,
    /// NOP(1) is one byte, any other kind has a length >= 2 that stays inside the header.
    /// `body` gets each other option's kind, offset and length, and returns false to
    /// stop at a bad one; the result is whether the options were well formed.
    @inline(__always)
    static func forEachOption(_ c: ByteCursor, from start: Int, to end: Int, _ body: (UInt8, Int, Int) -> Bool) -> Bool {
        var p = start
        while p < end {
            guard let kind = c.u8(at: p) else { return false }
            if kind == 0 { return true }
            if kind == 1 { p += 1; continue }
            guard let len = c.u8(at: p + 1), len >= 2, p + Int(len) <= end, body(kind, p, Int(len)) else { return false }
            p += Int(len)
        }
        return true
    }
}
