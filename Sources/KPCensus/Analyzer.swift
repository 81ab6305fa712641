import KPCapture
import KPModel
import KPWire

/// What `analyze` produced from its inputs.
public struct AnalyzeResult {
    public var inventory: Inventory
    public var observations: [Observation]
    /// Files cut inside a record (complete packets kept), in input order.
    public var warnings: [String]
    /// Files that stopped at an unreadable record, in input order.
    public var errors: [String]
}

/// How far `Analyzer.run` has got, for a progress bar.
public struct AnalyzeProgress: Sendable {
    public var packets: Int
    /// Bytes of the inputs read so far and in all (nil when an input is standard input).
    public var bytesRead: Int64
    public var bytesTotal: Int64?
}

/// Reads capture files into one census: every file is opened (and the filter
/// compiled) before any packet is read, so bad arguments fail before work starts.
public struct Analyzer {
    let readers: [CaptureFileReader]
    let filter: String?
    let limits: CensusLimits

    /// Opens every input and compiles the filter; throws `CaptureError` naming the bad one.
    public init(paths: [String], filter: String?, limits: CensusLimits = CensusLimits()) throws {
        if paths.filter({ $0 == "-" }).count > 1 { throw CaptureError("'-' (standard input) can be given only once") }
        readers = try paths.map { try CaptureFileReader(path: $0, filter: filter) }
        self.filter = filter
        self.limits = limits
    }

    /// Reads every input in order; `progress` is called every 65536 packets.
    public func run(progress: ((AnalyzeProgress) -> Void)? = nil) -> AnalyzeResult {
        let census = Census(limits: limits, filter: filter)
        let sizes = readers.map(\.size)
        let total: Int64? = sizes.contains(nil) ? nil : sizes.reduce(0) { $0 + $1! }
        var done: Int64 = 0
        var warnings: [String] = []
        var errors: [String] = []
        for (n, reader) in readers.enumerated() {
            let report = progress.map { progress in
                { progress(AnalyzeProgress(packets: census.packets, bytesRead: done + reader.position, bytesTotal: total)) }
            }
            let end = reader.read(fileIndex: n, into: census, progressInterval: 0x10000, progress: report)
            done += sizes[n] ?? 0
            census.addInput(path: reader.path, format: reader.format, linkType: reader.linkType,
                            packets: reader.packetsRead, end: end)
            if let w = census.inputFiles.last?.warning {
                if case .corrupt = end { errors.append("\(reader.path): \(w)") } else { warnings.append("\(reader.path): \(w)") }
            }
        }
        let inventory = census.finish()
        return AnalyzeResult(inventory: inventory, observations: census.observations(), warnings: warnings, errors: errors)
    }
}
