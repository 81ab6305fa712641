import KPModel
import KPWire

/// What the installed servers announce, read from their binaries: the truth
/// must name the real software, not what the census is expected to find.
public struct SoftwareVersions: Sendable, Equatable {
    /// e.g. "nginx/1.22.1" (the HTTP Server header).
    public var nginx: String
    /// e.g. "OpenSSH_9.2p1 Debian-2+deb12u10" (the SSH identification string after "SSH-2.0-").
    public var openssh: String

    public init(nginx: String, openssh: String) { (self.nginx, self.openssh) = (nginx, openssh) }

    /// The Dovecot greeting the lab configures (`login_greeting`).
    public static let dovecotGreeting = "Dovecot ready."

    /// OpenSMTPD's greeting after "220 ": the configured host name, then "ESMTP OpenSMTPD".
    public static func smtpGreeting(hostname: String) -> String { "\(hostname) ESMTP OpenSMTPD" }
}

extension LabTruth {
    /// The truth of a resolved lab.
    public init(topology t: Topology, spec: LabSpec, versions v: SoftwareVersions, breach: Breach?) {
        self.init(lab: t.lab, hosts: [], sites: [], services: [], clients: [], capturePoints: [], probeNetns: "", inside: [], outside: [],
                  canaries: [])
        lab = t.lab
        hosts = t.hosts.map { Host(name: $0.name, netns: t.netns($0.name), addrs: $0.addrs, role: $0.role) }
            .sorted { $0.name < $1.name }
        sites = spec.sites.map { Site(name: $0.name, addr: $0.addr, port: $0.tls == true ? 443 : 80, tls: $0.tls == true) }
            .sorted { ($0.name, $0.addr) < ($1.name, $1.addr) }
        hiddenSites = (spec.hiddenSites ?? []).map { Site(name: $0.name, addr: $0.addr, port: 80, tls: false) }
            .sorted { ($0.name, $0.addr) < ($1.name, $1.addr) }
        var svc: [Service] = []
        for s in spec.servers {
            let first = s.addrs[0]
            if s.run.contains("web") {
                for a in s.addrs {
                    let here = spec.sites.filter { $0.addr == a }
                    if here.contains(where: { $0.tls != true }) { svc.append(Service(addr: a, port: 80, transport: "tcp", service: "http", software: v.nginx)) }
                    if here.contains(where: { $0.tls == true }) { svc.append(Service(addr: a, port: 443, transport: "tcp", service: "tls", software: nil)) }
                }
            }
            if s.run.contains("dns") {
                svc.append(Service(addr: first, port: 53, transport: "udp", service: "dns", software: nil))
                svc.append(Service(addr: first, port: 53, transport: "tcp", service: "dns", software: nil))
            }
            if s.run.contains("smtp"), let m = spec.mail {
                svc.append(Service(addr: first, port: 25, transport: "tcp", service: "smtp", software: SoftwareVersions.smtpGreeting(hostname: m.hostname)))
            }
            if s.run.contains("pop3") { svc.append(Service(addr: first, port: 110, transport: "tcp", service: "pop3", software: SoftwareVersions.dovecotGreeting)) }
            if s.run.contains("imap") { svc.append(Service(addr: first, port: 143, transport: "tcp", service: "imap", software: SoftwareVersions.dovecotGreeting)) }
            if s.run.contains("ssh") { svc.append(Service(addr: first, port: 22, transport: "tcp", service: "ssh", software: v.openssh)) }
        }
        services = svc.sorted { (IPAddress(ipv4: $0.addr)!, $0.port, $0.transport) < (IPAddress(ipv4: $1.addr)!, $1.port, $1.transport) }
        var cl: [Client] = []
        for h in t.hosts {
            if h.role == "nat" {
                cl.append(Client(addr: h.addrs[0], devices: t.hosts.filter { $0.role == "client" && $0.name.hasPrefix(h.name + "-") }.count, kind: h.kind ?? "cafe"))
            } else if h.role == "client", h.kind != "cafe" {
                cl.append(Client(addr: h.addrs[0], devices: 1, kind: h.kind ?? "home"))
            }
        }
        clients = cl.sorted { IPAddress(ipv4: $0.addr)! < IPAddress(ipv4: $1.addr)! }
        capturePoints = t.capturePoints.map { CapturePoint(netns: t.netns($0.host), interface: $0.interface, description: $0.description) }
        probeNetns = t.netns("probe")
        inside = [Topology.intranet.description]
        outside = Topology.outside
        canaries = ["198.51.100.10", "203.0.113.10"].map { Service(addr: $0, port: 80, transport: "tcp", service: "http", software: v.nginx) }
        self.breach = breach
    }
}
