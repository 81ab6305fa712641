import Foundation

/// Log-linear capture–recapture models (Fienberg 1972; Cormack 1989): the counts
/// of the 2^K − 1 observed capture histories are Poisson with
/// log μ(ω) = u + Σ_j u_j ω_j [+ γ · C(s(ω), 2)], fitted by iteratively reweighted
/// least squares; the unseen cell is exp(u).
/// - "loglinear-Mt": occasions differ in catch (main effects only, independence).
/// - "loglinear-Mth": plus a homogeneous two-factor interaction γ (Darroch et al.
///   1993, Agresti 1994), the log-linear form of heterogeneous catchability.
/// Variance of N: Var(f0) ≈ f0 + f0² Var(u) (Cormack 1989); log-normal interval.
public enum LogLinear {
    public enum Model: String, CaseIterable, Sendable {
        case mt = "loglinear-Mt"
        case mth = "loglinear-Mth"
    }

    public static func fit(_ h: CaptureHistories, model: Model) -> PopulationEstimate? {
        let k = h.occasions
        let p = k + 1 + (model == .mth ? 1 : 0)
        // The design matrix row-major, one row per capture history, and the normal
        // equations in flat arrays: with nested arrays every update paid a uniqueness
        // and two bounds checks, and this loop was a tenth of a long capture's analysis.
        // The arithmetic is term for term the textbook one, so results are unchanged.
        let n = (1 << k) - 1
        var design: [Double] = []
        design.reserveCapacity(n * p)
        for m in 1 ..< (1 << k) {
            design.append(1)
            for j in 0 ..< k { design.append(m & (1 << j) != 0 ? 1 : 0) }
            if model == .mth {
                let s = Double(m.nonzeroBitCount)
                design.append(s * (s - 1) / 2)
            }
        }
        let y = (1 ..< (1 << k)).map { Double(h.cells[$0]) }
        guard y.reduce(0, +) > 0, n >= p else { return nil }
        var mu = y.map { $0 + 0.5 }
        var beta = [Double](repeating: 0, count: p)
        var info = [[Double]]()
        for _ in 0 ..< 50 {
            // Weighted least squares on the working response z = η + (y − μ)/μ, weights μ.
            var a = [Double](repeating: 0, count: p * p)
            var b = [Double](repeating: 0, count: p)
            design.withUnsafeBufferPointer { x in
                a.withUnsafeMutableBufferPointer { a in
                    b.withUnsafeMutableBufferPointer { b in
                        var ones = [Int](repeating: 0, count: p)
                        for i in 0 ..< n {
                            let z = log(mu[i]) + (y[i] - mu[i]) / mu[i]
                            let row = i * p
                            guard mu[i].isFinite, z.isFinite else {
                                for r in 0 ..< p {
                                    b[r] += mu[i] * x[row + r] * z
                                    for c in r ..< p { a[r * p + c] += mu[i] * x[row + r] * x[row + c] }
                                }
                                continue
                            }
                            // With μ and z finite a term with a zero x is ±0, and adding ±0
                            // to these sums (never −0) changes no bit: only nonzero columns.
                            var count = 0
                            for r in 0 ..< p where x[row + r] != 0 {
                                ones[count] = r
                                count += 1
                            }
                            for u in 0 ..< count {
                                let r = ones[u]
                                b[r] += mu[i] * x[row + r] * z
                                for v in u ..< count {
                                    let c = ones[v]
                                    a[r * p + c] += mu[i] * x[row + r] * x[row + c]
                                }
                            }
                        }
                    }
                }
            }
            // The lower triangle is the upper one: a term μ·x_r·x_c is the same rounded
            // product in either order, as every column but at most one holds only 0 and 1.
            let matrix = (0 ..< p).map { r in (0 ..< p).map { c in c >= r ? a[r * p + c] : a[c * p + r] } }
            guard let next = solve(matrix, b) else { return nil }
            info = matrix
            let change = zip(next, beta).map { abs($0 - $1) }.max() ?? 0
            beta = next
            for i in 0 ..< n {
                var eta = 0.0
                for j in 0 ..< p { eta += design[i * p + j] * beta[j] }
                mu[i] = exp(min(eta, 700))
            }
            if change < 1e-10 { break }
        }
        guard let inverse = invert(info) else { return nil }
        let f0 = exp(beta[0])
        guard f0.isFinite else { return nil }
        var logL = 0.0
        for i in y.indices { logL += y[i] * log(mu[i]) - mu[i] - lgamma(y[i] + 1) }
        let s = y.reduce(0, +)
        let v = f0 + f0 * f0 * inverse[0][0]
        let (lo, hi) = PopulationEstimate.logNormal(observed: s, unseen: f0, variance: v)
        return PopulationEstimate(method: model.rawValue, estimate: s + f0, lo: lo, hi: hi, aic: 2 * Double(p) - 2 * logL)
    }

    /// Gaussian elimination with partial pivoting; nil when singular.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var m = a
        var v = b
        let n = v.count
        for col in 0 ..< n {
            guard let piv = (col ..< n).max(by: { abs(m[$0][col]) < abs(m[$1][col]) }), abs(m[piv][col]) > 1e-12 else { return nil }
            m.swapAt(col, piv)
            v.swapAt(col, piv)
            for r in col + 1 ..< n {
                let f = m[r][col] / m[col][col]
                if f == 0 { continue }
                for c in col ..< n { m[r][c] -= f * m[col][c] }
                v[r] -= f * v[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = v[r]
            for c in r + 1 ..< n { s -= m[r][c] * x[c] }
            x[r] = s / m[r][r]
        }
        return x
    }

    static func invert(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        var cols: [[Double]] = []
        for j in 0 ..< n {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            guard let c = solve(a, e) else { return nil }
            cols.append(c)
        }
        return (0 ..< n).map { i in (0 ..< n).map { j in cols[j][i] } }
    }
}
