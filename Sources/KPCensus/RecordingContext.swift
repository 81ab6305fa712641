import KPWire

/// What the census and its protocol recorders share while packets are read: the
/// limits, the packet being read (for first sightings), the anomaly counts and the
/// estimators' evidence. One instance per census, held by it and by every recorder.
final class RecordingContext {
    let limits: CensusLimits
    /// The packet being ingested, for observations.
    var current = PacketSource(file: 0, packet: 0, timestamp: 0)
    var anomalies: [AnomalyCode: Int] = [:]
    // Estimator evidence (Estimators/): device clues per client address, site sightings over time
    let deviceEvidence = DeviceTracker(maxAddresses: 1_000_000)
    let sightings = SiteSightings(maxNames: 1_000_000)

    init(limits: CensusLimits) { self.limits = limits }

    func count(_ code: AnomalyCode) { anomalies[code, default: 0] += 1 }
}
