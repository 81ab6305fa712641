import Foundation
import KPWire

/// The simulator's draws from the shared generator: uniform, Bernoulli,
/// exponential, normal and gamma variates, and sub-streams.
extension SplitMix64 {
    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform integer in the closed range.
    public mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + below(r.upperBound - r.lowerBound + 1) }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Exponential with the given mean.
    public mutating func exponential(mean: Double) -> Double { -mean * log(1 - unit()) }

    /// Standard normal (Box–Muller; one of the pair is dropped for simplicity).
    public mutating func normal() -> Double {
        let u = 1 - unit(), v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    /// Gamma(shape, scale 1) by Marsaglia and Tsang (2000); shape < 1 by boosting.
    public mutating func gamma(shape: Double) -> Double {
        if shape < 1 { return gamma(shape: shape + 1) * pow(unit(), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat { x = normal(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = unit()
            if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// A new generator for a sub-stream, so adding draws to one part of the
    /// simulation does not shift the numbers of another.
    public mutating func fork() -> SplitMix64 { SplitMix64(seed: next()) }
}

/// Draws an index with probability proportional to its weight in O(1)
/// (Walker's alias method, Vose's construction).
public struct AliasTable {
    var prob: [Double]
    var alias: [Int]

    public init(weights: [Double]) {
        let n = weights.count
        let total = weights.reduce(0, +)
        prob = [Double](repeating: 1, count: n)
        alias = Array(0 ..< n)
        guard n > 0, total > 0 else { return }
        var scaled = weights.map { $0 * Double(n) / total }
        var small: [Int] = [], large: [Int] = []
        for (i, w) in scaled.enumerated() { if w < 1 { small.append(i) } else { large.append(i) } }
        while let s = small.popLast(), let l = large.last {
            prob[s] = scaled[s]
            alias[s] = l
            scaled[l] -= 1 - scaled[s]
            if scaled[l] < 1 { large.removeLast(); small.append(l) }
        }
    }

    public var count: Int { prob.count }

    @inline(__always)
    public func draw(_ rng: inout SplitMix64) -> Int {
        let i = rng.below(prob.count)
        return rng.unit() < prob[i] ? i : alias[i]
    }
}
