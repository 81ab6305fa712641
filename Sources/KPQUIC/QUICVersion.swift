// The QUIC versions whose Initial packets kpcensus can open, with what differs between
// them: the initial salt, the HKDF labels and the long-header type bits of an Initial.
//   version 1:  RFC 9001 §5.2, labels "quic key/iv/hp",   Initial type 0b00
//   version 2:  RFC 9369 §3.2–3.3, labels "quicv2 key/iv/hp", Initial type 0b01
//   draft-29:   draft-ietf-quic-tls-29 §5.2, version 1's labels and type bits

/// A QUIC version number with the name kpcensus reports for it.
public struct QUICVersion: Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    public static let v1 = QUICVersion(0x0000_0001)
    public static let v2 = QUICVersion(0x6b33_43cf)
    public static let draft29 = QUICVersion(0xff00_001d)

    /// `1`, `2`, `draft-29`, or the number in hex for a version kpcensus cannot open.
    public var description: String {
        switch self {
        case .v1: "1"
        case .v2: "2"
        case .draft29: "draft-29"
        default: "0x" + String(rawValue, radix: 16)
        }
    }

    /// True when kpcensus knows this version's initial salt.
    public var isKnown: Bool { InitialParameters(self) != nil }
}

/// What one version uses to protect its Initial packets.
struct InitialParameters: Sendable {
    var salt: [UInt8]
    var labelPrefix: String
    /// The two long-header type bits that mark an Initial packet.
    var initialType: UInt8

    init?(_ version: QUICVersion) {
        switch version {
        case .v1:
            salt = [0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17, 0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a]
            labelPrefix = "quic"
            initialType = 0
        case .v2:
            salt = [0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93, 0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9]
            labelPrefix = "quicv2"
            initialType = 1
        case .draft29:
            salt = [0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97, 0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99]
            labelPrefix = "quic"
            initialType = 0
        default:
            return nil
        }
    }
}
