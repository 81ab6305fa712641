// RDP (MS-RDPBCGR §2.2.1.1): the client's X.224 Connection Request inside TPKT
// (RFC 1006: 03 00 length16), length indicator, code 0xE0, dst-ref, src-ref, class,
// then "Cookie: mstshash=NAME\r\n" and an RDP_NEG_REQ (type 1, flags, length 8,
// requestedProtocols LE32: 1 TLS, 2 CredSSP, 8 RDSTLS). The server's Connection
// Confirm (0xD0) carries an RDP_NEG_RSP (type 2). A bare X.224 CR is weak (ISO-TSAP).

public struct RDPDetector: ProtocolDetector {
    public let about = DetectorAbout("rdp", [.tcp], ports: [3389])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard c.u8(at: 0) == 3, c.u8(at: 1) == 0, let length = c.u16(at: 2), Int(length) == c.count,
              let li = c.u8(at: 4), Int(li) == c.count - 5, let code = c.u8(at: 5) else { return nil }
        let p = input.payload
        var pos = 11
        var fields: [DetectionField] = []
        if code == 0xe0 && input.mayBeClient {
            if DetectorBytes.has(p, "Cookie: mstshash=", at: pos), let end = DetectorBytes.find("\r\n", in: p, from: pos) {
                if let user = DetectorBytes.text(p, pos + 17 ..< end) { fields.append(DetectionField("cookie", user)) }
                pos = end + 2
            }
            if c.u8(at: pos) == 1, let protocols = c.u32le(at: pos + 4) {
                fields.append(DetectionField("requested_protocols", Self.names(protocols)))
            }
            return verdict(fields.isEmpty ? .weak : .strong, fields: fields)
        }
        if code == 0xd0 && input.mayBeServer && c.u8(at: pos) == 2, let selected = c.u32le(at: pos + 4) {
            return verdict(.strong, fields: [DetectionField("selected_protocol", Self.names(selected))])
        }
        return nil
    }

    /// The protocol flags by name, comma-separated ("rdp" for none).
    static func names(_ flags: UInt32) -> String {
        let known: [(UInt32, String)] = [(1, "ssl"), (2, "hybrid"), (4, "rdstls"), (8, "hybrid_ex"), (16, "rdsaad")]
        let set = known.filter { flags & $0.0 != 0 }.map(\.1)
        return set.isEmpty ? "rdp" : set.joined(separator: ",")
    }
}
