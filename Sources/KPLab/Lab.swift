import Foundation
import KPModel

/// Brings a lab up and down: namespaces, veth links and bridges inside them,
/// routes, NAT, the real servers and the traffic drivers. Every namespace and
/// process is written to the lab state before or as it is made.
public final class Lab {
    public let name: String
    var state: LabState
    let log: (String) -> Void
    var work: String { LabState.folder(name) }

    init(name: String, state: LabState, log: @escaping (String) -> Void) {
        self.name = name
        self.state = state
        self.log = log
    }

    /// Tools every lab runs (each daemon adds its own).
    static let baseTools = ["ip", "nft", "sysctl", "unshare", "ss", "openssl", "curl", "dig", "nginx", "ethtool", "ssh"]

    static func tools(for spec: LabSpec) -> [String] {
        var t = baseTools
        let run = Set(spec.servers.flatMap(\.run))
        if run.contains("dns") { t.append("dnsmasq") }
        if run.contains("smtp") { t += ["smtpd", "swaks"] }
        if run.contains("pop3") || run.contains("imap") { t.append("dovecot") }
        if run.contains("ssh") { t += ["sshd", "ssh-keygen", "ssh-keyscan"] }
        return t
    }

    static func breachTools(_ kind: String) -> [String] {
        ["dns-forwarder": ["dnsmasq"], "http-proxy": ["tinyproxy"], "tunnel": ["python3", "ping"]][kind] ?? []
    }

    /// `forward` is the first name of `forwarding`, kept for scripts that use it.
    public static let breachKinds = ["forward", "forwarding", "nat", "dns-forwarder", "http-proxy", "tunnel", "icmp-only"]

    /// What `up` returns: the truth and where it was written.
    public struct UpResult {
        public var truth: LabTruth
        public var truthPath: String
        public var namespaces: Int
        public var processes: Int
    }

    /// Makes the lab of `spec` under `name` (a lab already up under that name is taken
    /// down first) and writes its truth to `truthPath` (default: in the lab folder).
    public static func up(spec: LabSpec, specPath: String, name: String? = nil, breach: String? = nil,
                          truthPath: String? = nil, log: @escaping (String) -> Void = { _ in }) throws -> UpResult {
        let labName = name ?? spec.name
        if let b = breach, !breachKinds.contains(b) {
            throw LabError("--breach '\(b)': unknown kind; known: \(breachKinds.joined(separator: ", "))", exitCode: 2)
        }
        var topo = try Topology(spec: spec, lab: labName)
        if let b = breach { topo.applyBreach(b) }
        try Environment.require([.sysAdmin, .netAdmin], for: "lab up (network namespaces)")
        try Environment.requireTools(tools(for: spec) + (breach.map(breachTools) ?? []))
        if try LabState.load(labName) != nil {
            log("lab \(labName) is up: taking it down first")
            _ = try down(name: labName, log: log)
        }
        let strays = existingNamespaces().filter { $0.hasPrefix("kp-\(labName)-") }
        if let s = strays.first {
            throw LabError.environment("namespace \(s) exists but no lab state records it: remove it (ip netns del \(s)) or choose another --name")
        }
        try? FileManager.default.removeItem(atPath: LabState.folder(labName))
        let state = LabState(lab: labName, spec: specPath, startedAt: ISO8601DateFormatter().string(from: Date()), complete: false,
                             namespaces: [], processes: [], files: [], truth: nil, breach: breach)
        let lab = Lab(name: labName, state: state, log: log)
        do {
            try lab.state.save()
            try lab.build(topo)
            let versions = try lab.versions()
            let truth = LabTruth(topology: topo, spec: spec, versions: versions,
                                 breach: breach.map { topo.breachTruth($0) })
            try lab.startServers(spec: spec, topo: topo)
            let path = truthPath ?? "\(lab.work)/truth.json"
            do { try truth.encoded().write(to: URL(fileURLWithPath: path)) } catch {
                throw LabError("--truth \(path): cannot write: \(error.localizedDescription)", exitCode: 2)
            }
            lab.state.truth = path
            try lab.startTraffic(spec: spec, topo: topo, breach: breach)
            lab.state.complete = true
            try lab.state.save()
            return UpResult(truth: truth, truthPath: path, namespaces: lab.state.namespaces.count, processes: lab.state.processes.count)
        } catch {
            log("lab up failed: removing what was made")
            _ = try? down(name: labName, log: log)
            throw error
        }
    }

    // MARK: network

