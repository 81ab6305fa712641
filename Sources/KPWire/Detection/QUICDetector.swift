// QUIC long-header Initial packets (RFC 9000 §17.2.2, RFC 9369 §3.2): the header form
// and fixed bits set, the packet type Initial (0 in version 1 and drafts 0xff0000xx,
// 1 in version 2), the version, destination and source connection ids (length ≤ 20
// each), a token length and a length (variable-length integers) that fit the
// datagram. A client's Initial fills at least 1200 bytes (§14.1) with a destination id
// of at least 8. Only detection: decrypting the Initial for SNI and ALPN is KPQUIC's.

public struct QUICDetector: ProtocolDetector {
    public let about = DetectorAbout("quic", [.udp], ports: [443, 8443])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard let first = c.u8(at: 0), first & 0xc0 == 0xc0, let version = c.u32(at: 1) else { return nil }
        let type = first >> 4 & 3
        let label: String
        switch version {
        case 1 where type == 0: label = "1"
        case 0x6b33_43cf where type == 1: label = "2"
        case 0xff00_0000 ... 0xff00_00ff where type == 0: label = "draft-\(version & 0xff)"
        default: return nil
        }
        guard let dcidLength = c.u8(at: 5), dcidLength <= 20, let scidLength = c.u8(at: 6 + Int(dcidLength)), scidLength <= 20 else { return nil }
        var pos = 7 + Int(dcidLength) + Int(scidLength)
        guard let token = Self.varint(c, at: &pos), token <= 1024 else { return nil }
        pos += Int(token)
        guard let length = Self.varint(c, at: &pos), length >= 20, length <= c.count - pos else { return nil }
        let clientShaped = c.count >= 1200 && dcidLength >= 8
        let fromServer = input.sender == .server || (input.sender == .unknown && !clientShaped)
        guard fromServer || clientShaped else { return nil }
        return verdict(.strong, fields: [DetectionField("version", label), DetectionField("packet", fromServer ? "server_initial" : "client_initial")])
    }

    /// A variable-length integer (RFC 9000 §16) at `pos`, which moves past it.
    static func varint(_ c: ByteCursor, at pos: inout Int) -> Int? {
        guard let first = c.u8(at: pos) else { return nil }
        let n = 1 << Int(first >> 6)
        guard c.has(n, at: pos), n <= 4 else { return nil }
        var v = Int(first & 0x3f)
        for i in 1 ..< n { v = v << 8 | Int(c.bytes[pos + i]) }
        pos += n
        return v
    }
}
