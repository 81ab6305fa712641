// RTCP (RFC 3550 §6.4-6.6, RFC 4585, RFC 3611): a compound packet of RTCP packets, each
// V=2, P, a count (5 bits), packet type (200 SR, 201 RR, 202 SDES, 203 BYE, 204 APP,
// 205/206 feedback, 207 XR) and a length in 32-bit words minus one; the lengths walk to
// the datagram's end exactly and the first packet is an SR or RR. Strong when at least
// two packets walk (a report and its SDES), weak for a single report.

public struct RTCPDetector: ProtocolDetector {
    public let about = DetectorAbout("rtcp", [.udp], ports: [5005])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard let firstType = c.u8(at: 1), firstType == 200 || firstType == 201 else { return nil }
        var pos = 0, packets = 0
        var types: [UInt8] = []
        while pos < c.count {
            guard packets < 16, let first = c.u8(at: pos), first >> 6 == 2, let type = c.u8(at: pos + 1), (200 ... 207).contains(type),
                  let words = c.u16(at: pos + 2) else { return nil }
            let size = 4 * (Int(words) + 1)
            guard c.has(size, at: pos) else { return nil }
            // A report's length holds its sender info (SR: 20 bytes) and its count of 24-byte report blocks.
            if type == 200 || type == 201, size < 8 + (type == 200 ? 20 : 0) + 24 * Int(first & 0x1f) { return nil }
            if !types.contains(type) { types.append(type) }
            pos += size
            packets += 1
        }
        guard pos == c.count else { return nil }
        return verdict(packets >= 2 ? .strong : .weak, fields: types.map { DetectionField("packet_type", String($0)) })
    }
}
