/// An IPv4 or IPv6 address as one 128-bit value type (IPv4 as ::ffff:a.b.c.d),
/// so hosts of both families share one hash map key.
public struct IPAddress: FastHashable, Comparable, Sendable, CustomStringConvertible {
    public var hi: UInt64
    public var lo: UInt64

    @inlinable public init(hi: UInt64, lo: UInt64) { self.hi = hi; self.lo = lo }
    @inlinable public init(v4: UInt32) { hi = 0; lo = 0xffff_0000_0000 | UInt64(v4) }

    public static let zero = IPAddress(hi: 0, lo: 0)

    // Hash maps keyed by addresses are on the per-packet path: a multiply-mix of
    // the two words (seeded per process, as Swift's own hashing is) instead of a
    // full SipHash round, which was a tenth of the census's time.
    @inlinable public func fastHash(seed: UInt64) -> UInt64 {
        FastHash.mix(hi ^ seed, lo)
    }

    @inlinable public var isV4: Bool { hi == 0 && lo >> 32 == 0xffff }
    @inlinable public var v4: UInt32 { UInt32(truncatingIfNeeded: lo) }

    /// Reads 4 bytes (IPv4) at `pos`.
    @inlinable public static func v4(_ c: ByteCursor, at pos: Int) -> IPAddress? {
        c.u32(at: pos).map { IPAddress(v4: $0) }
    }

    /// Reads 16 bytes (IPv6) at `pos`.
    @inlinable public static func v6(_ c: ByteCursor, at pos: Int) -> IPAddress? {
        guard let a = c.u32(at: pos), let b = c.u32(at: pos + 4),
              let d = c.u32(at: pos + 8), let e = c.u32(at: pos + 12) else { return nil }
        return IPAddress(hi: UInt64(a) << 32 | UInt64(b), lo: UInt64(d) << 32 | UInt64(e))
    }

    /// Unicast addresses that can be a host: not unspecified, broadcast or multicast.
    public var isUnicast: Bool {
        if isV4 {
            let a = v4
            if a == 0 || a == 0xffff_ffff { return false }
            if a >> 28 == 0xe { return false }      // 224.0.0.0/4 multicast
            return true
        }
        if hi == 0 && lo == 0 { return false }
        return hi >> 56 != 0xff                   // ff00::/8 multicast
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        // IPv4 before IPv6, then numeric order.
        if a.isV4 != b.isV4 { return a.isV4 }
        return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo
    }

