// WireGuard (whitepaper §5.4): a message type byte and three zero bytes, then for an
// initiation (1) exactly 148 bytes, a response (2) 92, a cookie reply (3) 64; transport
// data (4) is a 16-byte header, the padded ciphertext and a 16-byte tag: at least 32
// bytes, a multiple of 16 (weak: any datagram of that shape).

public struct WireGuardDetector: ProtocolDetector {
    public let about = DetectorAbout("wireguard", [.udp], ports: [51820])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard let type = c.u8(at: 0), c.u8(at: 1) == 0, c.u16(at: 2) == 0, let sender = c.u32(at: 4), sender != 0 else { return nil }
        switch (type, c.count) {
        case (1, 148): return verdict(.strong, fields: [DetectionField("message", "handshake_initiation")])
        case (2, 92): return c.u32(at: 8) != 0 ? verdict(.strong, fields: [DetectionField("message", "handshake_response")]) : nil
        case (3, 64): return verdict(.strong, fields: [DetectionField("message", "cookie_reply")])
        case (4, let n) where n >= 32 && n % 16 == 0: return verdict(.weak, fields: [DetectionField("message", "transport_data")])
        default: return nil
        }
    }
}
