import KPWire

/// An (address, port, transport) that answered.
struct ServiceKey: Hashable {
    var addr: IPAddress
    var port: UInt16
    var proto: UInt8
}

/// Services and what their flows said about them. Each flow votes once, when it
/// ends, for the protocol its content showed; the service keeps the most voted.
struct ServiceTable {
    struct Entry {
        var clients: Set<IPAddress> = []
        var clientOverflow = false
        var votes: [AppProtocol: Int] = [:]
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
        e.votes[app, default: 0] += 1
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
        let known = votes.filter { $0.key != .unknown }
        return known.max { a, b in a.value != b.value ? a.value < b.value : (a.key.name ?? "") > (b.key.name ?? "") }?.key ?? .unknown
    }

    var bestSoftware: String? {
        software.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }
}
