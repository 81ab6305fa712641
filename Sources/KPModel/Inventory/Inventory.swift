/// The census of one run, as written to `kpcensus.inventory/1` JSON and stored in
/// SQLite. Every list is sorted and every field is always present (null when
/// unknown), so the same input gives the same bytes. Field docs are the contract
/// (docs/inventory.md). Members are declared in key order, so the canonical encoder
/// writes them without moving bytes.
public struct Inventory: Codable, Equatable, Sendable {
    public static let schemaID = "kpcensus.inventory/1"

    /// Always "kpcensus.inventory/1".
    public var schema = Inventory.schemaID
    public var input = Input()
    public var hosts: [Host] = []
    public var services: [Service] = []
    public var flows = Flows()
    public var dns = DNS()
    public var http = HTTP()
    public var tls = TLS()
    public var dhcp: [DHCPLease] = []
    public var sites: [Site] = []
    public var siteCount = Estimate()
    public var users = Users()
    /// Devices behind each client address (additive within version 1).
    public var clientDevices: [ClientDevices] = []
    /// Spread of services over hosts and subnets (additive within version 1).
    public var spread = Spread()
    public var anomalies: [Anomaly] = []
    /// Packets and bytes over time (added within version 1).
    public var activity = Activity()
    /// What an active scan found out (`kpcensus scan` runs only; absent otherwise, added within version 1).
    public var scan: ScanSection?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case activity, anomalies
        case clientDevices = "client_devices"
        case dhcp, dns, flows, hosts, http, input, scan, schema, services
        case siteCount = "site_count"
        case sites, spread, tls, users
    }
}

extension Inventory.CodingKeys: OmittedWhenNilKey {
    /// `scan` is written for scan runs only.
    var omittedWhenNil: Bool { self == .scan }
}
