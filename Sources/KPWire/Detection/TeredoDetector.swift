// Teredo (RFC 4380 §5.1.1): IPv6 packets inside UDP (port 3544 at the server),
// optionally after an authentication header (0x0001, client id length, auth length,
// client id, auth value, 8-byte nonce, confirmation byte) and an origin indication
// (0x0000, the client's port and IPv4 address each XORed with all ones: the address
// the server saw, a NAT's outside address). The IPv6 header's payload length must fill
// the datagram; strong when a header or a Teredo address (2001:0::/32) shows it.

public struct TeredoDetector: ProtocolDetector {
    public let about = DetectorAbout("teredo", [.udp], ports: [3544])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        var pos = 0
        var fields: [DetectionField] = []
        if c.u16(at: 0) == 1 {
            guard let id = c.u8(at: 2), let auth = c.u8(at: 3) else { return nil }
            pos = 4 + Int(id) + Int(auth) + 9
            fields.append(DetectionField("authentication", "yes"))
        }
        if c.u16(at: pos) == 0, let port = c.u16(at: pos + 2), let addr = c.u32(at: pos + 4) {
            fields.append(DetectionField("origin", "\(IPAddress(v4: ~addr)):\(~port)"))
            pos += 8
        }
        guard let version = c.u8(at: pos), version >> 4 == 6, let length = c.u16(at: pos + 4), Int(length) == c.count - pos - 40,
              let src = c.u32(at: pos + 8), let dst = c.u32(at: pos + 24) else { return nil }
        let teredoAddress = src == 0x2001_0000 || dst == 0x2001_0000
        guard teredoAddress || !fields.isEmpty || input.senderPort == 3544 || input.receiverPort == 3544 else { return nil }
        return verdict(teredoAddress || !fields.isEmpty ? .strong : .weak, fields: fields)
    }
}
