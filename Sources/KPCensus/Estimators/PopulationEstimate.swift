import Foundation

/// One estimate of a population size with its 95 % interval.
public struct PopulationEstimate: Equatable, Sendable {
    /// The method's name as reported (e.g. "chapman", "loglinear-Mt", "chao-Mh").
    public var method: String
    public var estimate: Double
    public var lo: Double
    public var hi: Double
    /// Akaike's information criterion for log-linear models (nil for the others).
    public var aic: Double?

    public init(method: String, estimate: Double, lo: Double, hi: Double, aic: Double? = nil) {
        self.method = method
        self.estimate = estimate
        self.lo = lo
        self.hi = hi
        self.aic = aic
    }

    /// Chao's (1987) log-normal interval for N = observed + T, with T the unseen
    /// part: the interval never goes below what was observed.
    static func logNormal(observed: Double, unseen t: Double, variance: Double) -> (Double, Double) {
        guard t > 0, variance > 0 else { return (observed + max(t, 0), observed + max(t, 0)) }
        let c = exp(1.96 * log(1 + variance / (t * t)).squareRoot())
        return (observed + t / c, observed + t * c)
    }
}

/// Capture histories: for each individual (site, device), the set of occasions it
/// was seen on, as a bit mask of at most 16 occasions.
public struct CaptureHistories: Equatable, Sendable {
    public let occasions: Int
    /// Individuals per history (index = bit mask; index 0 is the unseen cell, always 0).
    public var cells: [Int]

    public init(occasions: Int) {
        precondition((1 ... 16).contains(occasions))
        self.occasions = occasions
        cells = Array(repeating: 0, count: 1 << occasions)
    }

    public init(occasions: Int, masks: [Int]) {
        self.init(occasions: occasions)
        for m in masks where m != 0 { cells[m] += 1 }
    }

    /// Individuals seen at least once.
    public var observed: Int { cells.reduce(0, +) }

    /// f_k: individuals seen on exactly k occasions (index k, 0 ... occasions).
    public var frequencies: [Int] {
        var f = Array(repeating: 0, count: occasions + 1)
        for (m, n) in cells.enumerated() { f[m.nonzeroBitCount] += n }
        return f
    }
}
