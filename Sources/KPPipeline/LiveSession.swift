import KPCapture
import KPCensus

/// `capture`: a live interface (optionally in another network namespace) into the
/// census, every packet optionally written to a pcap file by the capture itself
/// (flushed after each buffer, so a killed run leaves a readable file).
public final class LiveSession {
    let capture: LiveCapture
    /// The input as the inventory names it: `NETNS:IFACE`, or `IFACE`.
    public let source: String
    /// Where the interface is, for messages.
    public let place: String

    /// Enters `netns` (this thread, which must be the one that calls `run`), opens the
    /// interface and the pcap to write; throws `CaptureError` (exit 3 for the environment).
    public init(interface: String, netns: String?, snaplen: Int, filter: String?, write: String?) throws {
        if let netns { try LiveCapture.enterNetns(netns) }
        place = netns.map { "network namespace \($0)" } ?? "this machine's network namespace"
        capture = try LiveCapture(interface: interface, place: place, snaplen: snaplen, filter: filter)
        if let write { try capture.write(to: write) }
        source = (netns.map { "\($0):" } ?? "") + interface
    }

    /// Asks `run` to stop (safe from another thread or a signal handler's queue).
    public func stop() { capture.stop() }

    /// What a live session produced.
    public struct Result {
        public var inventory: Inventory
        public var observations: [Observation]
        public var stats: LiveCapture.Stats
        /// What went wrong when the interface failed (exit 3), else nil.
        public var failure: CaptureError?
    }

    /// Captures into `census` until `stop()`, `count` packets or `duration` seconds;
    /// `progress` gets the packet count every 65536 packets.
    public func run(census: Census, count: Int?, duration: Double?, progress: @escaping (Int) -> Void) -> Result {
        var seen = 0
        let failure = capture.run(count: count, duration: duration) { packet in
            census.ingest(packet)
            seen += 1
            if seen & 0xffff == 0 { progress(seen) }
        }
        let stats = capture.stats()
        census.addInput(path: source, format: "live", linkType: capture.linkType, packets: capture.packetsRead, end: .complete)
        return Result(inventory: census.finish(), observations: census.observations(), stats: stats,
                      failure: failure.map { CaptureError($0, exitCode: 3) })
    }
}
