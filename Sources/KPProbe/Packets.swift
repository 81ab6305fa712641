/// Builds and reads the IPv4, TCP and ICMP headers of raw probes (network byte order).
public enum Packets {
    /// The Internet checksum of `bytes` starting from `initial`.
    public static func checksum(_ bytes: ArraySlice<UInt8>, initial: UInt32 = 0) -> UInt16 {
        var sum = initial
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            sum += UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1])
            i += 2
        }
        if i < bytes.endIndex { sum += UInt32(bytes[i]) << 8 }
        while sum >> 16 != 0 { sum = (sum & 0xffff) + (sum >> 16) }
        return ~UInt16(sum)
    }

    static func put16(_ b: inout [UInt8], _ at: Int, _ v: UInt16) {
        b[at] = UInt8(v >> 8)
        b[at + 1] = UInt8(v & 0xff)
    }

    static func put32(_ b: inout [UInt8], _ at: Int, _ v: UInt32) {
        for k in 0 ..< 4 { b[at + k] = UInt8(truncatingIfNeeded: v >> UInt32(24 - 8 * k)) }
    }

    public static func u16(_ b: [UInt8], _ at: Int) -> UInt16? {
        at + 2 <= b.count && at >= 0 ? UInt16(b[at]) << 8 | UInt16(b[at + 1]) : nil
    }

    public static func u32(_ b: [UInt8], _ at: Int) -> UInt32? {
        guard at >= 0, at + 4 <= b.count else { return nil }
        return b[at ..< at + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// A 20-byte IPv4 header for `payload` bytes of `proto` (id 54321 as ZMap, TTL 64, DF).
    static func ipv4(src: UInt32, dst: UInt32, proto: UInt8, payload: Int) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 20)
        h[0] = 0x45
        put16(&h, 2, UInt16(20 + payload))
        put16(&h, 4, 54321)
        h[6] = 0x40
        h[8] = 64
        h[9] = proto
        put32(&h, 12, src)
        put32(&h, 16, dst)
        put16(&h, 10, checksum(h[...]))
        return h
    }

    /// A TCP SYN with the MSS option, sequence number `seq`, in a whole IPv4 packet.
    public static func tcpSyn(src: UInt32, dst: UInt32, sport: UInt16, dport: UInt16, seq: UInt32) -> [UInt8] {
        var t = [UInt8](repeating: 0, count: 24)
        put16(&t, 0, sport)
        put16(&t, 2, dport)
        put32(&t, 4, seq)
        t[12] = 6 << 4
        t[13] = 0x02
        put16(&t, 14, 65535)
        t[20] = 2; t[21] = 4; put16(&t, 22, 1460)
        let pseudo = (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + 6 + UInt32(t.count)
        put16(&t, 16, checksum(t[...], initial: pseudo))
        return ipv4(src: src, dst: dst, proto: 6, payload: t.count) + t
    }

    /// An ICMP echo request with identifier `id` (the kernel adds the IP header).
    public static func icmpEcho(id: UInt16, seq: UInt16) -> [UInt8] {
        var m: [UInt8] = [8, 0, 0, 0, 0, 0, 0, 0] + Array("kpcensus".utf8)
        put16(&m, 4, id)
        put16(&m, 6, seq)
        put16(&m, 2, checksum(m[...]))
        return m
    }

    /// The parts of an IPv4 packet a reply check needs, nil when it is cut.
    public struct IPv4Reply: Equatable, Sendable {
        public var src: UInt32
        public var dst: UInt32
        public var proto: UInt8
        public var ttl: UInt8
        public var payload: [UInt8]
    }

    public static func readIPv4(_ b: [UInt8]) -> IPv4Reply? {
        guard b.count >= 20, b[0] >> 4 == 4 else { return nil }
        let ihl = Int(b[0] & 0x0f) * 4
        guard ihl >= 20, b.count >= ihl, let src = u32(b, 12), let dst = u32(b, 16), let total = u16(b, 2) else { return nil }
        let end = min(b.count, max(ihl, Int(total)))
        return IPv4Reply(src: src, dst: dst, proto: b[9], ttl: b[8], payload: Array(b[ihl ..< end]))
    }
}
