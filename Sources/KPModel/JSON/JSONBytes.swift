/// A growing byte buffer with JSON scalars in JSONEncoder's forms: strings escaped
/// as JSONEncoder escapes them (without escaping slashes), numbers as JSONEncoder
/// writes them. Raw memory rather than an Array: each append is a bounds check and
/// a store, without the Array's uniqueness check (a long capture's inventory is
/// tens of megabytes of small appends). `CanonicalEncoder` lays the values out.
struct JSONBytes {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    /// Frees the memory; the buffer is not used afterwards.
    func free() { base.deallocate() }

    /// The bytes written so far.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(n) }
    }

    private mutating func grow(_ n: Int) {
        let grown = max(capacity * 2, count + n)
        let next = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        next.update(from: base, count: count)
        base.deallocate()
        base = next
        capacity = grown
    }

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    mutating func append(_ p: UnsafeBufferPointer<UInt8>) {
        guard let from = p.baseAddress, p.count > 0 else { return }
        reserve(p.count)
        (base + count).update(from: from, count: p.count)
        count += p.count
    }

    mutating func append(_ s: StaticString) {
        append(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// `n` spaces, stored eight at a time (an indentation is a few bytes: a memset
    /// call per line cost more than the stores).
    mutating func spaces(_ n: Int) {
        reserve(n + 8)
        let p = UnsafeMutableRawPointer(base + count)
        var i = 0
        while i < n {
            p.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: i, as: UInt64.self)
            i += 8
        }
        count += n
    }

    /// Drops the bytes from `offset` on.
    mutating func truncate(to offset: Int) { count = offset }

    mutating func null() { append("null") }

    mutating func bool(_ v: Bool) { append(v ? "true" : "false") }

    mutating func int(_ v: Int64) {
        if v < 0 { byte(0x2d) }
        uint(v.magnitude)
    }

    mutating func uint(_ v: UInt64) {
        reserve(20)   // UInt64.max has 20 digits
        var digits = 1
        var rest = v / 10
        while rest != 0 { digits += 1; rest /= 10 }
        var v = v
        var i = count + digits
        repeat {
            i -= 1
            base[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
            v /= 10
        } while v != 0
        count += digits
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
        s.withUTF8 { append($0) }
    }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { quoted($0) }
    }

    /// A string's UTF-8 bytes in quotes, escaped where JSON needs it.
    mutating func quoted(_ bytes: UnsafeBufferPointer<UInt8>) {
        byte(0x22)
        // Most names need no escape: copied whole.
        if !Self.needsEscape(bytes) {
            append(bytes)
        } else {
            escaped(bytes)
        }
        byte(0x22)
    }

    /// Whether any byte is a control character, a quote or a backslash, tested
    /// eight bytes at a time (the per-byte test was a tenth of the encoding): a byte
    /// below `c` leaves its high bit set in `(x - c) & ~x`, exactly when some byte is.
    private static func needsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = bytes.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101
        func below(_ x: UInt64, _ c: UInt64) -> UInt64 { (x &- ones &* c) & ~x }
        var i = 0
        while i + 8 <= bytes.count {
            let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            let hit = below(x, 0x20) | below(x ^ (ones &* 0x22), 1) | below(x ^ (ones &* 0x5c), 1)
            if hit & (ones &* 0x80) != 0 { return true }
            i += 8
        }
        while i < bytes.count {
            let b = p[i]
            if b < 0x20 || b == 0x22 || b == 0x5c { return true }
            i += 1
        }
        return false
    }

    private mutating func escaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        let hex: StaticString = "0123456789abcdef"
        for b in bytes {
            switch b {
            case 0x22: append("\\\"")
            case 0x5c: append("\\\\")
            case 0x08: append("\\b")
            case 0x0c: append("\\f")
            case 0x0a: append("\\n")
            case 0x0d: append("\\r")
            case 0x09: append("\\t")
            case 0..<0x20:
                append("\\u00")
                byte(hex.utf8Start[Int(b >> 4)])
                byte(hex.utf8Start[Int(b & 15)])
            default: byte(b)
            }
        }
    }
}
