import KPModel
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
/// Writes `services` and their `spread`.
final class ServicesRecorder: ProtocolRecorder {
    struct Entry {
        var clients: Set<IPAddress> = []
        var clientOverflow = false
        /// Flows per protocol, indexed by `AppProtocol.voteIndex` (a dictionary hashed the protocol per flow).
        var votes: [Int] = []
        var software: [String: Int] = [:]
        var first: PacketSource
        var flows = 0
        var bytes: UInt64 = 0
    }

    private(set) var entries: [ServiceKey: Entry] = [:]

    /// Records one answered flow; returns true when the client set hit its limit now.
    /// One lookup of the key per flow (it was one per field).
    func add(_ key: ServiceKey, client: IPAddress, app: AppProtocol, detector: UInt8 = 0, software: String?, first: PacketSource,
             bytes: UInt64 = 0, maxClients: Int) -> Bool {
        ServicesRecorder.fold(&entries[key, default: Entry(first: first)], client: client, vote: AppProtocol.voteIndex(app, detector: detector),
                              software: software, bytes: bytes, maxClients: maxClients)
    }

    private static func fold(_ e: inout Entry, client: IPAddress, vote i: Int, software: String?, bytes: UInt64, maxClients: Int) -> Bool {
        e.flows += 1
        e.bytes &+= bytes
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

    func write(into inv: inout Inventory, from all: Recorders) {
        inv.services = entries.sorted { a, b in
            (a.key.addr, a.key.port, a.key.proto) < (b.key.addr, b.key.port, b.key.proto)
        }.map { key, entry in
            // nmap's fingerprints add product and version; their service name only where content named none.
            let nmap = all.fingerprints.identity(key)
            let t = nmap?.templates
            return Inventory.Service(addr: key.addr.description, port: Int(key.port), transport: key.proto == 6 ? "tcp" : "udp",
                                     service: entry.service ?? nmap?.service, software: entry.bestSoftware, clients: entry.clients.count,
                                     product: t?.product, version: t?.version, info: t?.info, cpe: t?.cpe ?? [],
                                     flows: entry.flows, bytes: Int(clamping: entry.bytes))
        }
        inv.spread = ServiceSpreadBuilder.spread(of: inv.services)
    }

    func addObservations(to out: inout [Observation]) {
        for (key, entry) in entries {
            let subject = "\(key.addr)/\(key.proto == 6 ? "tcp" : "udp")/\(key.port)"
            out.append(Observation(kind: "service", subject: subject, source: entry.first))
        }
    }
}

extension ServicesRecorder.Entry {
    /// The name of the protocol most flows showed (nil only when no flow showed one);
    /// ties go to the name first in alphabetical order, for stable output.
    var service: String? {
        let known = votes.indices.compactMap { i -> (key: String, value: Int)? in
            guard votes[i] > 0, let name = AppProtocol.serviceName(voteIndex: i) else { return nil }
            return (name, votes[i])
        }
        return known.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }

    var bestSoftware: String? {
        software.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }
}
