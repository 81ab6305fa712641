// OpenVPN over TCP (OpenVPN's ssl.h/ssl_pkt.h): each packet follows a 2-byte
// big-endian length; its first byte is opcode (5 bits) and key id (3 bits). A session
// opens with P_CONTROL_HARD_RESET_CLIENT_V2 (7) or _V3 (10) from the client and
// P_CONTROL_HARD_RESET_SERVER_V2 (8) back, key id 0, then an 8-byte session id.

public struct OpenVPNDetector: ProtocolDetector {
    public let name = "openvpn"
    public let transports: [DetectionTransport] = [.tcp]
    public let ports: Set<UInt16> = [1194, 443]

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard input.index == 0, let length = c.u16(at: 0), Int(length) == c.count - 2, length >= 14, length <= 1024,
              let first = c.u8(at: 2), first & 0x07 == 0 else { return nil }
        switch first >> 3 {
        case 7, 10 where input.mayBeClient: return verdict(.strong, fields: [DetectionField("opcode", "hard_reset_client")])
        case 8 where input.mayBeServer: return verdict(.strong, fields: [DetectionField("opcode", "hard_reset_server")])
        default: return nil
        }
    }
}
