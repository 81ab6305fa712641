/// SplitMix64 (Steele, Lea, Flood 2014; the seeding generator of xoshiro): the one
/// seeded 64-bit generator of kpcensus (the simulator, the lab's traffic plan, the
/// estimators' bootstrap, the scanner's validation cookie), so a seed gives the same
/// draws on every platform (Swift's SystemRandomNumberGenerator is not seedable, and
/// Foundation's generators differ between Linux and macOS).
@frozen
public struct SplitMix64: RandomNumberGenerator {
    @usableFromInline var state: UInt64

    @inlinable
    public init(seed: UInt64) { state = seed }

    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform integer in 0 ..< n (n > 0), by multiply-shift (Lemire), bias < n / 2^64.
    @inlinable @inline(__always)
    public mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }
}
