// MongoDB wire protocol: every message opens with a 16-byte little-endian header,
// messageLength, requestID, responseTo, opCode; opCodes OP_MSG 2013, OP_QUERY 2004,
// OP_REPLY 1, OP_COMPRESSED 2012. The length must be the whole payload.

public struct MongoDBDetector: ProtocolDetector {
    public let about = DetectorAbout("mongodb", [.tcp], ports: [27017, 27018, 27019])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard let length = c.u32le(at: 0), let responseTo = c.u32le(at: 8), let opCode = c.u32le(at: 12),
              Int(length) == c.count, length >= 21 else { return nil }
        switch opCode {
        case 2013:
            // OP_MSG: flag bits 2…15 are reserved (0); the first section kind is 0 or 1.
            guard let flags = c.u32le(at: 16), flags & 0xfffc == 0, let kind = c.u8(at: 20), kind <= 1 else { return nil }
            return verdict(.strong, fields: [DetectionField("opcode", "OP_MSG")])
        case 2004:
            guard responseTo == 0, input.mayBeClient, DetectorBytes.cString(input.payload, at: 20, max: 128) != nil else { return nil }
            return verdict(.strong, fields: [DetectionField("opcode", "OP_QUERY")])
        case 1:
            guard input.mayBeServer, length >= 36 else { return nil }
            return verdict(.weak, fields: [DetectionField("opcode", "OP_REPLY")])
        case 2012:
            return verdict(.weak, fields: [DetectionField("opcode", "OP_COMPRESSED")])
        default:
            return nil
        }
    }
}
