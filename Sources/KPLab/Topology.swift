import KPWire

/// The lab resolved from its spec: every namespace, link, address and route,
/// computed without touching the system (so tests can check it), then made by `Lab`.
///
/// Layout: one `core` router joins a router per province (`r-<province>`, a bridge
/// `br0` for its LAN) over /30 links from 10.255.0.0/16; servers sit in one
/// province (the data centre), clients in the others. Cafés are NAT routers with
/// their devices on a private bridge. `border` joins the core to `inet` (the
/// Internet side, 198.51.100.0/24 and 203.0.113.0/24) and does not forward.
/// `probe` hangs off the core for active scans.
public struct Topology: Sendable {
    public static let intranet = IPPrefix(IPAddress(v4: 10 << 24), length: 8)
    public static let transit = IPPrefix("10.255.0.0/16")!
    public static let outside = ["198.51.100.0/24", "203.0.113.0/24"]

    public struct Host: Sendable, Equatable {
        public var name: String
        /// "router", "server", "client", "nat", "border", "internet" or "probe".
        public var role: String
        /// Addresses the host owns (first the one it is known by).
        public var addrs: [String] = []
        /// Client kind (home, cafe, university, mobile) for clients and café routers.
        public var kind: String?
        /// Whether the host routes between its interfaces.
        public var forwards = false
        /// nftables masquerade out of this interface (café routers).
        public var masqueradeOut: String?
        /// Bridges to make in this host: name and address (CIDR) or nil.
        public var bridges: [(name: String, cidr: String?)] = []
        public var routes: [(dest: String, via: String)] = []
        /// Name servers for /etc/netns/<ns>/resolv.conf.
        public var nameservers: [String] = []
        /// nftables rules loaded after the routes (an injected breach's filter).
        public var nftRules: String?
        /// What a server runs (its spec's `run`).
        public var serves: [String] = []

        public static func == (a: Host, b: Host) -> Bool {
            a.name == b.name && a.role == b.role && a.addrs == b.addrs && a.kind == b.kind
        }
    }

    /// A veth pair: end A in host `a`, end B in host `b` (attached to `bBridge` if set).
    public struct Link: Sendable {
        public var a: String, aIf: String, aCIDRs: [String]
        public var b: String, bIf: String, bCIDRs: [String]
        public var bBridge: String?
    }

    public var lab: String
    public var hosts: [Host] = []
    public var links: [Link] = []
    /// The server province's link on the core: sees every client-server packet.
    public var capturePoints: [(host: String, interface: String, description: String)] = []

    public func netns(_ host: String) -> String { "kp-\(lab)-\(host)" }

    public func host(_ name: String) -> Host? { hosts.first { $0.name == name } }

    static func reservedHostName(_ n: String) -> Bool {
        ["core", "border", "inet", "probe"].contains(n) || n.hasPrefix("r-")
            || ["home", "cafe", "uni", "mobile"].contains { n.hasPrefix($0) && n.dropFirst($0.count).first?.isNumber == true }
    }

