import KPModel

// The report's view of how well services were named: the spread by product (nmap's
// fingerprints) and the unnamed share. A service is unnamed when neither the census's
// decoders and detectors nor nmap's fingerprints named it (`service` null); its flows
// and bytes are counted against those of every service (flows that ended answered).
extension CensusReport {
    /// Services with one product (nmap's `p/…/`).
    public struct ProductCount: Codable, Equatable, Sendable {
        public var product: String
        /// The services' service names (sorted).
        public var services: [String]
        /// Distinct versions seen (sorted; empty when no line gave one).
        public var versions: [String]
        /// (addr, port, transport) with this product, and their distinct addresses.
        public var count: Int
        public var servers: Int
    }

    /// What no decoder, detector or fingerprint named.
    public struct Unnamed: Codable, Equatable, Sendable {
        public var services: Int
        /// Of all services; null without services.
        public var serviceShare: Double?
        public var flows: Int
        /// Of the flows of all services; null when no flow was counted (a scan).
        public var flowShare: Double?
        public var bytes: Int
        /// Of the bytes of all services; null when no byte was counted (a scan).
        public var byteShare: Double?
        /// The ten unnamed ports with the most flows (then services, then port).
        public var ports: [UnnamedPort]

        enum CodingKeys: String, CodingKey {
            case services, flows, bytes, ports
            case serviceShare = "service_share"
            case flowShare = "flow_share"
            case byteShare = "byte_share"
        }
    }

    public struct UnnamedPort: Codable, Equatable, Sendable {
        public var port: Int
        public var transport: String
        public var services: Int
        public var flows: Int
        public var bytes: Int
    }

    static func byProduct(_ services: [Inventory.Service]) -> [ProductCount] {
        var groups: [String: [Inventory.Service]] = [:]
        for s in services { if let p = s.product { groups[p, default: []].append(s) } }
        return groups.map { product, list in
            ProductCount(product: product, services: Array(Set(list.compactMap(\.service))).sorted(),
                         versions: Array(Set(list.compactMap(\.version))).sorted(),
                         count: list.count, servers: Set(list.map(\.addr)).count)
        }.sorted { ($1.count, $0.product) < ($0.count, $1.product) }
    }

    static func unnamed(_ services: [Inventory.Service], top: Int = 10) -> Unnamed {
        let none = services.filter { $0.service == nil }
        func share(_ part: Int, _ all: Int) -> Double? { all == 0 ? nil : (Double(part) / Double(all) * 10_000).rounded() / 10_000 }
        let flows = none.reduce(0) { $0 + $1.flows }, bytes = none.reduce(0) { $0 + $1.bytes }
        var ports: [String: UnnamedPort] = [:]
        for s in none {
            ports["\(s.port)/\(s.transport)", default: UnnamedPort(port: s.port, transport: s.transport, services: 0, flows: 0, bytes: 0)].services += 1
            ports["\(s.port)/\(s.transport)"]!.flows += s.flows
            ports["\(s.port)/\(s.transport)"]!.bytes += s.bytes
        }
        let topPorts = ports.values.sorted {
            ($1.flows, $1.services, $0.port, $0.transport) < ($0.flows, $0.services, $1.port, $1.transport)
        }.prefix(top)
        return Unnamed(services: none.count, serviceShare: share(none.count, services.count),
                       flows: flows, flowShare: share(flows, services.reduce(0) { $0 + $1.flows }),
                       bytes: bytes, byteShare: share(bytes, services.reduce(0) { $0 + $1.bytes }), ports: Array(topPorts))
    }
}
