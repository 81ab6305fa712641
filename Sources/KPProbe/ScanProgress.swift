/// Where a running scan is: phase `index` of `count`, probes sent in it, and how
/// many it was expected to send (0 when the phase cannot know in advance).
public struct ScanProgress: Sendable, Equatable {
    public var phase: String
    public var index: Int
    public var count: Int
    public var sent: Int
    public var planned: Int

    /// The share of the whole scan done: finished phases plus the part of this one.
    public var fraction: Double {
        guard count > 0 else { return 0 }
        let inPhase = planned > 0 ? min(1, Double(sent) / Double(planned)) : 0
        return (Double(index - 1) + inPhase) / Double(count)
    }

    /// `phase 2/6 ports  1200/4000 probes`.
    public var label: String {
        let probes = planned > 0 ? "\(sent)/\(planned) probes" : "\(sent) probes"
        return "phase \(index)/\(count) \(phase)  \(probes)"
    }
}
