// SOCKS: version 4 (and 4a) requests are VN 4, CD 1 (connect) or 2 (bind), DSTPORT,
// DSTIP, a NUL-terminated user id, and in 4a (DSTIP 0.0.0.x) a NUL-terminated host.
// Version 5 (RFC 1928): a greeting (5, NMETHODS, methods), then a request (5, CMD,
// 0, ATYP 1/3/4, address, port). The requested destination is a field.

public struct SOCKSDetector: ProtocolDetector {
    public let about = DetectorAbout("socks", [.tcp], ports: [1080, 9050])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        guard input.mayBeClient else { return nil }
        let c = input.cursor
        let p = input.payload
        switch c.u8(at: 0) {
        case 4:
            guard let cmd = c.u8(at: 1), cmd == 1 || cmd == 2, let port = c.u16(at: 2), let ip = c.u32(at: 4),
                  let (_, afterUser) = DetectorBytes.cString(p, at: 8, max: 128) else { return nil }
            if ip > 0 && ip < 256 {
                guard let (host, end) = DetectorBytes.cString(p, at: afterUser, max: 255), !host.isEmpty, end == p.count else { return nil }
                return verdict(.strong, fields: [DetectionField("destination", "\(host):\(port)"), DetectionField("version", "4a")])
            }
            guard afterUser == p.count else { return nil }
            let addr = "\(ip >> 24).\(ip >> 16 & 0xff).\(ip >> 8 & 0xff).\(ip & 0xff)"
            return verdict(.strong, fields: [DetectionField("destination", "\(addr):\(port)"), DetectionField("version", "4")])
        case 5:
            if let n = c.u8(at: 1), n >= 1, Int(n) + 2 == p.count, input.index == 0 {
                // The greeting: every method is 0…3 or in the private range 0x80…0xfe.
                let methods = (2 ..< p.count).allSatisfy { p[$0] <= 3 || (p[$0] >= 0x80 && p[$0] != 0xff) }
                return methods ? verdict(.weak, fields: [DetectionField("version", "5")]) : nil
            }
            guard let cmd = c.u8(at: 1), (1 ... 3).contains(cmd), c.u8(at: 2) == 0, let destination = Self.address(c) else { return nil }
            return verdict(.strong, fields: [DetectionField("destination", destination), DetectionField("version", "5")])
        default:
            return nil
        }
    }

    /// A SOCKS5 request's ATYP, address and port as "host:port", when they end the payload.
    static func address(_ c: ByteCursor) -> String? {
        switch c.u8(at: 3) {
        case 1:
            guard c.count == 10, let ip = c.u32(at: 4), let port = c.u16(at: 8) else { return nil }
            return "\(ip >> 24).\(ip >> 16 & 0xff).\(ip >> 8 & 0xff).\(ip & 0xff):\(port)"
        case 3:
            guard let n = c.u8(at: 4), n > 0, c.count == 7 + Int(n), let port = c.u16(at: 5 + Int(n)),
                  let host = DetectorBytes.text(c.bytes, 5 ..< 5 + Int(n)) else { return nil }
            return "\(host):\(port)"
        case 4:
            guard c.count == 22, let addr = c.slice(at: 4, count: 16), let port = c.u16(at: 20) else { return nil }
            let groups = stride(from: 0, to: 16, by: 2).map { String(UInt16(addr[$0]) << 8 | UInt16(addr[$0 + 1]), radix: 16) }
            return "[\(groups.joined(separator: ":"))]:\(port)"
        default:
            return nil
        }
    }
}