    /// Resolves a validated spec under the lab name `lab`.
    public init(spec: LabSpec, lab: String) throws {
        try spec.validate()
        guard LabSpec.isLabName(lab) else { throw LabError("--name '\(lab)': must be 1-12 lowercase letters/digits, starting with a letter", exitCode: 2) }
        self.lab = lab
        let dns = spec.servers.filter { $0.run.contains("dns") }.map { $0.addrs[0] }
        var core = Host(name: "core", role: "router", forwards: true)
        var used = Set(spec.servers.flatMap { $0.addrs.compactMap(IPAddress.init(ipv4:)) })
        var nextClient: [String: IPAddress] = [:]
        var ports: [String: Int] = [:]
        func port(_ router: String) -> String {
            ports[router, default: 0] += 1
            return "p\(ports[router]!)"
        }
        for (i, p) in spec.provinces.enumerated() {
            let pre = IPPrefix(p.prefix)!
            let t = IPAddress(v4: Topology.transit.network.v4 | UInt32(i) << 8)
            let routerName = "r-\(p.name)"
            var r = Host(name: routerName, role: "router", addrs: [pre.network.adding(1).description, t.adding(2).description], forwards: true)
            r.bridges = [("br0", "\(pre.network.adding(1))/\(pre.length)")]
            r.routes = [("default", t.adding(1).description)]
            hosts.append(r)
            let coreIf = "to-\(p.name)"
            links.append(Link(a: "core", aIf: coreIf, aCIDRs: ["\(t.adding(1))/30"], b: routerName, bIf: "up0", bCIDRs: ["\(t.adding(2))/30"]))
            core.addrs.append(t.adding(1).description)
            core.routes.append((p.prefix, t.adding(2).description))
            nextClient[p.name] = pre.network.adding(100)
        }
        func allocate(_ province: String) throws -> (addr: IPAddress, cidr: String, gateway: String) {
            let p = spec.provinces.first { $0.name == province }!
            let pre = IPPrefix(p.prefix)!
            var a = nextClient[province]!
            while used.contains(a) { a = a.adding(1) }
            guard pre.contains(a), a != pre.last else { throw LabError.spec("clients", "province '\(province)' (\(pre)) has no addresses left for its clients") }
            used.insert(a)
            nextClient[province] = a.adding(1)
            return (a, "\(a)/\(pre.length)", pre.network.adding(1).description)
        }
        func attach(_ h: inout Host, province: String, cidrs: [String], gateway: String) {
            let router = "r-\(province)"
            links.append(Link(a: h.name, aIf: "eth0", aCIDRs: cidrs, b: router, bIf: port(router), bCIDRs: [], bBridge: "br0"))
            h.routes.append(("default", gateway))
        }
        for s in spec.servers {
            let p = spec.provinces.first { $0.name == s.province }!
            let pre = IPPrefix(p.prefix)!
            var h = Host(name: s.name, role: "server", addrs: s.addrs)
            h.serves = s.run
            h.nameservers = dns
            attach(&h, province: s.province, cidrs: s.addrs.map { "\($0)/\(pre.length)" }, gateway: pre.network.adding(1).description)
            hosts.append(h)
        }
        var counters: [String: Int] = [:]
        for g in spec.clients {
            for _ in 0 ..< (g.count ?? 1) {
                let prefix = g.kind == "university" ? "uni" : g.kind
                counters[prefix, default: 0] += 1
                let base = "\(prefix)\(counters[prefix]!)"
                switch g.kind {
                case "cafe":
                    let k = counters[prefix]!
                    guard k <= 250 else { throw LabError.spec("clients", "at most 250 cafés") }
                    let wan = try allocate(g.province)
                    var r = Host(name: base, role: "nat", addrs: [wan.addr.description, "192.168.\(k).1"], kind: "cafe", forwards: true)
                    r.masqueradeOut = "wan0"
                    r.bridges = [("br0", "192.168.\(k).1/24")]
                    let router = "r-\(g.province)"
                    links.append(Link(a: base, aIf: "wan0", aCIDRs: [wan.cidr], b: router, bIf: port(router), bCIDRs: [], bBridge: "br0"))
                    r.routes = [("default", wan.gateway)]
                    hosts.append(r)
                    for d in 1 ... (g.devices ?? 1) {
                        var h = Host(name: "\(base)-d\(d)", role: "client", addrs: ["192.168.\(k).\(9 + d)"], kind: "cafe")
                        h.nameservers = dns
                        links.append(Link(a: h.name, aIf: "eth0", aCIDRs: ["192.168.\(k).\(9 + d)/24"], b: base, bIf: "d\(d)", bCIDRs: [], bBridge: "br0"))
                        h.routes = [("default", "192.168.\(k).1")]
                        hosts.append(h)
                    }
                case "university":
                    for d in 1 ... (g.devices ?? 1) {
                        let a = try allocate(g.province)
                        var h = Host(name: "\(base)-d\(d)", role: "client", addrs: [a.addr.description], kind: "university")
                        h.nameservers = dns
                        attach(&h, province: g.province, cidrs: [a.cidr], gateway: a.gateway)
                        hosts.append(h)
                    }
                default:
                    let a = try allocate(g.province)
                    var h = Host(name: base, role: "client", addrs: [a.addr.description], kind: g.kind)
                    h.nameservers = dns
                    attach(&h, province: g.province, cidrs: [a.cidr], gateway: a.gateway)
                    hosts.append(h)
                }
            }
        }
        var border = Host(name: "border", role: "border", addrs: ["10.255.250.2", "198.51.100.1", "203.0.113.1"])
        border.routes = [("10.0.0.0/8", "10.255.250.1")]
        links.append(Link(a: "core", aIf: "to-border", aCIDRs: ["10.255.250.1/30"], b: "border", bIf: "in0", bCIDRs: ["10.255.250.2/30"]))
        links.append(Link(a: "border", aIf: "out0", aCIDRs: ["198.51.100.1/24", "203.0.113.1/24"], b: "inet", bIf: "eth0",
                          bCIDRs: ["198.51.100.10/24", "203.0.113.10/24"]))
        var inet = Host(name: "inet", role: "internet", addrs: ["198.51.100.10", "203.0.113.10"])
        inet.routes = [("default", "198.51.100.1")]
        var probe = Host(name: "probe", role: "probe", addrs: ["10.255.251.2"])
        probe.routes = [("10.0.0.0/8", "10.255.251.1")]
        probe.nameservers = dns
        links.append(Link(a: "core", aIf: "to-probe", aCIDRs: ["10.255.251.1/30"], b: "probe", bIf: "eth0", bCIDRs: ["10.255.251.2/30"]))
        core.addrs += ["10.255.250.1", "10.255.251.1"]
        hosts.insert(core, at: 0)
        hosts += [border, inet, probe]

        let dc = spec.servers[0].province
        capturePoints.append(("core", "to-\(dc)", "core router, link to province \(dc) (the servers): every packet between clients and servers"))
        for p in spec.provinces where p.name != dc {
            capturePoints.append(("core", "to-\(p.name)", "core router, link to province \(p.name): its clients' traffic"))
        }
        capturePoints.append(("border", "in0", "border host, intranet side: anything that tries to leave"))
        capturePoints.append(("border", "out0", "border host, Internet side: must stay silent unless the air gap is breached"))
    }
}
