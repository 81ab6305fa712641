import Foundation
import KPWire

/// The statistics of K-occasion incidence data that the nonparametric Mh/Mth
/// estimators need: individuals seen (S), the capture frequencies f_k and the
/// catch of each occasion n_j.
public struct IncidenceSummary: Equatable, Sendable {
    public var occasions: Int
    /// f[k]: individuals seen on exactly k occasions (f[0] = 0).
    public var f: [Int]
    /// n[j]: individuals seen on occasion j.
    public var n: [Int]

    public init(occasions: Int, f: [Int], n: [Int]) {
        self.occasions = occasions
        self.f = f
        self.n = n
    }

    public init(_ h: CaptureHistories) {
        occasions = h.occasions
        f = h.frequencies
        n = Array(repeating: 0, count: h.occasions)
        for (mask, c) in h.cells.enumerated() where c > 0 {
            for j in 0 ..< h.occasions where mask & (1 << j) != 0 { n[j] += c }
        }
    }

    public var observed: Int { f.dropFirst().reduce(0, +) }
    func q(_ k: Int) -> Double { k < f.count ? Double(f[k]) : 0 }
}

/// Nonparametric estimators for heterogeneous catchability (model Mh, and Mth
/// when occasions also differ), and their model average.
///
/// - "chao-Mh": Chao's (1987) lower bound, S + (K−1)/K · f1²/2f2 (ChaoMh).
/// - "ichao2": the improved lower bound of Chiu, Wang, Walther & Chao (2014), which
///   adds (K−3)/4K · f3/f4 · max(f1 − (K−3)/2(K−1) · f2 f3/f4, 0) from f3 and f4.
/// - "jackknife-1", "jackknife-2": Burnham & Overton (1978, 1979):
///   S + (K−1)/K f1 and S + (2K−3)/K f1 − (K−2)²/(K(K−1)) f2.
/// - "coverage-Mth": the sample coverage estimator of Chao, Lee & Jeng (1992):
///   Ĉ = 1 − f1 / Σ k f_k, γ̂² = max(S/Ĉ · Σ k(k−1) f_k / Σ_{j≠l} n_j n_l − 1, 0),
///   N = S/Ĉ + f1/Ĉ · γ̂² (γ̂² estimates the squared CV of the catchabilities).
/// - "coverage-Mth1": the same with Lee & Chao's (1994) one-step bias correction
///   γ̃² = γ̂² (1 + f1/Ĉ · Σ k(k−1) f_k / Σ_{j≠l} n_j n_l), for high heterogeneity.
///
/// The lower bounds are low and the coverage and jackknife estimators often high
/// when catchability is very uneven; none is right for every shape of it. The
/// census reports their equal-weight average, whose variance (Buckland, Burnham &
/// Augustin 1997) adds the spread between the estimators to each one's sampling
/// variance: Var = (Σ w_m √(Var_m + (N_m − N̄)²))². Sampling variances come from a
/// bootstrap of the capture histories (Chao et al.: the N̄ individuals, the unseen
/// ones with empty histories, resampled with replacement), with a fixed seed.
public enum Heterogeneity {
    public static let bootstrapReplicates = 200
    static let seed: UInt64 = 0x6b70_6365_6e73_7573   // "kpcensus"

    public static func chao2(_ s: IncidenceSummary) -> Double? {
        ChaoMh.estimate(frequencies: s.f, occasions: s.occasions)?.estimate
    }

    public static func iChao2(_ s: IncidenceSummary) -> Double? {
        // With fewer than four occasions f3 or f4 is missing and the correction is zero.
        guard let base = chao2(s) else { return nil }
        let k = Double(s.occasions)
        let f1 = s.q(1), f2 = s.q(2), f3 = s.q(3), f4 = max(s.q(4), 1)
        return base + (k - 3) / (4 * k) * f3 / f4 * max(f1 - (k - 3) / (2 * (k - 1)) * f2 * f3 / f4, 0)
    }

    public static func jackknife(_ s: IncidenceSummary, order: Int) -> Double? {
        let obs = Double(s.observed)
        guard obs > 0, s.occasions >= 2 else { return nil }
        let k = Double(s.occasions)
        if order == 1 { return obs + (k - 1) / k * s.q(1) }
        guard s.occasions >= 3 else { return nil }
        return obs + (2 * k - 3) / k * s.q(1) - (k - 2) * (k - 2) / (k * (k - 1)) * s.q(2)
    }

    public static func sampleCoverage(_ s: IncidenceSummary, corrected: Bool) -> Double? {
        let obs = Double(s.observed)
        var captures = 0.0, pairs = 0.0
        for (k, c) in s.f.enumerated() {
            captures += Double(k * c)
            pairs += Double(k * (k - 1) * c)
        }
        let total = s.n.reduce(0.0) { $0 + Double($1) }
        let cross = total * total - s.n.reduce(0.0) { $0 + Double($1) * Double($1) }
        let f1 = s.q(1)
        guard obs > 0, captures > f1, cross > 0 else { return nil }
        let c = 1 - f1 / captures
        var g2 = max(obs / c * pairs / cross - 1, 0)
        if corrected { g2 = max(g2 * (1 + f1 / c * pairs / cross), 0) }
        return obs / c + f1 / c * g2
    }

