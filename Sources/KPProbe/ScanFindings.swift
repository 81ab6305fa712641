import KPWire

/// Everything a scan found, before it becomes an inventory.
public struct ScanFindings: Sendable {
    public struct Service: Sendable, Equatable {
        public var service: String?
        public var software: String?
        public var probe: ProbeName
        /// From nmap's service probes (`--probes version`), as the inventory names them.
        public var product: String? = nil
        public var version: String? = nil
        public var info: String? = nil
        public var cpe: [String] = []
    }

    public struct Site: Sendable, Hashable, Comparable {
        public var name: String
        public var addr: IPAddress
        public var port: UInt16
        public var tls: Bool
        public var evidence: String
        public static func < (a: Site, b: Site) -> Bool { (a.name, a.addr, a.port) < (b.name, b.addr, b.port) }
    }

    public struct Zone: Sendable, Equatable {
        public var zone: String
        public var authoritative: Bool
        public var axfr: String?
    }

    /// Hosts that answered anything, with the probe that first showed each.
    public var hosts: [IPAddress: ProbeName] = [:]
    /// Open TCP/UDP services by (addr, port, transport).
    public var services: [String: (addr: IPAddress, port: UInt16, transport: String, info: Service)] = [:]
    public var dnsServers: [IPAddress: [Zone]] = [:]
    /// Name -> addresses from DNS answers (AXFR, forward lookups).
    public var names: [String: Set<IPAddress>] = [:]
    public var ptr: [IPAddress: Set<String>] = [:]
    public var certificateNames: [String: Int] = [:]
    public var sites = Set<Site>()
    public var wildcardZones = Set<String>()
    public var outOfScope = Set<String>()
    public var crawledPages = 0
    public var crawlNames = Set<String>()
    public var portScan: ProbeName?
    public var probesSent = 0
    public var note: String?

    public init() {}

    static func key(_ a: IPAddress, _ p: UInt16, _ t: String) -> String { "\(a)/\(t)/\(p)" }

    mutating func addService(_ a: IPAddress, _ p: UInt16, _ t: String, _ s: Service) {
        let k = ScanFindings.key(a, p, t)
        if let old = services[k], old.info.service != nil, s.service == nil { return }
        services[k] = (a, p, t, s)
        if hosts[a] == nil { hosts[a] = s.probe }
    }

    /// Open TCP services labelled http or tls: where vhost and crawl probes go.
    var webServers: [(addr: IPAddress, port: UInt16, tls: Bool)] {
        services.values.filter { $0.transport == "tcp" && ($0.info.service == "http" || $0.info.service == "tls") }
            .map { ($0.addr, $0.port, $0.info.service == "tls") }.sorted { ($0.addr, $0.port) < ($1.addr, $1.port) }
    }
}
