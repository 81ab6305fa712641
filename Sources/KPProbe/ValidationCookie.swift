import KPWire

/// ZMap's stateless validation: the probe carries a keyed hash of what it was sent
/// to (address and port), and a reply is accepted only when it echoes that hash
/// back (a SYN-ACK acknowledges cookie + 1, a DNS answer repeats the query id, an
/// echo reply its identifier). The sender keeps nothing per probe.
public struct ValidationCookie: Sendable, Equatable {
    public let key0: UInt64
    public let key1: UInt64

    public init(key0: UInt64, key1: UInt64) { (self.key0, self.key1) = (key0, key1) }

    /// A fresh random key for one scan.
    public static func random() -> ValidationCookie {
        var g = SystemRandomNumberGenerator()
        return ValidationCookie(key0: g.next(), key1: g.next())
    }

    /// SplitMix64's output function: the first draw of a generator seeded with `z0`.
    static func mix(_ z0: UInt64) -> UInt64 {
        var g = SplitMix64(seed: z0)
        return g.next()
    }

    /// 32 keyed bits for (address, port).
    public func value(addr: UInt32, port: UInt16) -> UInt32 {
        let h = ValidationCookie.mix(ValidationCookie.mix(key0 ^ (UInt64(addr) << 16 | UInt64(port))) ^ key1)
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }

    /// 16 keyed bits (DNS ids, ICMP identifiers).
    public func value16(addr: UInt32, port: UInt16) -> UInt16 {
        let v = value(addr: addr, port: port)
        return UInt16(truncatingIfNeeded: v ^ (v >> 16))
    }

    /// The TCP source port of probes to (address, port): 32768-65535, also keyed.
    public func sourcePort(addr: UInt32, port: UInt16) -> UInt16 {
        32768 | UInt16(truncatingIfNeeded: value(addr: addr, port: port ^ 0x5a5a) & 0x7fff)
    }
}
