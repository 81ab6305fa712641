import Foundation

/// The ground truth of a lab (`schema: "kpcensus.labtruth/1"`), written by
/// `lab up` so that a census can be scored against what really runs.
public struct LabTruth: Codable, Equatable, Sendable {
    public var schema = "kpcensus.labtruth/1"
    public var lab: String
    public var hosts: [Host]
    public var sites: [Site]
    /// Sites served but named nowhere (no DNS record, link or visit): a wordlist finds them.
    public var hiddenSites: [Site]?
    public var services: [Service]
    public var clients: [Client]
    public var capturePoints: [CapturePoint]
    /// An intranet namespace from which scans may be sent.
    public var probeNetns: String
    /// Prefixes of the intranet and of the Internet side.
    public var inside: [String]
    public var outside: [String]
    /// Listeners on the Internet side: any packet reaching them breaches the air gap.
    public var canaries: [Service]
    public var breach: Breach?

    public struct Host: Codable, Equatable, Sendable {
        public var name: String
        public var netns: String
        public var addrs: [String]
        /// router, server, client, nat, border, internet or probe.
        public var role: String

        public init(name: String, netns: String, addrs: [String], role: String) { (self.name, self.netns, self.addrs, self.role) = (name, netns, addrs, role) }
    }

    public struct Site: Codable, Equatable, Sendable {
        public var name: String
        public var addr: String
        public var port: Int
        public var tls: Bool

        public init(name: String, addr: String, port: Int, tls: Bool) { (self.name, self.addr, self.port, self.tls) = (name, addr, port, tls) }
    }

    public typealias Service = ServiceTruth

    /// An address that clients use; `devices` behind it (more than one behind a café's NAT).
    public struct Client: Codable, Equatable, Sendable {
        public var addr: String
        public var devices: Int
        public var kind: String

        public init(addr: String, devices: Int, kind: String) { (self.addr, self.devices, self.kind) = (addr, devices, kind) }
    }

    public struct CapturePoint: Codable, Equatable, Sendable {
        public var netns: String
        public var interface: String
        public var description: String

        public init(netns: String, interface: String, description: String) { (self.netns, self.interface, self.description) = (netns, interface, description) }
    }

    public struct Breach: Codable, Equatable, Sendable {
        public var kind: String
        /// The host that bridges the gap, its namespace and addresses.
        public var host: String
        public var netns: String
        public var addrs: [String]
        public var description: String

        public init(kind: String, host: String, netns: String, addrs: [String], description: String) { (self.kind, self.host, self.netns, self.addrs, self.description) = (kind, host, netns, addrs, description) }
    }

    enum CodingKeys: String, CodingKey {
        case schema, lab, hosts, sites, services, clients, inside, outside, canaries, breach
        case hiddenSites = "hidden_sites"
        case capturePoints = "capture_points"
        case probeNetns = "probe_netns"
    }

    /// Canonical bytes: sorted keys, sorted lists, a final newline; a truth read
    /// from a spec without hidden sites writes [].
    public func encoded() throws -> Data {
        var truth = self
        truth.hiddenSites = hiddenSites ?? []
        return try CanonicalJSON.encode(truth)
    }

    public static func decode(_ data: Data) throws -> LabTruth { try JSONDecoder().decode(LabTruth.self, from: data) }

    public init(schema: String = "kpcensus.labtruth/1", lab: String, hosts: [Host], sites: [Site], hiddenSites: [Site]? = nil, services: [Service], clients: [Client], capturePoints: [CapturePoint], probeNetns: String, inside: [String], outside: [String], canaries: [Service], breach: Breach? = nil) { (self.schema, self.lab, self.hosts, self.sites, self.hiddenSites, self.services, self.clients, self.capturePoints, self.probeNetns, self.inside, self.outside, self.canaries, self.breach) = (schema, lab, hosts, sites, hiddenSites, services, clients, capturePoints, probeNetns, inside, outside, canaries, breach) }
}
