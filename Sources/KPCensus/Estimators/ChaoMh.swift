import Foundation

/// Chao's (1987) estimator for model Mh (catchability differs between individuals):
/// a lower bound from the individuals seen once (f1) and twice (f2). With K
/// occasions of incidence data the bias-corrected form (Chao 2005, "Chao2") is
/// N = S + (K−1)/K · f1² / (2 f2), or (K−1)/K · f1 (f1 − 1) / 2 when f2 = 0.
/// Variance from Chao (1987); log-normal 95 % interval.
public enum ChaoMh {
    /// The estimate from capture frequencies f (f[k] = seen on exactly k of `occasions`).
    public static func estimate(frequencies f: [Int], occasions k: Int) -> PopulationEstimate? {
        guard f.count >= 3, k >= 2 else { return nil }
        let s = Double(f.dropFirst().reduce(0, +))
        guard s > 0 else { return nil }
        let f1 = Double(f[1]), f2 = Double(f[2])
        let a = Double(k - 1) / Double(k)
        let t: Double, v: Double
        if f2 > 0 {
            t = a * f1 * f1 / (2 * f2)
            let r = f1 / f2
            v = f2 * (a / 2 * r * r + a * a * r * r * r + a * a / 4 * r * r * r * r)
        } else {
            t = a * f1 * (f1 - 1) / 2
            v = a * f1 * (f1 - 1) / 2 + a * a * f1 * pow(2 * f1 - 1, 2) / 4 - a * a * pow(f1, 4) / (4 * max(t + s, 1))
        }
        let (lo, hi) = PopulationEstimate.logNormal(observed: s, unseen: t, variance: max(v, 0))
        return PopulationEstimate(method: "chao-Mh", estimate: s + t, lo: lo, hi: hi)
    }

    /// Chao's (1984, 1987) original form S + f1² / (2 f2), without the (K−1)/K factor.
    public static func classic(observed s: Int, f1: Int, f2: Int) -> Double? {
        guard f2 > 0 else { return nil }
        return Double(s) + Double(f1 * f1) / Double(2 * f2)
    }
}
