/// Dotted-quad IPv4 text to and from host-order integers.
public enum IPv4Text {
    /// Parses "a.b.c.d"; nil unless exactly four decimal octets 0-255.
    public static func parse(_ s: Substring) -> UInt32? {
        var value: UInt32 = 0
        var parts = 0
        for p in s.split(separator: ".", omittingEmptySubsequences: false) {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy(\.isASCII), let n = UInt32(p), n <= 255 else { return nil }
            value = value << 8 | n
            parts += 1
        }
        return parts == 4 ? value : nil
    }

    public static func parse(_ s: String) -> UInt32? { parse(Substring(s)) }

    public static func format(_ a: UInt32) -> String {
        "\(a >> 24).\(a >> 16 & 255).\(a >> 8 & 255).\(a & 255)"
    }
}

/// An IPv4 prefix such as 10.76.0.0/16 (a bare address is a /32).
public struct CIDR: Hashable, Sendable, CustomStringConvertible, Comparable {
    public let network: UInt32
    public let length: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let a = IPv4Text.parse(parts[0]) else { return nil }
        var len = 32
        if parts.count == 2 {
            guard let l = Int(parts[1]), (0 ... 32).contains(l), parts[1].allSatisfy(\.isASCII) else { return nil }
            len = l
        }
        self.init(network: a, length: len)
    }

    public init(network: UInt32, length: Int) {
        self.length = length
        self.network = network & CIDR.mask(length)
    }

    static func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : UInt32.max << UInt32(32 - length) }

    public func contains(_ a: UInt32) -> Bool { a & CIDR.mask(length) == network }

    /// Whether every address of `other` lies inside this prefix.
    public func contains(_ other: CIDR) -> Bool { other.length >= length && contains(other.network) }

    public var last: UInt32 { network | ~CIDR.mask(length) }
    public var size: UInt64 { UInt64(1) << UInt64(32 - length) }
    public var description: String { "\(IPv4Text.format(network))/\(length)" }
    public static func < (a: CIDR, b: CIDR) -> Bool { (a.network, a.length) < (b.network, b.length) }
}
