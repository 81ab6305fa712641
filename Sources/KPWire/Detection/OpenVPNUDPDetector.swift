// OpenVPN over UDP (OpenVPN's ssl_pkt.h): no length prefix; byte 0 is the opcode (top
// 5 bits) and key id (3 bits). A session opens with P_CONTROL_HARD_RESET_CLIENT_V2 (7)
// or _V3 (10), key id 0, an 8-byte session id (not 0); without tls-auth an empty ACK
// array and message packet id 0 follow (14 bytes; 2.6 adds an early-negotiation TLV),
// with tls-auth an HMAC (16, 20, 32 or 64 bytes) and a replay packet id and time come
// first. The server answers P_CONTROL_HARD_RESET_SERVER_V2 (8) acking the client's.

public struct OpenVPNUDPDetector: ProtocolDetector {
    public let about = DetectorAbout("openvpn", [.udp], ports: [1194])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard input.index <= 1, let first = c.u8(at: 0), first & 0x07 == 0, let session = c.slice(at: 1, count: 8),
              session.contains(where: { $0 != 0 }) else { return nil }
        let opcode = first >> 3
        let client = opcode == 7 || opcode == 10
        guard (client && input.mayBeClient) || (opcode == 8 && input.mayBeServer) else { return nil }
        // The ACK array: a count, its packet ids and the peer's session id; then the message packet id 0.
        for hmac in [0, 16, 20, 32, 64] {
            let ack = 9 + (hmac == 0 ? 0 : hmac + 8)
            guard let acks = c.u8(at: ack), acks <= 4 else { continue }
            let id = ack + 1 + (acks == 0 ? 0 : 4 * Int(acks) + 8)
            guard c.u32(at: id) == 0, client == (acks == 0) else { continue }
            let rest = c.count - id - 4
            guard rest == 0 || (opcode == 7 && rest == 6 && c.u16(at: id + 4) == 1 && c.u16(at: id + 6) == 2) || opcode == 10 else { continue }
            let name = client ? "hard_reset_client" : "hard_reset_server"
            return verdict(.strong, fields: [DetectionField("opcode", name), DetectionField("key_id", "0"),
                                             DetectionField("tls_auth", hmac == 0 ? "none" : "hmac\(hmac * 8)")])
        }
        return nil
    }
}
