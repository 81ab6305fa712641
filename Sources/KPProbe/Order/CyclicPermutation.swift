import KPWire

/// A walk over 0..<count in an order fixed by a seed, as zmap walks its address space:
/// the multiplicative group modulo the smallest prime p > count is cyclic, so the
/// powers of a primitive root g visit every value 1..<p exactly once; values above
/// `count` are skipped. Shard i of n takes the walk's steps k with k % n == i, so n
/// scanners with the same seed split the space with no overlap and no gap, each
/// spreading its probes over the whole space. Memory is constant for any count.
public struct CyclicPermutation: Sequence, Sendable {
    public let count: UInt64
    let prime: UInt64
    let generator: UInt64
    /// The walk's first element (a power of g chosen by the seed).
    let start: UInt64
    let shard: UInt64
    let shards: UInt64

    /// `shard` counts from 0; `count` up to 2^40 (every IPv4 address times every port fits).
    public init(count: UInt64, seed: UInt64, shard: UInt64 = 0, of shards: UInt64 = 1) {
        precondition(count <= 1 << 40 && shards >= 1 && shard < shards)
        self.count = count
        self.shard = shard
        self.shards = shards
        prime = CyclicPermutation.nextPrime(after: Swift.max(count, 2))
        var mix = SplitMix64(seed: seed)
        let factors = CyclicPermutation.primeFactors(prime - 1)
        var g: UInt64 = 2 + mix.next() % (prime - 2)
        while !CyclicPermutation.isPrimitiveRoot(g, prime: prime, factors: factors) {
            g = g + 1 < prime ? g + 1 : 2
        }
        generator = g
        start = CyclicPermutation.power(g, 1 + mix.next() % (prime - 1), prime)
    }

    public func makeIterator() -> Iterator { Iterator(p: self) }

    /// Yields indices in 0..<count.
    public struct Iterator: IteratorProtocol {
        let p: CyclicPermutation
        var current: UInt64
        var step: UInt64 = 0
        init(p: CyclicPermutation) {
            self.p = p
            current = p.start
        }

        public mutating func next() -> UInt64? {
            // The group has p - 1 elements; after that the walk is back at its start.
            while step < p.prime - 1 {
                let value = current, k = step
                current = CyclicPermutation.multiply(current, p.generator, p.prime)
                step += 1
                if k % p.shards == p.shard && value <= p.count { return value - 1 }
            }
            return nil
        }
    }

    static func multiply(_ a: UInt64, _ b: UInt64, _ m: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return m.dividingFullWidth((high, low)).remainder
    }

    static func power(_ base: UInt64, _ exponent: UInt64, _ m: UInt64) -> UInt64 {
        var (result, b, e) = (UInt64(1), base % m, exponent)
        while e > 0 {
            if e & 1 == 1 { result = multiply(result, b, m) }
            b = multiply(b, b, m)
            e >>= 1
        }
        return result
    }

    static func isPrime(_ n: UInt64) -> Bool {
        if n < 4 { return n >= 2 }
        if n % 2 == 0 { return false }
        var d: UInt64 = 3
        while d * d <= n {
            if n % d == 0 { return false }
            d += 2
        }
        return true
    }

    static func nextPrime(after n: UInt64) -> UInt64 {
        var c = n + 1
        while !isPrime(c) { c += 1 }
        return c
    }

    static func primeFactors(_ n: UInt64) -> [UInt64] {
        var (rest, out, d) = (n, [UInt64](), UInt64(2))
        while d * d <= rest {
            if rest % d == 0 {
                out.append(d)
                while rest % d == 0 { rest /= d }
            }
            d += 1
        }
        if rest > 1 { out.append(rest) }
        return out
    }

    /// g generates the whole group iff g^((p-1)/q) ≠ 1 for every prime q dividing p - 1.
    static func isPrimitiveRoot(_ g: UInt64, prime: UInt64, factors: [UInt64]) -> Bool {
        factors.allSatisfy { power(g, (prime - 1) / $0, prime) != 1 }
    }
}
