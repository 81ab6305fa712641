// OpenVPN over TCP (OpenVPN's ssl.h/ssl_pkt.h): each packet follows a 2-byte
// big-endian length; its first byte is opcode (5 bits) and key id (3 bits). A session
// opens with P_CONTROL_HARD_RESET_CLIENT_V2 (7) or _V3 (10) from the client and
// P_CONTROL_HARD_RESET_SERVER_V2 (8) back, key id 0, then an 8-byte session id.

public struct OpenVPNDetector: ProtocolDetector {
    public let about = DetectorAbout("openvpn", [.tcp], ports: [1194, 443])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard input.index == 0, let length = c.u16(at: 0), Int(length) == c.count - 2, length >= 14, length <= 1024,
              let first = c.u8(at: 2), first & 0x07 == 0 else { return nil }
        let opcode = first >> 3
        if (opcode == 7 || opcode == 10) && input.mayBeClient { return verdict(.strong, fields: [DetectionField("opcode", "hard_reset_client")]) }
        if opcode == 8 && input.mayBeServer { return verdict(.strong, fields: [DetectionField("opcode", "hard_reset_server")]) }
        return nil
    }
}
