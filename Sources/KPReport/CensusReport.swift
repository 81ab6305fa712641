import KPCensus
import KPModel

/// The census report of one run, as `kpcensus.report/1` JSON and the model every
/// renderer (Markdown, HTML, CSV) reads, so all formats say the same thing.
/// Sections follow the list; what this run did not measure is `null` with
/// a `status` text saying so, never a made-up value. Additive changes only within
/// version 1.
public struct CensusReport: Codable, Equatable, Sendable {
    public static let schemaID = "kpcensus.report/1"

    /// Always "kpcensus.report/1".
    public var schema = CensusReport.schemaID
    public var run: Run
    /// Other runs joined into this report (a scan next to a capture), in the order given.
    public var joinedRuns: [Run]
    public var overview: Overview
    public var sites: Sites
    public var users: Users
    public var services: Services
    public var hosts: [Inventory.Host]
    public var dns: DNS
    public var airGap: AirGap
    public var dataQuality: DataQuality
    public var activity: Inventory.Activity
    public var methodNotes: [Note]

    enum CodingKeys: String, CodingKey {
        case schema, run, overview, sites, users, services, hosts, dns, activity
        case joinedRuns = "joined_runs"
        case airGap = "air_gap"
        case dataQuality = "data_quality"
        case methodNotes = "method_notes"
    }

    /// The run the report is about. Wall-clock times are left out on purpose, so a
    /// report of the same data is the same bytes; the capture period is in `overview`.
    public struct Run: Codable, Equatable, Sendable {
        public var id: Int64
        /// "analyze", "capture" or "scan".
        public var kind: String
        public var complete: Bool
        public var toolVersion: String
        public init(id: Int64, kind: String, complete: Bool, toolVersion: String) { (self.id, self.kind, self.complete, self.toolVersion) = (id, kind, complete, toolVersion) }
        enum CodingKeys: String, CodingKey {
            case id, kind, complete
            case toolVersion = "tool_version"
        }
    }

    public struct Overview: Codable, Equatable, Sendable {
        /// First and last packet (ISO 8601 UTC), null without packets; `seconds` between them.
        public var first: String?
        public var last: String?
        public var seconds: Double
        public var sources: [Inventory.InputFile]
        public var filter: String?
        public var packets: Int
        public var bytes: Int
        public var hosts: Int
        public var servers: Int
        public var clientAddrs: Int
        public var services: Int
        public var sites: Int
        public var flows: Inventory.Flows
        /// Packets the capture dropped (live capture only); null when not measured.
        public var captureDrops: Int?
        /// Why `capture_drops` is null, or "measured".
        public var captureDropsStatus: String

        enum CodingKeys: String, CodingKey {
            case first, last, seconds, sources, filter, packets, bytes, hosts, servers, services, sites, flows
            case clientAddrs = "client_addrs"
            case captureDrops = "capture_drops"
            case captureDropsStatus = "capture_drops_status"
        }
    }

    /// A count with its estimate and 95 % interval, and the model that gave them
    /// (`estimate` null with a `reason` when the data were too few): the summary of
    /// an `Inventory.Estimate`.
    public struct Estimate: Codable, Equatable, Sendable {
        public var observed: Int
        /// Null when there was too little data to estimate (`reason` says why).
        public var estimate: Double?
        public var ci95: [Double]?
        public var method: String
        public var reason: String?

        /// The report's form of an inventory estimate: the fitted models and the
        /// occasions stay in the inventory.
        public init(_ e: Inventory.Estimate) {
            (observed, estimate, ci95, method, reason) = (e.observed, e.estimate, e.ci95, e.method, e.reason)
        }
    }

    public struct Count: Codable, Equatable, Sendable {
        public var key: String
        public var count: Int
    }

    public struct Sites: Codable, Equatable, Sendable {
        public var count: Estimate
        /// Sites per category (the DNS zone under the top-level domain; method notes).
        public var byCategory: [Count]
        public var list: [Site]
        enum CodingKeys: String, CodingKey {
            case count, list
            case byCategory = "by_category"
        }
    }

    public struct Site: Codable, Equatable, Sendable {
        public var name: String
        public var category: String
        public var addrs: [String]
        /// How it was seen: subset of ["dns", "http", "tls"].
        public var evidence: [String]
    }

    public struct Users: Codable, Equatable, Sendable {
        public var clientAddrs: Int
        /// Machines after separating those that share an address.
        public var devices: Int
        public var count: Estimate
        /// Client addresses per access type (LAN, Wi-Fi, dial-up, …); null when not measured.
        public var byAccessType: [Count]?
        public var byAccessTypeStatus: String
        /// Client addresses per subnet (IPv4 /24, IPv6 /64).
        public var bySubnet: [Count]

