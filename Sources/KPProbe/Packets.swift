import KPWire

/// Builds the IPv4, TCP and ICMP headers of raw probes (network byte order).
public enum Packets {
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
        put16(&h, 10, InternetChecksum.checksum(h[...]))
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
        let pseudo = InternetChecksum.pseudoHeader(src: src, dst: dst, proto: 6, length: t.count)
        put16(&t, 16, InternetChecksum.checksum(t[...], initial: pseudo))
        return ipv4(src: src, dst: dst, proto: 6, payload: t.count) + t
    }

    /// An ICMP echo request with identifier `id` (the kernel adds the IP header).
    public static func icmpEcho(id: UInt16, seq: UInt16) -> [UInt8] {
        var m: [UInt8] = [8, 0, 0, 0, 0, 0, 0, 0] + Array("kpcensus".utf8)
        put16(&m, 4, id)
        put16(&m, 6, seq)
        put16(&m, 2, InternetChecksum.checksum(m[...]))
        return m
    }
}
