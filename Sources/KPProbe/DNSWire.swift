import KPWire

/// DNS queries as the scanner sends them, and replies read with KPWire's decoder.
public enum DNSWire {
    /// A query for `name`/`type` with id `id`, recursion not desired (we ask authorities).
    public static func query(id: UInt16, name: String, type: UInt16) -> [UInt8] {
        var b: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xff), 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
        b += encodeName(name)
        b += [UInt8(type >> 8), UInt8(type & 0xff), 0, 1]
        return b
    }

    public static func encodeName(_ name: String) -> [UInt8] {
        var b: [UInt8] = []
        for label in name.split(separator: ".") where !label.isEmpty {
            let l = Array(label.utf8.prefix(63))
            b.append(UInt8(l.count))
            b += l
        }
        return b + [0]
    }

    /// The reverse-lookup name of an address: d.c.b.a.in-addr.arpa.
    public static func reverseName(_ a: UInt32) -> String {
        "\(a & 255).\(a >> 8 & 255).\(a >> 16 & 255).\(a >> 24).in-addr.arpa"
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

    /// Records as "name TYPE data" lines, sorted (the classify output of DNS modules).
    public static func recordLines(_ rs: [DNSRecord]) -> String {
        rs.map { "\($0.name.lowercased()) \(DNSType.name($0.type)) \($0.data)" }.sorted().joined(separator: "\n")
    }
}
