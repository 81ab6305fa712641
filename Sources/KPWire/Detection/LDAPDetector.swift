// LDAP (RFC 4511 §4.1.1): each message is a BER SEQUENCE { messageID INTEGER,
// protocolOp [APPLICATION n], controls [0] OPTIONAL }. A bindRequest (0x60: version,
// name, auth) gives the bind DN, a searchRequest (0x63) its baseObject. Request and
// response ops by their application tags; the SEQUENCE must fill the payload.

public struct LDAPDetector: ProtocolDetector {
    public let about = DetectorAbout("ldap", [.tcp, .udp], ports: [389, 3268])

    public init() {}

    static let responses: Set<UInt8> = [0x61, 0x64, 0x65, 0x67, 0x69, 0x6b, 0x6d, 0x6f, 0x73, 0x78]

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        guard let message = BER.element(p, at: 0), message.tag == 0x30, message.end == p.count else { return nil }
        let parts = BER.children(p, of: message, max: 3)
        guard parts.count >= 2, let id = BER.integer(p, parts[0]), id >= 0 else { return nil }
        let op = parts[1]
        let fields = BER.children(p, of: op, max: 3)
        switch op.tag {
        case 0x60:
            // bindRequest: version 1…3, then the name as an OCTET STRING.
            guard fields.count >= 3, let version = BER.integer(p, fields[0]), (1 ... 3).contains(version), fields[1].tag == 0x04 else { return nil }
            let dn = DetectorBytes.text(p, fields[1].content, max: 512)
            return verdict(.strong, fields: dn.map { [DetectionField("bind_dn", $0)] } ?? [])
        case 0x63:
            guard fields.count >= 2, fields[0].tag == 0x04, fields[1].tag == 0x0a else { return nil }
            let base = DetectorBytes.text(p, fields[0].content, max: 512)
            return verdict(.strong, fields: base.map { [DetectionField("base", $0)] } ?? [])
        case let tag where Self.responses.contains(tag):
            // An LDAPResult opens with resultCode ENUMERATED.
            guard input.mayBeServer, fields.first?.tag == 0x0a || tag == 0x64 else { return nil }
            return verdict(.weak)
        default:
            return nil
        }
    }
}
