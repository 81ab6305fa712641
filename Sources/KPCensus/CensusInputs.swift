import KPCapture

/// What `analyze` produced from its inputs.
public struct AnalyzeResult {
    public var inventory: Inventory
    public var observations: [Observation]
    /// Files cut inside a record (complete packets kept), in input order.
    public var warnings: [String]
    /// Files that stopped at an unreadable record, in input order.
    public var errors: [String]

    public init(inventory: Inventory, observations: [Observation], warnings: [String], errors: [String]) {
        self.inventory = inventory
        self.observations = observations
        self.warnings = warnings
        self.errors = errors
    }
}

/// How far a session has got, for a progress bar.
public struct AnalyzeProgress: Sendable {
    public var packets: Int
    /// Bytes of the inputs read so far and in all (nil when an input is standard input).
    public var bytesRead: Int64
    public var bytesTotal: Int64?

    public init(packets: Int, bytesRead: Int64, bytesTotal: Int64?) {
        self.packets = packets
        self.bytesRead = bytesRead
        self.bytesTotal = bytesTotal
    }
}

extension Census {
    /// Notes that the capture file of `reader` ended as `end`; returns what the user
    /// is told about it: a warning (a cut file), an error (a corrupt one), or nil.
    public func endInput(_ reader: CaptureFileReader, end: ReadEnd) -> (line: String, isError: Bool)? {
        addInput(path: reader.path, format: reader.format, linkType: reader.linkType, packets: reader.packetsRead, end: end)
        guard let w = inputFiles.last?.warning else { return nil }
        if case .corrupt = end { return ("\(reader.path): \(w)", true) }
        return ("\(reader.path): \(w)", false)
    }
}
