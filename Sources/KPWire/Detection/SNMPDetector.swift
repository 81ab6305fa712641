// SNMP (RFC 1157, RFC 3416, RFC 3412 §6): a BER SEQUENCE filling the datagram. v1 (0)
// and v2c (1): version INTEGER, community OCTET STRING, a PDU [0]…[8] (0xa0…0xa8).
// v3 (3): version, msgGlobalData SEQUENCE { msgID, msgMaxSize, msgFlags OCTET STRING
// (1 byte), msgSecurityModel }, msgSecurityParameters OCTET STRING, msgData. The
// community string is a password: it is never read, not even its length.

public struct SNMPDetector: ProtocolDetector {
    public let about = DetectorAbout("snmp", [.udp], ports: [161, 162])

    public init() {}

    static let pdus = ["get", "getnext", "response", "set", "trap", "getbulk", "inform", "trap2", "report"]

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        guard let message = BER.element(p, at: 0), message.tag == 0x30, message.end == p.count else { return nil }
        let parts = BER.children(p, of: message, max: 5)
        guard parts.count >= 3, let version = BER.integer(p, parts[0]) else { return nil }
        switch version {
        case 0, 1:
            guard parts.count == 3, parts[1].tag == 0x04, (0xa0 ... 0xa8).contains(parts[2].tag),
                  version == 1 || (parts[2].tag != 0xa5 && parts[2].tag < 0xa6) else { return nil }
            let pdu = Self.pdus[Int(parts[2].tag - 0xa0)]
            return verdict(.strong, fields: [DetectionField("version", version == 0 ? "1" : "2c"), DetectionField("pdu", pdu)])
        case 3:
            guard parts.count == 4, parts[1].tag == 0x30, parts[2].tag == 0x04, parts[3].tag == 0x30 || parts[3].tag == 0x04 else { return nil }
            let global = BER.children(p, of: parts[1], max: 5)
            guard global.count == 4, BER.integer(p, global[0]) != nil, let size = BER.integer(p, global[1]), size >= 484,
                  global[2].tag == 0x04, global[2].content.count == 1, let model = BER.integer(p, global[3]) else { return nil }
            let flags = p[global[2].content.lowerBound]
            var fields = [DetectionField("version", "3"), DetectionField("security_model", model == 3 ? "usm" : String(model))]
            fields.append(DetectionField("security", flags & 2 != 0 ? "authpriv" : flags & 1 != 0 ? "authnopriv" : "noauthnopriv"))
            return verdict(.strong, fields: fields)
        default:
            return nil
        }
    }
}
