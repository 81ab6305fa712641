import KPAirgap
import KPCapture
import KPCensus
import KPFingerprint
import KPModel

/// What `analyze` produced from its inputs.
public struct AnalyzeResult {
    public var inventory: Inventory
    public var observations: [Observation]
    /// Files cut inside a record (complete packets kept), in input order.
    public var warnings: [String]
    /// Files that stopped at an unreadable record, in input order.
    public var errors: [String]
}

/// How far a session has got, for a progress bar.
public struct AnalyzeProgress: Sendable {
    public var packets: Int
    /// Bytes of the inputs read so far and in all (nil when an input is standard input).
    public var bytesRead: Int64
    public var bytesTotal: Int64?
}

/// `analyze`: capture files into one census (and, when given, the passive air-gap
/// checks in the same pass).
public struct Analyzer {
    let session: Session
    let filter: String?
    let limits: CensusLimits
    let serviceProbes: CompiledServiceProbes?

    /// Opens every input and compiles the filter; throws `CaptureError` naming the bad one.
    /// `serviceProbes`: nmap's probes compiled for the run (nil: no product/version matching).
    public init(paths: [String], filter: String?, limits: CensusLimits = CensusLimits(), serviceProbes: CompiledServiceProbes? = nil) throws {
        session = try Session.open(paths: paths, filter: filter)
        self.filter = filter
        self.limits = limits
        self.serviceProbes = serviceProbes
    }

    /// Reads every input in order; `progress` is called every 65536 packets. `airgap`
    /// sees the same packets as the census (finish it afterwards for its findings).
    public func run(airgap: PassiveSink? = nil, progress: ((AnalyzeProgress) -> Void)? = nil) -> AnalyzeResult {
        let census = Census(limits: limits, filter: filter, serviceProbes: serviceProbes)
        let ends = session.run(census: census, airgap: airgap, progress: progress)
        let inventory = census.finish()
        return AnalyzeResult(inventory: inventory, observations: census.observations(), warnings: ends.warnings, errors: ends.errors)
    }
}
