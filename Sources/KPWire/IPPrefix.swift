/// An IPv4 or IPv6 prefix (`10.76.0.0/16`, `fd00::/8`; a bare address is a host
/// prefix): the one prefix type of the scanner's scope, the air-gap checks' inside
/// ranges, the lab's address plan and the reports' subnets.
public struct IPPrefix: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The first address of the prefix (host bits cleared).
    public let network: IPAddress
    /// Length in bits within its own family: 0...32 for IPv4, 0...128 for IPv6.
    public let length: Int

    /// The prefix of `length` bits that holds `address` (host bits are cleared).
    public init(_ address: IPAddress, length: Int) {
        self.length = length
        network = IPPrefix.masked(address, bits: (address.isV4 ? 96 : 0) + length)
    }

    /// Parses `addr/len` or a bare address (a host prefix); host bits are cleared.
    /// Nil when malformed or the length is out of range for the family.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count <= 2, let a = IPAddress(String(parts[0])) else { return nil }
        let maxLength = a.isV4 ? 32 : 128
        var length = maxLength
        if parts.count == 2 {
            guard parts[1].allSatisfy(\.isASCII), let l = Int(parts[1]), (0 ... maxLength).contains(l) else { return nil }
            length = l
        }
        self.init(a, length: length)
    }

    /// Parses `addr/len` where the address is the network itself (no host bits set):
    /// what a plan of prefixes must write.
    public init?(network text: String) {
        guard text.contains("/"), let p = IPPrefix(text), IPAddress(String(text.split(separator: "/")[0])) == p.network else { return nil }
        self = p
    }

    public var isV4: Bool { network.isV4 }

    /// Whether `a` lies inside; an address of the other family never does.
    public func contains(_ a: IPAddress) -> Bool {
        a.isV4 == isV4 && IPPrefix.masked(a, bits: bits) == network
    }

    /// Whether every address of `other` lies inside this prefix.
    public func contains(_ other: IPPrefix) -> Bool { other.isV4 == isV4 && other.length >= length && contains(other.network) }

    public func overlaps(_ other: IPPrefix) -> Bool { contains(other) || other.contains(self) }

    /// The last address (the broadcast address of an IPv4 subnet up to /30).
    public var last: IPAddress {
        let m = IPPrefix.masked(IPAddress(hi: .max, lo: .max), bits: bits)
        return IPAddress(hi: network.hi | ~m.hi, lo: network.lo | ~m.lo)
    }

    /// The number of addresses, saturating at `UInt64.max` for IPv6 prefixes shorter than /65.
    public var size: UInt64 {
        let hostBits = (isV4 ? 32 : 128) - length
        return hostBits >= 64 ? .max : UInt64(1) << UInt64(hostBits)
    }

    /// The IPv4 addresses of the prefix in order, as host-order numbers (nil for IPv6).
    public var v4Addresses: ClosedRange<UInt32>? {
        isV4 ? network.v4 ... last.v4 : nil
    }

    public var description: String { "\(network)/\(length)" }

    /// IPv4 before IPv6, then by network, then shorter first.
    public static func < (a: IPPrefix, b: IPPrefix) -> Bool {
        a.network != b.network ? a.network < b.network : a.length < b.length
    }

    /// The length in the 128-bit form (IPv4 is IPv4-mapped: 96 + length).
    var bits: Int { (isV4 ? 96 : 0) + length }

    static func masked(_ a: IPAddress, bits: Int) -> IPAddress {
        let hiMask: UInt64 = bits >= 64 ? .max : bits == 0 ? 0 : ~(UInt64.max >> UInt64(bits))
        let loMask: UInt64 = bits >= 128 ? .max : bits <= 64 ? 0 : ~(UInt64.max >> UInt64(bits - 64))
        return IPAddress(hi: a.hi & hiMask, lo: a.lo & loMask)
    }
}

extension IPAddress {
    /// Parses dotted-quad IPv4 text only ("a.b.c.d", four decimal octets 0-255).
    public init?(ipv4 text: String) {
        guard let v = IPAddress.parseV4(Substring(text)) else { return nil }
        self.init(v4: v)
    }

    /// The prefix of `length` bits that holds this address (its /24, its /64, …):
    /// how reports and estimators group addresses.
    public func prefix(_ length: Int) -> IPPrefix { IPPrefix(self, length: length) }

    /// The address `n` further on (IPv4 arithmetic wraps within the 32 bits).
    public func adding(_ n: UInt32) -> IPAddress {
        isV4 ? IPAddress(v4: v4 &+ n) : IPAddress(hi: hi, lo: lo &+ UInt64(n))
    }

    /// The reverse-lookup name: d.c.b.a.in-addr.arpa, or the nibbles under ip6.arpa.
    public var reverseName: String {
        if isV4 { return "\(v4 & 255).\(v4 >> 8 & 255).\(v4 >> 16 & 255).\(v4 >> 24).in-addr.arpa" }
        var nibbles: [String] = []
        for word in [lo, hi] { for i in 0 ..< 16 { nibbles.append(String(word >> UInt64(4 * i) & 0xf, radix: 16)) } }
        return nibbles.joined(separator: ".") + ".ip6.arpa"
    }

    /// True for a unicast address outside 10/8, 172.16/12, 192.168/16, 127/8,
    /// 169.254/16, 0/8, fc00::/7, fe80::/10 and ::/120 (unspecified, loopback).
    public var isOutsidePrivateRanges: Bool {
        if isV4 {
            let a = v4
            switch (a >> 24, a >> 16 & 255) {
            case (10, _), (127, _), (0, _), (169, 254), (192, 168): return false
            case (172, 16 ... 31): return false
            default: return true
            }
        }
        if hi >> 57 == 0x7e || hi >> 54 == 0x3fa { return false }   // fc00::/7, fe80::/10
        return !(hi == 0 && lo >> 8 == 0)
    }
}
