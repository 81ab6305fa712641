import KPWire

/// An (address, port, transport) that answered.
struct ServiceKey: FastHashable {
    var addr: IPAddress
    var port: UInt16
    var proto: UInt8

    // One multiply-mix, as for addresses (a key is looked up for every flow that ends).
    func fastHash(seed: UInt64) -> UInt64 {
        FastHash.mix(addr.hi ^ seed ^ (UInt64(port) << 8 | UInt64(proto)), addr.lo)
    }
}

/// Services and what their flows said about them. Each flow votes once, when it
/// ends, for the protocol its content showed; the service keeps the most voted.
struct ServiceTable {
    struct Entry {
        var clients: Set<IPAddress> = []
        var clientOverflow = false
        /// Flows per protocol, indexed by its raw value (a dictionary hashed the protocol per flow).
        var votes: [Int] = []
        var software: [String: Int] = [:]
        var first: PacketSource
    }

    let maxClients: Int
    private(set) var entries: [ServiceKey: Entry] = [:]

    init(maxClients: Int) { self.maxClients = maxClients }

    /// Records one answered flow; returns true when the client set hit its limit now.
    /// One lookup of the key per flow (it was one per field).
    mutating func add(_ key: ServiceKey, client: IPAddress, app: AppProtocol, software: String?, first: PacketSource) -> Bool {
        ServiceTable.fold(&entries[key, default: Entry(first: first)], client: client, app: app, software: software, maxClients: maxClients)
    }

    private static func fold(_ e: inout Entry, client: IPAddress, app: AppProtocol, software: String?, maxClients: Int) -> Bool {
        let i = Int(app.rawValue)
        if e.votes.count <= i { e.votes += repeatElement(0, count: i + 1 - e.votes.count) }
        e.votes[i] += 1
        if let software { e.software[software, default: 0] += 1 }
        if e.clients.count < maxClients {
            e.clients.insert(client)
        } else if !e.clients.contains(client) && !e.clientOverflow {
            e.clientOverflow = true
            return true
        }
        return false
    }
}

extension ServiceTable.Entry {
    /// The protocol most flows showed (unknown only when no flow showed one);
    /// ties go to the name first in alphabetical order, for stable output.
    var service: AppProtocol {
        let known = votes.indices.compactMap { i -> (key: AppProtocol, value: Int)? in
            guard votes[i] > 0, let app = AppProtocol(rawValue: UInt8(i)), app != .unknown else { return nil }
            return (app, votes[i])
        }
        return known.max { a, b in a.value != b.value ? a.value < b.value : (a.key.name ?? "") > (b.key.name ?? "") }?.key ?? .unknown
    }

    var bestSoftware: String? {
        software.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }
}
