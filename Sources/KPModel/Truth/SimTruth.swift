/// What the simulated network really was (`kpcensus.simtruth/1`): the answers the
/// census and its estimators are scored against.
public struct SimTruth: Codable, Equatable, Sendable {
    public static let schemaID = "kpcensus.simtruth/1"
    public var schema = SimTruth.schemaID
    public var spec: String
    public var seed: UInt64
    public var start: String
    public var duration: Double
    public var packets: Int
    public var sites: Sites
    /// A user is a device: the census cannot tell people apart who share one.
    public var users: Counts
    public var clientAddrs: Counts
    /// Per client address: its kind and the devices behind it (all, and those that sent packets).
    public var devices: [AddressDevices]
    public var services: [Service]

    public struct Sites: Codable, Equatable, Sendable {
        /// Web sites in the network.
        public var total: Int
        /// Sites asked for by HTTP Host or TLS SNI in the window.
        public var visited: Int
        /// Sites whose name was only looked up in DNS (prefetch), never visited.
        public var lookedUpOnly: Int

        public init(total: Int, visited: Int, lookedUpOnly: Int) { (self.total, self.visited, self.lookedUpOnly) = (total, visited, lookedUpOnly) }
    }

    public struct Counts: Codable, Equatable, Sendable {
        public var total: Int
        public var active: Int

        public init(total: Int, active: Int) { (self.total, self.active) = (total, active) }
    }

    public struct AddressDevices: Codable, Equatable, Sendable {
        public var addr: String
        public var kind: String
        public var devices: Int
        public var active: Int
        /// Stacks of the active devices, e.g. ["redstar", "windows"].
        public var stacks: [String]

        public init(addr: String, kind: String, devices: Int, active: Int, stacks: [String]) { (self.addr, self.kind, self.devices, self.active, self.stacks) = (addr, kind, devices, active, stacks) }
    }

    /// `used` is always set here.
    public typealias Service = ServiceTruth

    public init(schema: String = SimTruth.schemaID, spec: String, seed: UInt64, start: String, duration: Double, packets: Int, sites: Sites, users: Counts, clientAddrs: Counts, devices: [AddressDevices], services: [Service]) { (self.schema, self.spec, self.seed, self.start, self.duration, self.packets, self.sites, self.users, self.clientAddrs, self.devices, self.services) = (schema, spec, seed, start, duration, packets, sites, users, clientAddrs, devices, services) }
}
