// IKE (RFC 7296 §3.1, RFC 2408 §3.1): initiator SPI (8, not 0), responder SPI (8), next
// payload, version (major.minor: 0x10 IKEv1, 0x20 IKEv2), exchange type, flags, message
// id, length (the datagram's), then generic payload headers next(1) flags(1) length(2)
// that walk to the end (IKEv1 encrypts them when flag bit 0 is set). On port 4500
// (RFC 3948 §2.2) a 4-byte non-ESP marker of zeros comes first.

public struct IKEDetector: ProtocolDetector {
    public let about = DetectorAbout("ike", [.udp], ports: [500, 4500])

    public init() {}

    static let exchanges: [UInt8: String] = [2: "main", 4: "aggressive", 5: "informational", 32: "quick", 33: "new_group",
                                             34: "ike_sa_init", 35: "ike_auth", 36: "create_child_sa", 37: "informational"]

    public func inspect(_ input: DetectionInput) -> Detection? {
        let start = input.cursor.u32(at: 0) == 0 && (input.senderPort == 4500 || input.receiverPort == 4500) ? 4 : 0
        guard let c = input.cursor.slice(at: start, count: input.payload.count - start).map({ ByteCursor($0) }),
              let spi = c.slice(at: 0, count: 8), spi.contains(where: { $0 != 0 }), let next = c.u8(at: 16),
              let version = c.u8(at: 17), version == 0x10 || version == 0x20, let exchange = c.u8(at: 18),
              let kind = Self.exchanges[exchange], (exchange >= 34) == (version == 0x20), let flags = c.u8(at: 19),
              let length = c.u32(at: 24), Int(length) == c.count else { return nil }
        var fields = [DetectionField("version", version == 0x20 ? "2" : "1"), DetectionField("exchange", kind)]
        if version == 0x20 { fields.append(DetectionField("role", flags & 0x08 != 0 ? "initiator" : "responder")) }
        if start == 4 { fields.append(DetectionField("nat_traversal", "yes")) }
        if version == 0x10 && flags & 0x01 != 0 { return verdict(.strong, fields: fields) }
        var pos = 28, payload = next
        while payload != 0 {
            guard pos < c.count, let following = c.u8(at: pos), let n = c.u16(at: pos + 2), n >= 4 else { return nil }
            pos += Int(n)
            payload = following
        }
        guard pos == c.count, next != 0 else { return nil }
        return verdict(.strong, fields: fields)
    }
}
