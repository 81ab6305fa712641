// The pieces JA4, JA4S and JA4H share, as FoxIO's JA4+ technical details define them
// (github.com/FoxIO-LLC/ja4, technical_details/): GREASE values (RFC 8701) are ignored
// everywhere, versions are two characters, lists are 4-digit lowercase hex joined by
// commas, and a hash is the first 12 hex digits of the list's SHA-256.

/// Where a TLS hello travelled: the first character of JA4 and JA4S.
public enum JA4Transport: String, Sendable {
    case tcp = "t", quic = "q", dtls = "d"
}

enum JA4Parts {
    /// RFC 8701: 0x0a0a, 0x1a1a, … 0xfafa.
    static func isGREASE(_ v: UInt16) -> Bool {
        v & 0x0f0f == 0x0a0a && v >> 8 == v & 0xff
    }

    /// The highest supported_versions entry that is not GREASE when there is one,
    /// else the hello's legacy version, as JA4 writes it ("00" when unknown).
    static func version(_ hello: TLSHelloFields) -> String {
        let listed = hello.supportedVersions.filter { !isGREASE($0) }
        switch listed.max() ?? hello.legacyVersion {
        case 0x0304: return "13"
        case 0x0303: return "12"
        case 0x0302: return "11"
        case 0x0301: return "10"
        case 0x0300: return "s3"
        case 0x0002: return "s2"
        case 0xfeff: return "d1"
        case 0xfefd: return "d2"
        case 0xfefc: return "d3"
        default: return "00"
        }
    }

    /// The first and last characters of the first ALPN name; "00" without one; the
    /// first and last hex digits of the name when either end is not alphanumeric.
    static func alpn(_ name: [UInt8]?) -> String {
        guard let name, let first = name.first, let last = name.last else { return "00" }
        if isAlphanumeric(first) && isAlphanumeric(last) {
            return String(decoding: [first, last], as: UTF8.self)
        }
        return String([hexDigits[Int(first >> 4)], hexDigits[Int(last & 0x0f)]])
    }

    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (0x30 ... 0x39).contains(b) || (0x41 ... 0x5a).contains(b) || (0x61 ... 0x7a).contains(b)
    }

    /// Two decimal digits, capped at 99.
    static func count(_ n: Int) -> String {
        let n = min(n, 99)
        return n < 10 ? "0\(n)" : "\(n)"
    }

    static let hexDigits = Array("0123456789abcdef")

    static func hex(_ v: UInt16) -> String {
        SHA256.hex([UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)])
    }

    static func hexList(_ values: [UInt16]) -> String {
        values.map(hex).joined(separator: ",")
    }

    /// The first 12 hex digits of SHA-256 over the text.
    static func hash12(_ text: String) -> String {
        String(SHA256.hex(SHA256.hash(Array(text.utf8))).prefix(12))
    }

    /// `hash12`, or twelve zeros when there is nothing to hash (JA4's empty lists).
    static func hash12OrZeros(_ text: String) -> String {
        text.isEmpty ? zeros : hash12(text)
    }

    static let zeros = "000000000000"
}
