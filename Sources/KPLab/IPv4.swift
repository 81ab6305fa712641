/// A dotted-quad IPv4 address as a 32-bit number: the lab's address arithmetic.
public struct IPv4: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    /// Parses "a.b.c.d"; nil unless exactly four decimal octets 0...255.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy(\.isASCII), let o = UInt32(p), o <= 255 else { return nil }
            v = v << 8 | o
        }
        value = v
    }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 255).\(value >> 8 & 255).\(value & 255)"
    }

    public static func < (a: IPv4, b: IPv4) -> Bool { a.value < b.value }

    public func adding(_ n: UInt32) -> IPv4 { IPv4(value &+ n) }
}

/// An IPv4 prefix such as 10.76.0.0/16.
public struct IPv4Prefix: Hashable, Sendable, CustomStringConvertible {
    public var network: IPv4
    public var length: Int

    public init(_ network: IPv4, _ length: Int) {
        self.length = length
        self.network = IPv4(network.value & IPv4Prefix.mask(length))
    }

    /// Parses "a.b.c.d/n"; nil when malformed or when host bits are set.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let addr = IPv4(String(parts[0])), let n = Int(parts[1]), (0 ... 32).contains(n) else { return nil }
        guard addr.value & ~IPv4Prefix.mask(n) == 0 else { return nil }
        network = addr
        length = n
    }

    static func mask(_ n: Int) -> UInt32 { n == 0 ? 0 : ~UInt32(0) << UInt32(32 - n) }

    public var description: String { "\(network)/\(length)" }

    public func contains(_ a: IPv4) -> Bool { a.value & IPv4Prefix.mask(length) == network.value }

    public func overlaps(_ o: IPv4Prefix) -> Bool { contains(o.network) || o.contains(network) }

    /// The last address (broadcast for subnets longer than /31).
    public var last: IPv4 { IPv4(network.value | ~IPv4Prefix.mask(length)) }
}
