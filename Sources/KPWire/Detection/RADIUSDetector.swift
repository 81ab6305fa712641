// RADIUS (RFC 2865 §3, RFC 2866, RFC 5997): code(1) identifier(1) length(2), a 16-byte
// authenticator, then attributes type(1) length(1, at least 2) that end exactly at
// `length`, which is the datagram's (20…4096). Codes 1-5 and 11-13.

public struct RADIUSDetector: ProtocolDetector {
    public let about = DetectorAbout("radius", [.udp], ports: [1812, 1813, 1645, 1646])

    public init() {}

    /// Code names by code, "" where RADIUS has none (a table, not a dictionary: read on every unnamed flow).
    static let codes = ["", "access-request", "access-accept", "access-reject", "accounting-request", "accounting-response",
                        "", "", "", "", "", "access-challenge", "status-server", "status-client"]

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard let code = c.u8(at: 0), Int(code) < Self.codes.count, case let kind = Self.codes[Int(code)], !kind.isEmpty, let length = c.u16(at: 2), Int(length) == c.count,
              length >= 20, length <= 4096 else { return nil }
        var pos = 20, attributes = 0
        while pos < c.count {
            guard let type = c.u8(at: pos), type != 0, let n = c.u8(at: pos + 1), n >= 2 else { return nil }
            pos += Int(n)
            attributes += 1
        }
        guard pos == c.count else { return nil }
        // A reply without attributes is only its header: a code and a length.
        return verdict(attributes > 0 ? .strong : .weak, fields: [DetectionField("code", kind)])
    }
}
