import KPWire

/// Reverse-mapping names (RFC 1035 §3.5 in-addr.arpa, RFC 3596 §2.5 ip6.arpa).
enum ReverseName {
    /// An address literal rather than a name: digits and dots only (IPv4), or a colon (IPv6).
    static func looksLikeAddress(_ host: String) -> Bool {
        var host = host
        return host.withUTF8 { bytes in
            var digitsAndDots = true
            for b in bytes {
                if b == UInt8(ascii: ":") { return true }
                if !(b == UInt8(ascii: ".") || (b >= 0x30 && b <= 0x39)) { digitsAndDots = false }
            }
            return digitsAndDots && !bytes.isEmpty
        }
    }

    /// The address a reverse name stands for. Names come from `DNSDecoder.readName`,
    /// which escapes every byte outside printable ASCII: bytes are characters here.
    static func address(_ name: String) -> IPAddress? {
        let v4Suffix = ".in-addr.arpa", v6Suffix = ".ip6.arpa"
        if name.hasSuffix(v4Suffix) {
            let labels = labelRanges(name, dropping: v4Suffix.utf8.count)
            guard labels.count == 4 else { return nil }
            let bytes = Array(name.utf8)
            var text: [UInt8] = []
            for r in labels.reversed() {
                if !text.isEmpty { text.append(UInt8(ascii: ".")) }
                text += bytes[r]
            }
            return IPAddress(String(decoding: text, as: UTF8.self))
        }
        if name.hasSuffix(v6Suffix) {
            let nibbles = labelRanges(name, dropping: v6Suffix.utf8.count)
            guard nibbles.count == 32, nibbles.allSatisfy({ $0.count == 1 }) else { return nil }
            let bytes = Array(name.utf8)
            var text: [UInt8] = []
            for (i, r) in nibbles.reversed().enumerated() {
                if i > 0 && i % 4 == 0 { text.append(UInt8(ascii: ":")) }
                text.append(bytes[r.lowerBound])
            }
            return IPAddress(String(decoding: text, as: UTF8.self))
        }
        return nil
    }

    /// Byte ranges of the non-empty dot-separated labels of `name` without its last
    /// `dropping` bytes (what `split(separator: ".")` gives).
    static func labelRanges(_ name: String, dropping: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0, i = 0
        for b in name.utf8.dropLast(dropping) {
            if b == UInt8(ascii: ".") {
                if i > start { ranges.append(start ..< i) }
                start = i + 1
            }
            i += 1
        }
        if i > start { ranges.append(start ..< i) }
        return ranges
    }
}
