/// What `scan --resume FILE` keeps of a scan (schema `kpcensus.scan-resume/1`): the
/// scan it belongs to, whether host discovery finished, and how far the port scan
/// got. The later phases (a few probes per open port) are not kept: a resumed
/// scan runs them again in full.
public struct ScanResumeState: Codable, Equatable, Sendable {
    public static let currentSchema = "kpcensus.scan-resume/1"
    public var schema = ScanResumeState.currentSchema
    public var scan: ScanIdentity
    /// Host discovery (icmp) finished; the addresses that answered, sorted.
    public var hostsDone = false
    public var hostsUp: [String] = []
    public var ports = PortProgress()
    /// The whole scan ended; a resume of it probes only the later phases again.
    public var complete = false

    enum CodingKeys: String, CodingKey {
        case schema, scan, ports, complete
        case hostsDone = "hosts_done"
        case hostsUp = "hosts_up"
    }

    public init(scan: ScanIdentity) { self.scan = scan }

    public struct PortProgress: Codable, Equatable, Sendable {
        public var done = false
        /// "syn" or "connect", as the port scan ran.
        public var scan: String?
        /// The round (0 the first pass, then the retries) and the index in the port
        /// scan's target order before which every probe of that round was sent long
        /// enough ago for its reply to have come: a resume starts there.
        public var round = 0
        public var next = 0
        /// Every answer so far, sorted.
        public var answers: [PortAnswer] = []
    }

    public struct PortAnswer: Codable, Equatable, Sendable, Comparable {
        public var addr: String
        public var port: UInt16
        /// "open" or "closed".
        public var state: String
        public var ttl: UInt8

        public static func < (a: PortAnswer, b: PortAnswer) -> Bool { (a.addr, a.port) < (b.addr, b.port) }
    }
}