    /// The estimators averaged, by name.
    public static let members: [(String, @Sendable (IncidenceSummary) -> Double?)] = [
        ("chao-Mh", { chao2($0) }), ("ichao2", { iChao2($0) }),
        ("jackknife-1", { jackknife($0, order: 1) }), ("jackknife-2", { jackknife($0, order: 2) }),
        ("coverage-Mth", { sampleCoverage($0, corrected: false) }), ("coverage-Mth1", { sampleCoverage($0, corrected: true) }),
    ]

    /// Each member's estimate and bootstrap interval, and their average ("mh-average")
    /// over the members that have an estimate (the second-order jackknife needs three
    /// occasions); nil without recaptures (f2 and above all zero).
    public static func estimate(_ h: CaptureHistories) -> (average: PopulationEstimate, members: [PopulationEstimate])? {
        let summary = IncidenceSummary(h)
        let obs = Double(summary.observed)
        guard obs > 0, summary.f.dropFirst(2).reduce(0, +) > 0 else { return nil }
        var used: [(name: String, estimator: @Sendable (IncidenceSummary) -> Double?)] = []
        var point: [Double] = []
        for (name, m) in members {
            guard let v = m(summary), v.isFinite else { continue }
            used.append((name, m))
            point.append(max(v, obs))
        }
        guard !point.isEmpty else { return nil }
        let mean = point.reduce(0, +) / Double(point.count)
        let variances = bootstrapVariances(h, population: mean, estimators: used.map(\.estimator))
        var spread = 0.0
        var out: [PopulationEstimate] = []
        for (i, m) in used.enumerated() {
            let v = variances[i]
            spread += (v + (point[i] - mean) * (point[i] - mean)).squareRoot() / Double(point.count)
            let (lo, hi) = PopulationEstimate.logNormal(observed: obs, unseen: point[i] - obs, variance: v)
            out.append(PopulationEstimate(method: m.name, estimate: point[i], lo: lo, hi: hi))
        }
        let (lo, hi) = PopulationEstimate.logNormal(observed: obs, unseen: mean - obs, variance: spread * spread)
        return (PopulationEstimate(method: "mh-average", estimate: mean, lo: lo, hi: hi), out)
    }

    /// Bootstrap variance of each estimator: the N̂ = `population` individuals (the seen
    /// histories and N̂ − S empty ones) resampled with replacement, `bootstrapReplicates`
    /// times, from a fixed seed (same data, same answer). Replicates where an estimator
    /// has no answer are left out.
    static func bootstrapVariances(_ h: CaptureHistories, population: Double,
                                   estimators: [@Sendable (IncidenceSummary) -> Double?]) -> [Double] {
        var masks: [Int] = []
        masks.reserveCapacity(h.observed)
        for (mask, c) in h.cells.enumerated() where c > 0 { masks += repeatElement(mask, count: c) }
        let total = max(Int(population.rounded()), masks.count)
        var rng = SplitMix64(seed: seed ^ UInt64(masks.count) &* 0x9e37_79b9_7f4a_7c15 ^ UInt64(total))
        var sums = [Double](repeating: 0, count: estimators.count)
        var squares = sums
        var used = 0
        // A draw only counts its history; f and n are summed per distinct history
        // afterwards (the same integers, without a pass over the occasions per draw).
        let seen = h.cells.indices.filter { h.cells[$0] > 0 }
        var drawn = [Int](repeating: 0, count: h.cells.count)
        for _ in 0 ..< bootstrapReplicates {
            for m in seen { drawn[m] = 0 }
            for _ in 0 ..< total {
                let i = rng.below(total)
                guard i < masks.count else { continue }
                drawn[masks[i]] += 1
            }
            var f = [Int](repeating: 0, count: h.occasions + 1)
            var n = [Int](repeating: 0, count: h.occasions)
            for m in seen where drawn[m] > 0 {
                let c = drawn[m]
                f[m.nonzeroBitCount] += c
                for j in 0 ..< h.occasions where m & (1 << j) != 0 { n[j] += c }
            }
            f[0] = 0
            let s = IncidenceSummary(occasions: h.occasions, f: f, n: n)
            let values = estimators.map { $0(s) }
            guard values.allSatisfy({ $0 != nil && $0!.isFinite }) else { continue }
            used += 1
            for (i, v) in values.enumerated() {
                let x = max(v!, Double(s.observed))
                sums[i] += x
                squares[i] += x * x
            }
        }
        guard used > 1 else { return sums.map { _ in 0 } }
        let b = Double(used)
        return zip(sums, squares).map { max(($1 - $0 * $0 / b) / (b - 1), 0) }
    }
}
