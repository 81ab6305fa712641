// PPTP (RFC 2637 §2): every control message is length16, message type 1, the magic
// cookie 0x1A2B3C4D, control type (1 Start-Control-Connection-Request, 2 Reply), …
// In a start request or reply (156 bytes) the host name is at 28 and the vendor at
// 92, 64 bytes each, NUL-padded.

public struct PPTPDetector: ProtocolDetector {
    public let about = DetectorAbout("pptp", [.tcp], ports: [1723])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard let length = c.u16(at: 0), Int(length) <= c.count, length >= 12, c.u16(at: 2) == 1,
              c.u32(at: 4) == 0x1a2b_3c4d, let type = c.u16(at: 8) else { return nil }
        guard (type == 1 || type == 2) && length == 156 else { return verdict(.strong) }
        let host = Self.padded(input.payload, at: 28)
        let vendor = Self.padded(input.payload, at: 92)
        return verdict(.strong, software: type == 2 ? vendor : nil, names: host.map { [$0] } ?? [],
                       fields: vendor.map { [DetectionField("vendor", $0)] } ?? [])
    }

    /// A 64-byte NUL-padded text at `pos`, nil when empty or not printable.
    static func padded(_ p: UnsafeRawBufferPointer, at pos: Int) -> String? {
        guard pos + 64 <= p.count else { return nil }
        var end = pos
        while end < pos + 64 && p[end] != 0 { end += 1 }
        return DetectorBytes.text(p, pos ..< end)
    }
}
