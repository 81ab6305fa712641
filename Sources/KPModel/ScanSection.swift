/// What an active scan adds to the inventory (key `scan`, present only for scan
/// runs; additive within version 1): how it probed and what only probing shows.
public struct ScanSection: Codable, Equatable, Sendable {
    /// The --scope prefixes, sorted.
    public var scope: [String] = []
    /// The probe modules that ran, sorted.
    public var probes: [String] = []
    /// "syn" (raw socket) or "connect" (fallback without CAP_NET_RAW), null without a port scan.
    public var portScan: String?
    /// Addresses probed and probes sent (SYNs or connects, echo requests, DNS queries, TCP connections).
    public var targets = 0
    public var probesSent = 0
    /// Name servers that answered and, per zone asked, authority and zone transfer.
    public var dnsServers: [DNSServer] = []
    /// Zones that answer any name (wildcards): their forward lookups are not evidence.
    public var wildcardZones: [String] = []
    /// Names and addresses met in replies but not probed: outside the scope or blocklisted.
    public var outOfScope: [String] = []
    /// Pages fetched by the crawler.
    public var crawledPages = 0
    /// Why nothing was found, when nothing was (unreachable network, no open port), else null.
    public var note: String?

    public init() {}

    public struct DNSServer: Codable, Equatable, Sendable {
        public var addr: String
        public var zones: [Zone]
        public init(addr: String, zones: [Zone]) { (self.addr, self.zones) = (addr, zones) }
    }

    public struct Zone: Codable, Equatable, Sendable {
        public var zone: String
        public var authoritative: Bool
        /// "allowed", "refused", or null when not tried.
        public var axfr: String?
        public init(zone: String, authoritative: Bool, axfr: String?) { (self.zone, self.authoritative, self.axfr) = (zone, authoritative, axfr) }
    }

    enum CodingKeys: String, CodingKey {
        case scope, probes, targets, note
        case portScan = "port_scan"
        case probesSent = "probes_sent"
        case dnsServers = "dns_servers"
        case wildcardZones = "wildcard_zones"
        case outOfScope = "out_of_scope"
        case crawledPages = "crawled_pages"
    }
}