    public var description: String {
        if isV4 {
            // Formatted byte by byte on the stack: string interpolation cost more than
            // the whole decode. At most 15 bytes, so the String is stored inline too.
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 15) { out in
                var n = 0
                let a = v4
                for shift in stride(from: 24, through: 0, by: -8) {
                    let octet = UInt8(truncatingIfNeeded: a >> UInt32(shift))
                    if octet >= 100 { out[n] = 0x30 + octet / 100; n += 1 }
                    if octet >= 10 { out[n] = 0x30 + octet / 10 % 10; n += 1 }
                    out[n] = 0x30 + octet % 10
                    n += 1
                    if shift > 0 { out[n] = UInt8(ascii: "."); n += 1 }
                }
                return String(decoding: UnsafeBufferPointer(rebasing: out[..<n]), as: UTF8.self)
            }
        }
        return IPAddress.formatV6(self)
    }

    /// RFC 5952 text: lowercase, longest run of two or more zero groups as "::".
    static func formatV6(_ a: IPAddress) -> String {
        var groups = [UInt16](repeating: 0, count: 8)
        for i in 0 ..< 4 {
            groups[i] = UInt16(truncatingIfNeeded: a.hi >> (48 - 16 * UInt64(i)))
            groups[i + 4] = UInt16(truncatingIfNeeded: a.lo >> (48 - 16 * UInt64(i)))
        }
        var bestStart = -1, bestLen = 0, i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8 && groups[j] == 0 { j += 1 }
                if j - i > bestLen && j - i >= 2 { bestStart = i; bestLen = j - i }
                i = j
            } else { i += 1 }
        }
        var out = ""
        i = 0
        while i < 8 {
            if i == bestStart {
                out += "::"
                i += bestLen
                continue
            }
            if !out.isEmpty && !out.hasSuffix(":") { out += ":" }
            out += String(groups[i], radix: 16)
            i += 1
        }
        return out
    }

    /// Parses dotted IPv4 or RFC 4291 IPv6 text.
    public init?(_ text: String) {
        if let v4 = IPAddress.parseV4(Substring(text)) { self.init(v4: v4); return }
        guard let v6 = IPAddress.parseV6(text) else { return nil }
        self = v6
    }

    static func parseV4(_ s: Substring) -> UInt32? {
        if let v = parseV4Digits(s.utf8) { return v }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard !p.isEmpty, p.count <= 3, let n = UInt32(p), n <= 255 else { return nil }
            v = v << 8 | n
        }
        return v
    }

    /// Dotted quads of digits only, the usual case, without splitting into substrings
    /// (the inventory parses an address per host); nil for anything else, which
    /// `parseV4` then reads the general way.
    static func parseV4Digits(_ bytes: Substring.UTF8View) -> UInt32? {
        var v: UInt32 = 0, octet: UInt32 = 0, digits = 0, dots = 0
        for b in bytes {
            if b == UInt8(ascii: ".") {
                guard digits > 0 else { return nil }
                v = v << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            } else if b >= 0x30 && b <= 0x39 {
                digits += 1
                guard digits <= 3 else { return nil }
                octet = octet * 10 + UInt32(b - 0x30)
                guard octet <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return v << 8 | octet
    }

    static func parseV6(_ s: String) -> IPAddress? {
        guard s.contains(":") else { return nil }
        var halves: [String] = [s]
        let chars = Array(s)
        if let i = (0 ..< Swift.max(0, chars.count - 1)).first(where: { chars[$0] == ":" && chars[$0 + 1] == ":" }) {
            halves = [String(chars[..<i]), String(chars[(i + 2)...])]
            guard !halves[1].contains("::") else { return nil }
        }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, f) in fields.enumerated() {
                if i == fields.count - 1, f.contains("."), let v4 = parseV4(f) {
                    out.append(UInt16(v4 >> 16)); out.append(UInt16(v4 & 0xffff))
                } else {
                    guard !f.isEmpty, f.count <= 4, let g = UInt16(f, radix: 16) else { return nil }
                    out.append(g)
                }
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all: [UInt16]
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
            all = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard head.count == 8 else { return nil }
            all = head
        }
        var hi: UInt64 = 0, lo: UInt64 = 0
        for i in 0 ..< 4 { hi = hi << 16 | UInt64(all[i]); lo = lo << 16 | UInt64(all[i + 4]) }
        return IPAddress(hi: hi, lo: lo)
    }
}

/// A 48-bit Ethernet address.
public struct MACAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: UInt64
    @inlinable public init(_ value: UInt64) { self.value = value }

    @inlinable public static func read(_ c: ByteCursor, at pos: Int) -> MACAddress? {
        guard let a = c.u16(at: pos), let b = c.u32(at: pos + 2) else { return nil }
        return MACAddress(UInt64(a) << 32 | UInt64(b))
    }

    public var isUnicast: Bool { value >> 40 & 1 == 0 && value != 0 }

    public static func < (a: MACAddress, b: MACAddress) -> Bool { a.value < b.value }

    public var description: String {
        // Written into the string's own storage (no arrays): "xx:xx:xx:xx:xx:xx".
        String(unsafeUninitializedCapacity: 17) { out in
            for i in 0 ..< 6 {
                let b = UInt8(truncatingIfNeeded: value >> (40 - 8 * UInt64(i)))
                if i > 0 { out[3 * i - 1] = UInt8(ascii: ":") }
                out[3 * i] = MACAddress.hexDigit(b >> 4)
                out[3 * i + 1] = MACAddress.hexDigit(b & 0xf)
            }
            return 17
        }
    }

    /// The lowercase hex digit of `v` (0...15).
    static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? UInt8(ascii: "0") + v : UInt8(ascii: "a") + v - 10 }
}
