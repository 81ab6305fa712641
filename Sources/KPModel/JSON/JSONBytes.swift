/// JSON scalars as bytes, in JSONEncoder's forms: strings escaped as JSONEncoder
/// escapes them (without escaping slashes), numbers as JSONEncoder writes them.
/// `CanonicalEncoder` lays them out.
struct JSONBytes {
    var out: [UInt8] = []

    mutating func null() { out.append(contentsOf: [0x6e, 0x75, 0x6c, 0x6c]) }

    mutating func bool(_ v: Bool) {
        if v { out.append(contentsOf: [0x74, 0x72, 0x75, 0x65]) } else { out.append(contentsOf: [0x66, 0x61, 0x6c, 0x73, 0x65]) }
    }

    mutating func int(_ v: Int64) {
        if v < 0 { out.append(0x2d) }
        uint(v.magnitude)
    }

    mutating func uint(_ v: UInt64) {
        var buf: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes: UInt64.max has 20 digits
        var v = v
        var n = 0
        withUnsafeMutableBytes(of: &buf) { b in
            repeat {
                n += 1
                b[24 - n] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
                v /= 10
            } while v != 0
            out.append(contentsOf: b[(24 - n)...])
        }
    }

    /// JSONEncoder's form: `description` without a trailing ".0"; like
    /// JSONEncoder, no NaN or infinity.
    mutating func double(_ v: Double) throws {
        guard v.isFinite else {
            throw EncodingError.invalidValue(v, .init(codingPath: [], debugDescription: "\(v) is not valid in JSON"))
        }
        number(v.description)
    }

    mutating func float(_ v: Float) throws {
        guard v.isFinite else {
            throw EncodingError.invalidValue(v, .init(codingPath: [], debugDescription: "\(v) is not valid in JSON"))
        }
        number(v.description)
    }

    private mutating func number(_ text: String) {
        var s = text
        if s.hasSuffix(".0") { s.removeLast(2) }
        out.append(contentsOf: s.utf8)
    }

    mutating func string(_ s: String) {
        out.append(0x22)
        var s = s
        s.withUTF8 { bytes in
            // Most names need no escape: copied whole.
            if !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5c }) {
                out.append(contentsOf: bytes)
            } else {
                escaped(bytes)
            }
        }
        out.append(0x22)
    }

    private mutating func escaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        for b in bytes {
            switch b {
            case 0x22: out.append(contentsOf: [0x5c, 0x22])
            case 0x5c: out.append(contentsOf: [0x5c, 0x5c])
            case 0x08: out.append(contentsOf: [0x5c, 0x62])
            case 0x0c: out.append(contentsOf: [0x5c, 0x66])
            case 0x0a: out.append(contentsOf: [0x5c, 0x6e])
            case 0x0d: out.append(contentsOf: [0x5c, 0x72])
            case 0x09: out.append(contentsOf: [0x5c, 0x74])
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5c, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: out.append(b)
            }
        }
    }
}
