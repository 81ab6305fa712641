// VNC's RFB (RFC 6143 §7.1.1): both sides open with a 12-byte version,
// "RFB xxx.yyy\n" (e.g. "RFB 003.008\n").

public struct RFBDetector: ProtocolDetector {
    public let about = DetectorAbout("vnc", [.tcp], ports: [5900, 5901, 5902])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        guard p.count == 12, DetectorBytes.has(p, "RFB ", at: 0), p[7] == 0x2e, p[11] == 0x0a,
              [4, 5, 6, 8, 9, 10].allSatisfy({ p[$0] >= 0x30 && p[$0] <= 0x39 }),
              let major = Int(DetectorBytes.text(p, 4 ..< 7) ?? ""), let minor = Int(DetectorBytes.text(p, 8 ..< 11) ?? "") else { return nil }
        let version = "\(major).\(minor)"
        return verdict(.strong, software: input.sender == .server ? "RFB \(version)" : nil, fields: [DetectionField("version", version)])
    }
}
