import KPAirgap
import KPCapture
import KPCensus
import KPWire

/// One pass over capture files that feeds every sink asked for: the census, the
/// passive air-gap checks, or both. Every file is opened (and the filter compiled)
/// before any packet is read, so bad arguments fail before work starts.
public final class Session {
    let readers: [CaptureFileReader]
    /// Per reader: made outside the air gap (`--outside-pcap`), for the air-gap checks.
    let outside: [Bool]

    /// A session over readers opened already, in the order they are read.
    public init(readers: [CaptureFileReader], outside: [Bool]? = nil) {
        self.readers = readers
        self.outside = outside ?? readers.map { _ in false }
    }

    /// Opens every path ('-': standard input, once) with `filter`; throws `CaptureError` naming the bad one.
    public static func open(paths: [String], filter: String?) throws -> Session {
        if paths.filter({ $0 == "-" }).count > 1 { throw CaptureError("'-' (standard input) can be given only once") }
        return Session(readers: try paths.map { try CaptureFileReader(path: $0, filter: filter) })
    }

    /// What the census was told about the inputs that did not end complete.
    public struct Ends {
        public var warnings: [String] = []
        public var errors: [String] = []
    }

    /// Reads every input in order into the sinks; `progress` is called every 65536 records.
    /// With the census alone the reader hands each packet straight to `Census.ingest`,
    /// as fast as a census without a session; with the air-gap checks each packet is
    /// decoded once for both.
    @discardableResult
    public func run(census: Census?, airgap: PassiveSink? = nil, progress: ((AnalyzeProgress) -> Void)? = nil) -> Ends {
        let fanOut = airgap.map { FanOut(census: census, airgap: $0) }
        let sizes = readers.map(\.size)
        let total: Int64? = sizes.contains(nil) ? nil : sizes.reduce(0) { $0 + $1! }
        var done: Int64 = 0
        var packetsDone = 0
        var ends = Ends()
        for (n, reader) in readers.enumerated() {
            let report = progress.map { progress in
                { progress(AnalyzeProgress(packets: packetsDone + reader.packetsRead, bytesRead: done + reader.position, bytesTotal: total)) }
            }
            airgap?.begin(path: reader.path, outside: outside[n])
            let end: ReadEnd
            if let fanOut {
                end = reader.read(fileIndex: n, into: fanOut, progressInterval: 0x10000, progress: report)
            } else if let census {
                end = reader.read(fileIndex: n, into: census, progressInterval: 0x10000, progress: report)
            } else {
                end = reader.read(fileIndex: n, into: Discard(), progressInterval: 0x10000, progress: report)
            }
            airgap?.end(end)
            done += sizes[n] ?? 0
            packetsDone += reader.packetsRead
            if let said = census?.endInput(reader, end: end) {
                if said.isError { ends.errors.append(said.line) } else { ends.warnings.append(said.line) }
            }
        }
        return ends
    }
}

/// Decodes each packet once and hands the frame to the air-gap checks and the census.
final class FanOut: PacketSink {
    let census: Census?
    let airgap: PassiveSink

    init(census: Census?, airgap: PassiveSink) {
        self.census = census
        self.airgap = airgap
    }

    func ingest(_ r: PacketRecord) {
        var f = Frame()
        FrameDecoder.decode(linkType: r.linkType, bytes: r.bytes, wireLength: r.wireLength, into: &f)
        // The checks first: they take the frame as it was decoded.
        airgap.ingest(r, frame: f)
        census?.ingest(r, decoded: &f)
    }
}

/// A session with no sink still reads its files through (their ends are reported).
final class Discard: PacketSink {
    func ingest(_ r: PacketRecord) {}
}
