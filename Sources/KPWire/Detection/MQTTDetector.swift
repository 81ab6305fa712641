// MQTT (OASIS MQTT 3.1.1 §3.1, 5.0 §3.1): a client opens with CONNECT: fixed header
// 0x10, a variable-length remaining length, then the protocol name as a 2-byte length
// and "MQTT" (3.1.1 and 5.0, levels 4 and 5) or "MQIsdp" (3.1, level 3), the level,
// the connect flags, keep-alive and (5.0) properties, then the client id.

public struct MQTTDetector: ProtocolDetector {
    public let about = DetectorAbout("mqtt", [.tcp], ports: [1883, 8883])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        guard input.mayBeClient, input.index == 0 else { return nil }
        let c = input.cursor
        guard c.u8(at: 0) == 0x10 else { return nil }
        var remaining = 0, pos = 1, shift = 0
        while let b = c.u8(at: pos), pos <= 4 {
            remaining |= Int(b & 0x7f) << shift
            shift += 7
            pos += 1
            if b & 0x80 == 0 { break }
        }
        guard remaining > 0, pos + remaining == c.count, let nameLength = c.u16(at: pos) else { return nil }
        let level: UInt8?
        if nameLength == 4 && DetectorBytes.has(input.payload, "MQTT", at: pos + 2) {
            level = c.u8(at: pos + 6)
        } else if nameLength == 6 && DetectorBytes.has(input.payload, "MQIsdp", at: pos + 2) {
            level = c.u8(at: pos + 8)
        } else {
            return nil
        }
        guard let level, (3 ... 5).contains(level) else { return nil }
        let version = level == 3 ? "3.1" : level == 4 ? "3.1.1" : "5.0"
        return verdict(.strong, fields: [DetectionField("version", version)])
    }
}
