// STUN and TURN (RFC 8489 §5, RFC 8656): type (2 bits 0, then method and class bits),
// length (a multiple of 4, the bytes after the 20-byte header), the magic cookie
// 0x2112A442, a 12-byte transaction id, then attributes type(2) length(2), each padded
// to 4, to the end. XOR-MAPPED-ADDRESS (0x0020; RFC 8489 §14.2) is the address a server
// saw the client come from: behind a NAT, the NAT's outside address. SOFTWARE (0x8022)
// is the software.

public struct STUNDetector: ProtocolDetector {
    public let about = DetectorAbout("stun", [.udp], ports: [3478, 3479, 5349, 19302])

    public init() {}

    static let methods: [UInt16: String] = [1: "binding", 3: "allocate", 4: "refresh", 6: "send", 7: "data", 8: "createpermission",
                                            9: "channelbind"]

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard let type = c.u16(at: 0), type & 0xc000 == 0, let length = c.u16(at: 2), Int(length) == c.count - 20, length % 4 == 0,
              c.u32(at: 4) == 0x2112_a442 else { return nil }
        let method = type & 0x000f | (type & 0x00e0) >> 1 | (type & 0x3e00) >> 2
        let kind = ["request", "indication", "success", "error"][Int((type & 0x0010) >> 4 | (type & 0x0100) >> 7)]
        guard let methodName = Self.methods[method] else { return nil }
        var fields = [DetectionField("method", methodName), DetectionField("class", kind)]
        var software: String?
        var pos = 20
        while pos < c.count {
            guard let attr = c.u16(at: pos), let n = c.u16(at: pos + 2), c.has(Int(n), at: pos + 4) else { return nil }
            if attr == 0x0020, let mapped = Self.xorMapped(c, at: pos + 4, length: Int(n)) { fields.append(DetectionField("mapped_address", mapped)) }
            if attr == 0x8022 { software = DetectorBytes.text(input.payload, pos + 4 ..< pos + 4 + Int(n)) }
            pos += 4 + (Int(n) + 3) / 4 * 4
        }
        guard pos == c.count else { return nil }
        return verdict(.strong, software: software, fields: fields)
    }

    /// XOR-MAPPED-ADDRESS: reserved, family (1 IPv4, 2 IPv6), port ^ 0x2112, address ^ (cookie, transaction id).
    static func xorMapped(_ c: ByteCursor, at pos: Int, length: Int) -> String? {
        guard let family = c.u8(at: pos + 1), let xport = c.u16(at: pos + 2) else { return nil }
        let port = xport ^ 0x2112
        if family == 1, length == 8, let x = c.u32(at: pos + 4) {
            return "\(IPAddress(v4: x ^ 0x2112_a442)):\(port)"
        }
        guard family == 2, length == 20, let mask = c.slice(at: 4, count: 16), let x = c.slice(at: pos + 4, count: 16) else { return nil }
        var hi: UInt64 = 0, lo: UInt64 = 0
        for i in 0 ..< 8 { hi = hi << 8 | UInt64(x[i] ^ mask[i]) }
        for i in 8 ..< 16 { lo = lo << 8 | UInt64(x[i] ^ mask[i]) }
        return "[\(IPAddress(hi: hi, lo: lo))]:\(port)"
    }
}
