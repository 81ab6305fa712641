/// A small indented-JSON byte writer laid out as `CanonicalJSON` lays out
/// JSONEncoder's output: a line per member and element, two-space indentation,
/// `"key": value`, empty containers as `{}`/`[]`, strings escaped as JSONEncoder
/// escapes them (without escaping slashes), numbers as JSONEncoder writes them.
/// The caller writes keys in sorted order.
struct JSONBytes {
    var out: [UInt8] = []
    private var depth = 0
    /// Nothing written yet in the innermost open container.
    private var first = true

    mutating func open(_ bracket: UInt8) {
        out.append(bracket)
        depth += 1
        first = true
    }

    mutating func close(_ bracket: UInt8) {
        depth -= 1
        if !first { newline() }
        out.append(bracket)
        first = false
    }

    mutating func openObject() { open(0x7b) }
    mutating func closeObject() { close(0x7d) }
    mutating func openArray() { open(0x5b) }
    mutating func closeArray() { close(0x5d) }

    /// Starts an array element.
    mutating func element() {
        if !first { out.append(0x2c) }
        newline()
        first = false
    }

    /// Starts an object member; `name` is plain ASCII needing no escapes.
    mutating func key(_ name: StaticString) {
        element()
        out.append(0x22)
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(contentsOf: [0x22, 0x3a, 0x20])
    }

    /// The indentation the next raw value starts at (for `CanonicalJSON.indent`).
    var currentDepth: Int { depth }

    private mutating func newline() {
        out.append(0x0a)
        for _ in 0..<(depth * 2) { out.append(0x20) }
    }

    mutating func null() { out.append(contentsOf: [0x6e, 0x75, 0x6c, 0x6c]) }

    mutating func int(_ v: Int) {
        if v < 0 { out.append(0x2d) }
        digits(v.magnitude)
    }

    private mutating func digits(_ v: UInt) {
        var buf: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes: UInt.max has 20 digits
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
        var s = v.description
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

    mutating func string(_ s: String?) {
        if let s { string(s) } else { null() }
    }

    mutating func double(_ v: Double?) throws {
        if let v { try double(v) } else { null() }
    }

    mutating func strings(_ list: [String]) {
        openArray()
        for s in list { element(); string(s) }
        closeArray()
    }

    mutating func doubles(_ list: [Double]) throws {
        openArray()
        for v in list { element(); try double(v) }
        closeArray()
    }
}
