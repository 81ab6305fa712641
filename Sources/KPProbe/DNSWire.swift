import KPWire

/// DNS queries as the scanner sends them (built by KPWire's `DNSQueryBuilder`),
/// and replies read with KPWire's decoder.
public enum DNSWire {
    /// The query for `name`/`type` to `server`, its id keyed on them; recursion not desired (we ask authorities).
    static func query(_ server: ProbeTarget, name: String, type: UInt16, _ ctx: ProbeContext) -> [UInt8] {
        DNSQueryBuilder.query(id: id(ctx.cookie, server: server.addr.v4, name: name, type: type), name: name, type: type, recursionDesired: false)
    }

    /// A message as DNS over TCP sends it: after its 2-byte length.
    static func overTCP(_ m: [UInt8]) -> [UInt8] { [UInt8(m.count >> 8), UInt8(m.count & 0xff)] + m }

    /// The DNS messages of a TCP stream (each after its 2-byte length).
    static func tcpMessages(_ b: [UInt8]) -> [DNSMessage] {
        var out: [DNSMessage] = []
        var p = 0
        while let len = Packets.u16(b, p), p + 2 + Int(len) <= b.count {
            if let m = parse(Array(b[p + 2 ..< p + 2 + Int(len)])) { out.append(m) }
            p += 2 + Int(len)
        }
        return out
    }

    public static func parse(_ b: [UInt8]) -> DNSMessage? {
        b.withUnsafeBytes { DNSDecoder.parse($0) }
    }

    /// The keyed query id of (server, name, type): a reply is valid when it repeats it.
    public static func id(_ cookie: ValidationCookie, server: UInt32, name: String, type: UInt16) -> UInt16 {
        var h: UInt16 = type
        for c in name.lowercased().utf8 { h = (h &* 31) &+ UInt16(c) }
        return cookie.value16(addr: server, port: h)
    }

    static let rcodes = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"]

    public static func rcodeName(_ r: UInt8) -> String { Int(r) < rcodes.count ? rcodes[Int(r)] : "RCODE\(r)" }
}
