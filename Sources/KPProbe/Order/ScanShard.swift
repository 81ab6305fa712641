import KPWire

/// `--shard I/N --seed S`: this scanner's part of the (address, port) space. Every
/// shard of one scan walks the same seeded cyclic permutation (CyclicPermutation)
/// and takes every N-th step, so the shards' union is the unsharded scan.
public struct ScanShard: Equatable, Sendable {
    /// Counts from 1, as the option is written.
    public let index: Int
    public let count: Int
    public let seed: UInt64

    /// Parses "I/N" (1 ≤ I ≤ N ≤ 65536).
    public init(_ text: String, seed: UInt64) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), (1 ... 65536).contains(n), (1 ... n).contains(i) else {
            throw ScanError("--shard \(text): give I/N with 1 ≤ I ≤ N ≤ 65536, e.g. --shard 2/4 (the same --seed on every shard)")
        }
        (index, count, self.seed) = (i, n, seed)
    }

    /// The shard's (address, port) pairs, in its walk order; pair k of the port-major
    /// list is port k / addresses, address k % addresses.
    func targets(addresses: [IPAddress], ports: [UInt16]) -> [ProbeTarget] {
        let total = UInt64(addresses.count) * UInt64(ports.count)
        let walk = CyclicPermutation(count: total, seed: seed, shard: UInt64(index - 1), of: UInt64(count))
        let n = UInt64(addresses.count)
        return walk.map { k in ProbeTarget(addr: addresses[Int(k % n)], port: ports[Int(k / n)]) }
    }
}
