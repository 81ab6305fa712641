/// Where a fact was first seen: which input, which packet of it (1-based), when.
public struct PacketSource: Sendable, Equatable, Codable {
    public var file: Int
    public var packet: Int
    public var timestamp: Int64

    public init(file: Int, packet: Int, timestamp: Int64) {
        self.file = file
        self.packet = packet
        self.timestamp = timestamp
    }
}

/// A first sighting of a fact of the inventory, kept so every row of the census
/// can be traced back to a packet (`kind`: host, service, site, dns_name).
public struct Observation: Sendable, Equatable {
    public var kind: String
    public var subject: String
    public var source: PacketSource
}