        enum CodingKeys: String, CodingKey {
            case devices, count
            case clientAddrs = "client_addrs"
            case byAccessType = "by_access_type"
            case byAccessTypeStatus = "by_access_type_status"
            case bySubnet = "by_subnet"
        }
    }

    public struct Services: Codable, Equatable, Sendable {
        /// Services per identified protocol ("unidentified" when content told nothing).
        public var byService: [ServiceCount]
        /// Services per server subnet (IPv4 /24, IPv6 /64) and protocol.
        public var bySubnet: [SubnetService]
        /// Services per product named by nmap's fingerprints (ServiceNaming.swift).
        public var byProduct: [ProductCount]
        /// The services, flows and bytes nothing named.
        public var unnamed: Unnamed
        public var list: [Inventory.Service]
        enum CodingKeys: String, CodingKey {
            case list, unnamed
            case byService = "by_service"
            case bySubnet = "by_subnet"
            case byProduct = "by_product"
        }
    }

    public struct ServiceCount: Codable, Equatable, Sendable {
        public var service: String
        /// (addr, port, transport) that answered with this protocol.
        public var count: Int
        /// Servers (distinct addresses) offering it.
        public var servers: Int
    }

    public struct SubnetService: Codable, Equatable, Sendable {
        public var subnet: String
        public var service: String
        public var count: Int
    }

    public struct DNS: Codable, Equatable, Sendable {
        public var zones: [Zone]
        public var queries: [Inventory.DNSQuery]
        /// Distinct (name, type, data) answers.
        public var answers: Int
    }

    public struct Zone: Codable, Equatable, Sendable {
        public var zone: String
        /// NS records seen for the zone.
        public var nameServers: [String]
        /// Distinct names seen at or under the zone (queries and answers).
        public var names: Int
        /// AXFR queries seen for the zone.
        public var transferRequests: Int
        /// "not requested", "requested, no answer seen" or "requested, zone records seen".
        public var transfer: String
        enum CodingKeys: String, CodingKey {
            case zone, names, transfer
            case nameServers = "name_servers"
            case transferRequests = "transfer_requests"
        }
    }

    public struct AirGap: Codable, Equatable, Sendable {
        /// HOLDS, BREACHED or INCONCLUSIVE once `kpcensus airgap --db` has stored a result; null until then.
        public var verdict: String?
        public var status: String
        /// Facts, not a verdict: host addresses outside the private and local ranges.
        public var outsideAddrs: [String]
        /// The air-gap check's findings (present only once a check was stored).
        public var findings: [AirGapFinding]?
        public init(verdict: String?, status: String, outsideAddrs: [String], findings: [AirGapFinding]? = nil) { (self.verdict, self.status, self.outsideAddrs, self.findings) = (verdict, status, outsideAddrs, findings) }
        enum CodingKeys: String, CodingKey {
            case verdict, status, findings
            case outsideAddrs = "outside_addrs"
        }
    }

    /// One air-gap finding as the report lists it.
    public struct AirGapFinding: Codable, Equatable, Sendable {
        public var kind: String
        /// breach, warning or info.
        public var severity: String
        /// The addresses involved, and the bridging host (or "").
        public var hosts: String
        public var bridge: String
        public var explanation: String
        public init(kind: String, severity: String, hosts: String, bridge: String, explanation: String) { (self.kind, self.severity, self.hosts, self.bridge, self.explanation) = (kind, severity, hosts, bridge, explanation) }
    }

    public struct DataQuality: Codable, Equatable, Sendable {
        public var truncatedPackets: Int
        public var undecodablePackets: Int
        public var nonIPPackets: Int
        public var fragments: Inventory.Fragments
        public var tcpWithoutHandshake: Int
        /// Inputs that did not read to their end, with the warning.
        public var incompleteSources: [Inventory.InputFile]
        public var anomalies: [Inventory.Anomaly]
        /// Codes of kind "limit": a bound of kpcensus was reached and the census is partial.
        public var limitsReached: [String]
        enum CodingKeys: String, CodingKey {
            case fragments, anomalies
            case truncatedPackets = "truncated_packets"
            case undecodablePackets = "undecodable_packets"
            case nonIPPackets = "non_ip_packets"
            case tcpWithoutHandshake = "tcp_without_handshake"
            case incompleteSources = "incomplete_sources"
            case limitsReached = "limits_reached"
        }
    }

    public struct Note: Codable, Equatable, Sendable {
        public var topic: String
        public var text: String
    }
}

extension CensusReport.AirGap.CodingKeys: OmittedWhenNilKey {
    /// Additive: older reports (no check stored) keep exactly their keys.
    var omittedWhenNil: Bool { self == .findings }
}
