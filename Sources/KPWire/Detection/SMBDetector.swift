// SMB over NetBIOS session or direct TCP (RFC 1002 §4.3.6, MS-SMB2 §2.1): a 4-byte
// session header (type 0, 24-bit length of the rest), then "\xffSMB" (SMB1),
// "\xfeSMB" (SMB2/3) or "\xfdSMB" (SMB3 transform). In an SMB2 NEGOTIATE response
// (command 0, flags bit 0) the body at 64 holds StructureSize 65 and the dialect.

public struct SMBDetector: ProtocolDetector {
    public let about = DetectorAbout("smb", [.tcp], ports: [445, 139])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard c.u8(at: 0) == 0, let hi = c.u8(at: 1), let length = c.u16(at: 2), Int(hi) << 16 | Int(length) >= 32,
              let kind = c.u8(at: 4), c.u8(at: 5) == 0x53, c.u8(at: 6) == 0x4d, c.u8(at: 7) == 0x42 else { return nil }
        switch kind {
        case 0xff:
            return verdict(.strong, fields: [DetectionField("version", "1")])
        case 0xfd:
            return verdict(.strong, fields: [DetectionField("version", "3")])
        case 0xfe:
            var fields = [DetectionField("version", "2")]
            let h = 4
            if c.u16le(at: h + 12) == 0, let flags = c.u32le(at: h + 16), flags & 1 == 1,
               c.u16le(at: h + 64) == 65, let dialect = c.u16le(at: h + 68), let name = Self.dialects[dialect] {
                fields.append(DetectionField("dialect", name))
            }
            return verdict(.strong, fields: fields)
        default:
            return nil
        }
    }

    static let dialects: [UInt16: String] = [0x0202: "2.0.2", 0x0210: "2.1", 0x0300: "3.0", 0x0302: "3.0.2", 0x0311: "3.1.1", 0x02ff: "2.x"]
}
