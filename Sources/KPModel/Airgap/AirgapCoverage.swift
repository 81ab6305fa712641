/// What the passive analysis looked at.
public struct PassiveCoverage: Codable, Equatable, Sendable {
    public struct File: Codable, Equatable, Sendable {
        public var path: String
        /// "inside" or "outside".
        public var side: String
        public var packets: Int
        /// How reading ended: "complete", or what cut it short.
        public var end: String

        public init(path: String, side: String, packets: Int, end: String) { (self.path, self.side, self.packets, self.end) = (path, side, packets, end) }
    }

    public var files: [File]
    public var packets: Int
    public var first: String?
    public var last: String?
    /// Distinct inside addresses seen sending.
    public var insideHosts: Int
    /// Distinct outside addresses seen (either direction).
    public var outsideAddrs: Int
    /// Names of the checks that ran.
    public var checks: [String]

    enum CodingKeys: String, CodingKey {
        case files, packets, first, last, checks
        case insideHosts = "inside_hosts"
        case outsideAddrs = "outside_addrs"
    }

    public init(files: [File], packets: Int, first: String? = nil, last: String? = nil, insideHosts: Int, outsideAddrs: Int, checks: [String]) { (self.files, self.packets, self.first, self.last, self.insideHosts, self.outsideAddrs, self.checks) = (files, packets, first, last, insideHosts, outsideAddrs, checks) }
}

/// What the active tests did.
public struct ActiveCoverage: Codable, Equatable, Sendable {
    /// One test and its outcome.
    public struct Test: Codable, Equatable, Sendable {
        /// icmp, tcp, udp-dns, udp-ntp, dns-recursion, http-proxy, ttl, inbound-icmp, inbound-tcp.
        public var test: String
        public var target: String
        public var probes: Int
        public var answered: Bool
        public var detail: String

        public init(test: String, target: String, probes: Int, answered: Bool, detail: String) { (self.test, self.target, self.probes, self.answered, self.detail) = (test, target, probes, answered, detail) }
    }

    public var netns: String
    /// The probing host's own addresses.
    public var from: [String]
    public var canaries: [String]
    public var tests: [Test]
    public var probes: Int
    /// Whether a canary listener recorded during the tests, and where.
    public var canaryListening: Bool
    public var canaryRecord: String?
    /// Packets from elsewhere that the canary listener recorded.
    public var canaryReceived: Int
    /// Packets the kernel dropped before the listener read them (nil: not known).
    /// A record with drops cannot prove that nothing arrived.
    public var canaryDropped: Int?

    enum CodingKeys: String, CodingKey {
        case netns, from, canaries, tests, probes
        case canaryListening = "canary_listening"
        case canaryRecord = "canary_record"
        case canaryReceived = "canary_received"
        case canaryDropped = "canary_dropped"
    }

    public init(netns: String, from: [String], canaries: [String], tests: [Test], probes: Int, canaryListening: Bool, canaryRecord: String? = nil, canaryReceived: Int, canaryDropped: Int? = nil) { (self.netns, self.from, self.canaries, self.tests, self.probes, self.canaryListening, self.canaryRecord, self.canaryReceived, self.canaryDropped) = (netns, from, canaries, tests, probes, canaryListening, canaryRecord, canaryReceived, canaryDropped) }
}
