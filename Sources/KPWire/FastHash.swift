/// A fast 64-bit mix for the census's hash map keys (addresses, flows, services, DNS names):
/// multiply-xorshift rounds in the manner of wyhash/murmur finalizers. Swift's
/// Dictionary seeds it per process, so crafted collisions do not carry across runs.
public enum FastHash {
    @inlinable public static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var h = (a ^ 0x9e37_79b9_7f4a_7c15) &* 0xbf58_476d_1ce4_e5b9
        h ^= h >> 31
        h = (h ^ b) &* 0x94d0_49bb_1331_11eb
        h ^= h >> 29
        h = h &* 0xff51_afd7_ed55_8ccd
        return h ^ (h >> 32)
    }
}

/// A hash map key hashed with `FastHash` instead of SipHash: it gives `fastHash(seed:)`,
/// and Dictionary and Set reach it through these two witnesses (the seed they pass is
/// per process; `hash(into:)`, for other hashers, uses 0).
public protocol FastHashable: Hashable {
    func fastHash(seed: UInt64) -> UInt64
}

extension FastHashable {
    @inlinable public func hash(into hasher: inout Hasher) {
        hasher.combine(fastHash(seed: 0))
    }

    @inlinable public func _rawHashValue(seed: Int) -> Int {
        Int(truncatingIfNeeded: fastHash(seed: UInt64(UInt(bitPattern: seed))))
    }
}
