// RTP (RFC 3550 §5.1): V=2, P, X, CC (4 bits); M, payload type (7 bits); sequence
// number; timestamp; SSRC; CC CSRCs; an extension header (profile, length in words) when
// X; padding whose count (the last byte) fits. A detector sees one packet at a time, so
// a stream's consistency (one SSRC, rising sequence numbers) is not checked: weak, only
// between ports above 1023 with an even one (RFC 3550 §11), and for payload types of
// RFC 3551 or the dynamic range (96-127), not RTCP's (72-76).

public struct RTPDetector: ProtocolDetector {
    public let about = DetectorAbout("rtp", [.udp], ports: [5004])

    public init() {}

    static let staticTypes: Set<UInt8> = [0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 25, 26, 28, 31, 32, 33, 34]

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard input.senderPort > 1023, input.receiverPort > 1023, input.senderPort % 2 == 0 || input.receiverPort % 2 == 0,
              let first = c.u8(at: 0), first >> 6 == 2, let second = c.u8(at: 1), let ssrc = c.u32(at: 8), ssrc != 0 else { return nil }
        let type = second & 0x7f
        guard type >= 96 || Self.staticTypes.contains(type) else { return nil }
        var header = 12 + 4 * Int(first & 0x0f)
        if first & 0x10 != 0 {
            guard let words = c.u16(at: header + 2) else { return nil }
            header += 4 + 4 * Int(words)
        }
        var padding = 0
        if first & 0x20 != 0 {
            guard let n = c.u8(at: c.count - 1), n > 0 else { return nil }
            padding = Int(n)
        }
        guard header + padding < c.count else { return nil }
        return verdict(.weak, fields: [DetectionField("payload_type", String(type))])
    }
}
