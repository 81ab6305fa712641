// DCE/RPC connection-oriented PDUs (C706 §12.6, MS-RPCE): a 16-byte header,
// rpc_vers 5, rpc_vers_minor 0 or 1, PTYPE, flags, a 4-byte data representation
// (byte 0: 0x10 little-endian integers, 0x00 big-endian), frag_length, auth_length,
// call_id. The fragment length must fill the payload. Bind/bind_ack/alter_context
// are strong; a request or response alone is weak.

public struct DCERPCDetector: ProtocolDetector {
    public let about = DetectorAbout("dcerpc", [.tcp], ports: [135, 593])

    public init() {}

    static let types: [UInt8: (String, DetectionConfidence)] = [
        0: ("request", .weak), 2: ("response", .weak), 3: ("fault", .weak), 11: ("bind", .strong), 12: ("bind_ack", .strong),
        13: ("bind_nak", .strong), 14: ("alter_context", .strong), 15: ("alter_context_resp", .strong),
    ]

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard c.u8(at: 0) == 5, let minor = c.u8(at: 1), minor <= 1, let type = c.u8(at: 2), let (name, confidence) = Self.types[type],
              let drep = c.u8(at: 4), drep & 0xef == 0, c.u8(at: 6) == 0, c.u8(at: 7) == 0 else { return nil }
        let little = drep & 0x10 != 0
        guard let length = little ? c.u16le(at: 8) : c.u16(at: 8), Int(length) == c.count, length >= 16 else { return nil }
        return verdict(confidence, fields: [DetectionField("packet", name)])
    }
}
