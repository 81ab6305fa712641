import KPModel
import KPWire

struct SiteEvidence: OptionSet {
    let rawValue: UInt8
    static let http = SiteEvidence(rawValue: 1)
    static let tls = SiteEvidence(rawValue: 2)
}

/// What the census knows of a web host name: one record, so a sighting hashes the name once.
struct SiteRecord {
    var servers: Set<IPAddress>
    var evidence: SiteEvidence
    /// The first request or hello that named it.
    var first: PacketSource
}

/// Web sites: the host names clients asked servers for (HTTP Host, TLS SNI), with
/// the servers they asked and the addresses DNS gave for them. Writes `sites`.
final class SitesRecorder: ProtocolRecorder {
    var sites: [String: SiteRecord] = [:]

    /// A web host name that a client asked a server for. Address literals are not names.
    func note(_ name: String, server: IPAddress, _ evidence: SiteEvidence, _ context: RecordingContext) {
        guard !ReverseName.looksLikeAddress(name) else { return }
        if let i = sites.index(forKey: name) {
            sites.values[i].servers.insert(server)
            sites.values[i].evidence.insert(evidence)
        } else {
            guard sites.count < context.limits.maxNames else { context.count(.tableLimit); return }
            sites[name] = SiteRecord(servers: [server], evidence: evidence, first: context.current)
        }
        context.sightings.note(name, at: context.current.timestamp)
    }

    func write(into inv: inout Inventory, from all: Recorders) {
        inv.sites = sites.keys.sorted().map { name in
            var addrs = sites[name]?.servers ?? []
            var evidence: [String] = []
            let resolved = all.dns.resolve(name)
            if !resolved.isEmpty {
                evidence.append("dns")
                addrs.formUnion(resolved)
            }
            let seen = sites[name]?.evidence ?? []
            if seen.contains(.http) { evidence.append("http") }
            if seen.contains(.tls) { evidence.append("tls") }
            return Inventory.Site(name: name, addrs: addrs.sorted().map(\.description), evidence: evidence)
        }
    }

    func addObservations(to out: inout [Observation]) {
        for (name, site) in sites { out.append(Observation(kind: "site", subject: name, source: site.first)) }
    }
}
