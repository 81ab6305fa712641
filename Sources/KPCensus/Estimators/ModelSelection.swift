import Foundation

/// The estimate the census reports for a population (sites, users): every
/// candidate model, the one chosen, and why — or why there is no estimate.
public struct SelectedEstimate: Equatable, Sendable {
    public var observed: Int
    public var chosen: PopulationEstimate?
    /// Why this model was chosen, or why there is no estimate.
    public var reason: String
    public var candidates: [PopulationEstimate]
    public var occasions: Int
}

/// Chooses among Chapman, log-linear Mt/Mth and the heterogeneity (Mh/Mth) estimators
/// for K capture occasions.
public enum ModelSelection {
    /// Heterogeneity counts as shown when Mth beats Mt by this much AIC.
    static let aicMargin = 2.0

    public static func select(_ h: CaptureHistories, what: String) -> SelectedEstimate {
        let s = h.observed
        let f = h.frequencies
        var out = SelectedEstimate(observed: s, chosen: nil, reason: "", candidates: [], occasions: h.occasions)
        guard s > 0 else {
            out.reason = "no \(what) seen"
            return out
        }
        guard f.count > 2, f[2...].reduce(0, +) > 0 else {
            out.reason = "no \(what) seen in two of the \(h.occasions) time windows: without recaptures the total cannot be estimated"
            return out
        }
        let half = h.occasions / 2
        let lowMask = (1 << half) - 1
        var n1 = 0, n2 = 0, m = 0
        for (mask, n) in h.cells.enumerated() where n > 0 {
            let a = mask & lowMask != 0, b = mask & ~lowMask != 0
            if a { n1 += n }
            if b { n2 += n }
            if a && b { m += n }
        }
        if let c = Chapman.estimate(n1: n1, n2: n2, m: m) { out.candidates.append(c) }
        let mt = LogLinear.fit(h, model: .mt)
        let mth = LogLinear.fit(h, model: .mth)
        out.candidates += [mt, mth].compactMap { $0 }
        let mh = Heterogeneity.estimate(h)
        if let mh { out.candidates += mh.members + [mh.average] }
        guard let mh else {
            out.reason = "too few recaptures for the heterogeneity estimators"
            return out
        }
        if let mt, let mth, let a0 = mt.aic, let a1 = mth.aic {
            if a1 < a0 - aicMargin {
                out.chosen = mh.average
                out.reason = String(format: "catchability differs between %@ (log-linear Mth fits better than Mt: AIC %.1f vs %.1f), so the average of the heterogeneity estimators (Chao's and the improved lower bound, jackknives of order 1 and 2, sample coverage Mth and Mth-1) is used; its interval carries their spread and a bootstrap of %d replicates", what, a1, a0, Heterogeneity.bootstrapReplicates)
            } else {
                out.chosen = mt
                out.reason = String(format: "no sign of heterogeneous catchability (AIC Mt %.1f, Mth %.1f): the log-linear model Mt over %d time windows is used", a0, a1, h.occasions)
            }
        } else {
            out.chosen = mh.average
            out.reason = "the log-linear models did not converge; the average of the heterogeneity estimators is used"
        }
        return out
    }
}