    static func existingNamespaces() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: "/run/netns"))?.sorted() ?? []
    }

    func ipn(_ host: String, _ args: String...) throws {
        try Exec.check(["ip", "-n", "kp-\(name)-\(host)"] + args)
    }

    func nsExec(_ host: String, _ argv: [String], input: String? = nil) throws {
        try Exec.check(["ip", "netns", "exec", "kp-\(name)-\(host)"] + argv, input: input)
    }

    func build(_ t: Topology) throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: "/etc/netns") {
            try fm.createDirectory(atPath: "/etc/netns", withIntermediateDirectories: true)
            state.files.append("/etc/netns")
        }
        for h in t.hosts {
            let ns = t.netns(h.name)
            state.namespaces.append(ns)
            try state.save()
            try Exec.check(["ip", "netns", "add", ns])
            let etc = "/etc/netns/\(ns)"
            state.files.insert(etc, at: 0)
            try fm.createDirectory(atPath: etc, withIntermediateDirectories: true)
            let resolv = h.nameservers.isEmpty ? "nameserver 127.0.0.1\n" : h.nameservers.map { "nameserver \($0)\n" }.joined() + "options timeout:2 attempts:1\n"
            try resolv.write(toFile: "\(etc)/resolv.conf", atomically: true, encoding: .utf8)
            try "127.0.0.1\tlocalhost\n127.0.1.1\t\(h.name)\n".write(toFile: "\(etc)/hosts", atomically: true, encoding: .utf8)
            try ipn(h.name, "link", "set", "lo", "up")
            try nsExec(h.name, ["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1",
                                "net.ipv4.ip_forward=\(h.forwards ? 1 : 0)"])
            for b in h.bridges {
                try ipn(h.name, "link", "add", b.name, "type", "bridge", "forward_delay", "0")
                if let c = b.cidr { try ipn(h.name, "addr", "add", c, "dev", b.name) }
                try ipn(h.name, "link", "set", b.name, "up")
            }
        }
        try state.save()
        for l in t.links {
            try ipn(l.a, "link", "add", l.aIf, "type", "veth", "peer", "name", l.bIf, "netns", t.netns(l.b))
            for c in l.aCIDRs { try ipn(l.a, "addr", "add", c, "dev", l.aIf) }
            for c in l.bCIDRs { try ipn(l.b, "addr", "add", c, "dev", l.bIf) }
            if let br = l.bBridge { try ipn(l.b, "link", "set", l.bIf, "master", br) }
            // Offloads off: captured frames are the frames on the wire (no 64 KB GSO blobs).
            for (h, i) in [(l.a, l.aIf), (l.b, l.bIf)] {
                _ = try? Exec.run(["ip", "netns", "exec", t.netns(h), "ethtool", "-K", i, "tso", "off", "gso", "off", "gro", "off"])
                try ipn(h, "link", "set", i, "up")
            }
        }
        for h in t.hosts {
            for r in h.routes { try ipn(h.name, "route", "add", r.dest, "via", r.via) }
            if let out = h.masqueradeOut {
                let rules = "table ip nat {\n chain post {\n  type nat hook postrouting priority 100;\n  oifname \"\(out)\" masquerade\n }\n}\n"
                try nsExec(h.name, ["nft", "-f", "-"], input: rules)
            }
            if let rules = h.nftRules { try nsExec(h.name, ["nft", "-f", "-"], input: rules) }
        }
        log("\(t.hosts.count) namespaces, \(t.links.count) links")
    }

    // MARK: servers

    func versions() throws -> SoftwareVersions {
        let n = try Exec.run(["nginx", "-v"]).output
        let s = try Exec.run(["ssh", "-V"]).output
        guard let nv = n.split(separator: " ").last(where: { $0.hasPrefix("nginx/") }) else {
            throw LabError.environment("cannot read the nginx version from 'nginx -v': \(n)")
        }
        let sv = s.split(separator: ",").first.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        guard sv.hasPrefix("OpenSSH_") else { throw LabError.environment("cannot read the OpenSSH version from 'ssh -V': \(s)") }
        return SoftwareVersions(nginx: nv.trimmingCharacters(in: .whitespacesAndNewlines), openssh: sv)
    }

    /// Starts `argv` in `host`'s namespace with its own UTS namespace named after
    /// the host (banners show lab names, not this machine's); records the PID.
    /// `privateMounts` runs shell `setup` in a mount namespace of its own first.
    func start(_ host: String, _ what: String, _ argv: [String], privateMounts: String? = nil) throws {
        let ns = "kp-\(name)-\(host)"
        let unshare = ["unshare", "--uts"] + (privateMounts == nil ? [] : ["--mount"])
        let script = "hostname \"$0\"; \(privateMounts ?? "")exec \"$@\""
        let pid = try Exec.spawn(["ip", "netns", "exec", ns] + unshare + ["sh", "-c", script, host] + argv,
                                 log: "\(work)/logs/\(host)-\(what).log")
        usleep(2000)
        state.processes.append(LabState.Proc(pid: pid, startTime: LabState.startTime(of: pid) ?? 0, netns: ns, what: what))
        try state.save()
    }

    func write(_ text: String, _ path: String, mode: Int = 0o644) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    func startServers(spec: LabSpec, topo: Topology) throws {
        let w = work
        let fm = FileManager.default
        try fm.createDirectory(atPath: "\(w)/logs", withIntermediateDirectories: true)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: w)
        // Pages, the portal linking to every other site.
        for s in spec.hiddenSites ?? [] {
            try write(ServerConfigs.page(site: s.name, links: []), "\(w)/www/\(s.name)/index.html")
        }
        for s in spec.sites {
            let links = s.portal == true ? spec.sites.filter { $0.name != s.name }.map { ($0.name, $0.tls == true) } : []
            try write(ServerConfigs.page(site: s.name, links: links), "\(w)/www/\(s.name)/index.html")
            try write("<!DOCTYPE html>\n<html><head><title>About \(s.name)</title></head><body><p>About \(s.name).</p></body></html>\n",
                      "\(w)/www/\(s.name)/about.html")
        }
        try makeCertificates(sites: spec.sites.filter { $0.tls == true })
        var listeners: [(host: String, port: String)] = []
        for s in spec.servers {
            let dir = "\(w)/\(s.name)"
            try fm.createDirectory(atPath: "\(dir)/tmp", withIntermediateDirectories: true)
            if s.run.contains("web") {
                // Hidden sites come last: never the default server of their address.
                let sites = (spec.sites + (spec.hiddenSites ?? [])).filter { s.addrs.contains($0.addr) }
                try write(ServerConfigs.nginx(w: w, instance: s.name, servers: ServerConfigs.nginxSites(w: w, sites: sites)), "\(dir)/nginx.conf")
                try start(s.name, "nginx", ["nginx", "-e", "\(dir)/nginx-startup.log", "-p", "\(dir)/", "-c", "\(dir)/nginx.conf"])
                for a in Set(sites.map { "\($0.addr):\($0.tls == true ? 443 : 80)" }).sorted() { listeners.append((s.name, a)) }
            }
            if s.run.contains("dns") {
                var records = spec.sites.map { "host-record=\($0.name),www.\($0.name),\($0.addr)" }
                records += spec.servers.map { "host-record=\($0.name).kp,\($0.addrs[0])" }
                records += (spec.names ?? []).map { "host-record=\($0.name),\($0.addr)" }
                if let m = spec.mail, let ms = spec.servers.first(where: { $0.run.contains("smtp") }) {
                    records += ["host-record=\(m.hostname),\(ms.addrs[0])", "mx-host=\(m.domain),\(m.hostname),10"]
                }
                var conf = ServerConfigs.dnsmasq(w: w, host: s.name, addr: s.addrs[0], axfr: s.axfr == true, records: records)
                if state.breach == "dns-forwarder", s.name == topo.breachHost("dns-forwarder") { conf = Breaches.forwardingResolver(conf) }
                try write(conf, "\(dir)/dnsmasq.conf")
                try start(s.name, "dnsmasq", ["dnsmasq", "-k", "-C", "\(dir)/dnsmasq.conf", "--log-facility=\(dir)/dnsmasq.log"])
                listeners.append((s.name, "\(s.addrs[0]):53"))
            }
            if s.run.contains("smtp"), let m = spec.mail {
                // OpenSMTPD's control socket (/run/smtpd.sock) and queue (/var/spool/smtpd)
                // are fixed paths: each lab's smtpd gets private ones (tmpfs in its own
                // mount namespace), so labs can run side by side. The tmpfs goes over
                // /var/spool and the queue is made in it: installing opensmtpd does not
                // create /var/spool/smtpd, and the machine's own is never touched. The
                // configuration comes in as /etc/smtpd.conf, bind-mounted by `ip netns
                // exec` from /etc/netns.
                let conf = ServerConfigs.smtpd(hostname: m.hostname, addr: s.addrs[0], domain: m.domain, user: m.user)
                try write(conf, "/etc/netns/\(topo.netns(s.name))/smtpd.conf")
                try start(s.name, "smtpd", ["smtpd", "-d", "-f", "/etc/smtpd.conf"],
                          privateMounts: "mount -t tmpfs -o mode=755 tmpfs /run && mount -t tmpfs -o mode=755 tmpfs /var/spool && mkdir -m 711 /var/spool/smtpd && ")
                listeners.append((s.name, "\(s.addrs[0]):25"))
            }
            let mailProtocols = s.run.filter { $0 == "pop3" || $0 == "imap" }
            if !mailProtocols.isEmpty, let m = spec.mail {
                for d in ["run", "state", "home"] { try fm.createDirectory(atPath: "\(dir)/dovecot/\(d)", withIntermediateDirectories: true) }
                try fm.setAttributes([.posixPermissions: 0o777], ofItemAtPath: "\(dir)/dovecot/home")
                try write(ServerConfigs.dovecot(w: dir, addr: s.addrs[0], protocols: mailProtocols, password: m.password), "\(dir)/dovecot.conf")
                try start(s.name, "dovecot", ["dovecot", "-F", "-c", "\(dir)/dovecot.conf"])
                for p in mailProtocols { listeners.append((s.name, "\(s.addrs[0]):\(p == "pop3" ? 110 : 143)")) }
            }
            if s.run.contains("ssh") {
                try Exec.check(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "\(s.name).kp", "-f", "\(dir)/ssh_host_ed25519_key"])
                try write(ServerConfigs.sshd(w: w, host: s.name, addr: s.addrs[0]), "\(dir)/sshd_config")
                try fm.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
                try start(s.name, "sshd", ["/usr/sbin/sshd", "-D", "-e", "-f", "\(dir)/sshd_config"])
                listeners.append((s.name, "\(s.addrs[0]):22"))
            }
        }
        // The Internet side's canaries.
        try fm.createDirectory(atPath: "\(w)/inet/tmp", withIntermediateDirectories: true)
        try write(ServerConfigs.page(site: "outside", links: []), "\(w)/www-inet/index.html")
        try write(ServerConfigs.nginx(w: w, instance: "inet", servers: ["server { listen 198.51.100.10:80; listen 203.0.113.10:80; root \(w)/www-inet; }"]),
                  "\(w)/inet/nginx.conf")
        try start("inet", "nginx", ["nginx", "-e", "\(w)/inet/nginx-startup.log", "-p", "\(w)/inet/", "-c", "\(w)/inet/nginx.conf"])
        listeners += [("inet", "198.51.100.10:80"), ("inet", "203.0.113.10:80")]
        if let b = state.breach { listeners += try startBreach(b, topo: topo) }
        try waitForListeners(listeners)
        log("\(state.processes.count) servers listening on \(listeners.count) addresses and ports")
    }

    func makeCertificates(sites: [LabSpec.Site]) throws {
        guard !sites.isEmpty else { return }
        let d = "\(work)/tls"
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "3650"]
        try Exec.check(["openssl", "req", "-x509"] + ec + ["-keyout", "\(d)/ca.key", "-out", "\(d)/ca.crt",
                                                            "-subj", "/O=kpcensus lab/CN=kpcensus lab CA"])
        for s in sites {
            try Exec.check(["openssl", "req"] + ec + ["-CA", "\(d)/ca.crt", "-CAkey", "\(d)/ca.key",
                                                      "-keyout", "\(d)/\(s.name).key", "-out", "\(d)/\(s.name).crt",
                                                      "-subj", "/O=kpcensus lab/CN=\(s.name)", "-addext", "subjectAltName=DNS:\(s.name),DNS:www.\(s.name)"])
        }
    }

    /// Waits (10 s at most) until every server listens; names the first that does not.
    func waitForListeners(_ listeners: [(host: String, port: String)]) throws {
        var pending = listeners
        let deadline = Date().addingTimeInterval(10)
        while !pending.isEmpty {
            var byHost: [String: String] = [:]
            for h in Set(pending.map(\.host)) {
                byHost[h] = (try? Exec.run(["ip", "netns", "exec", "kp-\(name)-\(h)", "ss", "-Hlntu"]).output) ?? ""
            }
            pending.removeAll { l in
                byHost[l.host]!.split(separator: "\n").contains { $0.split(separator: " ").contains { $0 == Substring(l.port) } }
            }
            if pending.isEmpty { break }
            if Date() > deadline {
                let p = pending[0]
                // The lab folder goes with the failed lab: quote the server logs here.
                let logs = ((try? FileManager.default.contentsOfDirectory(atPath: "\(work)/logs")) ?? []).filter { $0.hasPrefix(p.host + "-") }.sorted()
                let tails = logs.map { f -> String in
                    let text = (try? String(contentsOfFile: "\(work)/logs/\(f)", encoding: .utf8)) ?? ""
                    return "\n  \(f): " + text.split(separator: "\n").suffix(4).joined(separator: "\n    ")
                }.joined()
                throw LabError.environment("nothing listens on \(p.port) in kp-\(name)-\(p.host) after 10 s; its server logs:\(tails)")
            }
            usleep(100_000)
        }
    }

    // MARK: traffic

    func startTraffic(spec: LabSpec, topo: Topology, breach: String?) throws {
        let plan = TrafficPlan(spec: spec, topology: topo, breach: breach)
        for dev in plan.devices.keys.sorted() {
            let path = "\(work)/traffic/\(dev).sh"
            try write(plan.script(device: dev, spec: spec, ca: "\(work)/tls/ca.crt"), path, mode: 0o755)
            try start(dev, "traffic", ["/bin/sh", path])
        }
        log("traffic from \(plan.devices.count) devices, cycle \(plan.cycleSeconds) s (seed \(spec.seed))")
    }
}
