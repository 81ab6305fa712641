import Foundation

/// Chapman's (1951) nearly unbiased form of the Lincoln–Petersen estimator for
/// two occasions: N = (n1 + 1)(n2 + 1) / (m + 1) − 1, with Seber's (1970)
/// variance and a normal 95 % interval (bounded below by the individuals seen).
public enum Chapman {
    /// n1, n2: seen on the first and second occasion; m: seen on both.
    public static func estimate(n1: Int, n2: Int, m: Int) -> PopulationEstimate? {
        guard n1 >= 0, n2 >= 0, m >= 0, m <= min(n1, n2), n1 + n2 > 0 else { return nil }
        let a = Double(n1), b = Double(n2), c = Double(m)
        let n = (a + 1) * (b + 1) / (c + 1) - 1
        let v = (a + 1) * (b + 1) * (a - c) * (b - c) / ((c + 1) * (c + 1) * (c + 2))
        let seen = a + b - c
        let half = 1.96 * v.squareRoot()
        return PopulationEstimate(method: "chapman", estimate: n, lo: max(seen, n - half), hi: n + half)
    }
}
