import Foundation
import KPModel

/// Injected air-gap breaches (`lab up --breach KIND`): each opens one way across
/// the border, and the truth names the host that bridges.
///
/// - `forwarding` (`forward`): the border routes between the intranet and the Internet side.
/// - `nat`: the border routes and masquerades behind 198.51.100.1.
/// - `icmp-only`: the border routes ICMP only.
/// - `dns-forwarder`: the first resolver forwards names outside `.kp` to a resolver on
///   the Internet side (which answers every name with 203.0.113.10); the border passes its DNS only.
/// - `http-proxy`: tinyproxy on the first web server's first address, port 8888; the border
///   passes its HTTP only.
/// - `tunnel`: the first client runs IP-in-IP (protocol 4) to 203.0.113.10 through a TUN
///   device and a raw socket (a userspace tunnel: this kernel has no ipip, gre or sit
///   module); the border passes protocol 4 between the two ends only.
extension Topology {
    /// The Internet side's resolver (dns-forwarder) and tunnel end.
    public static let outsideResolver = "198.51.100.10"
    public static let tunnelOutside = "203.0.113.10"
    /// Addresses inside the tunnel: the inside end and the outside end.
    public static let tunnelInner = ("10.254.0.1", "203.0.113.66")
    public static let proxyPort = 8888

    /// The host that bridges the gap for `kind`.
    public func breachHost(_ kind: String) -> String {
        switch kind {
        case "dns-forwarder": return hosts.first { h in h.role == "server" && h.nameserversServe }?.name ?? "border"
        case "http-proxy": return webServer?.name ?? "border"
        case "tunnel": return hosts.first { $0.role == "client" && $0.kind != "cafe" }?.name ?? "border"
        default: return "border"
        }
    }

    var webServer: Host? { hosts.first { $0.role == "server" && $0.runsWeb } }

    /// The truth's record of the breach.
    public func breachTruth(_ kind: String) -> LabTruth.Breach {
        let h = host(breachHost(kind))!
        let what: String
        switch kind {
        case "nat": what = "the border host forwards and masquerades intranet traffic to the Internet side"
        case "icmp-only": what = "the border host forwards ICMP (only) between the intranet and the Internet side"
        case "dns-forwarder": what = "\(h.name) resolves names outside .kp through \(Topology.outsideResolver) on the Internet side"
        case "http-proxy": what = "\(h.name) runs an HTTP proxy (tinyproxy, port \(Topology.proxyPort)) that fetches from the Internet side"
        case "tunnel": what = "\(h.name) tunnels IP in IP (protocol 4) to \(Topology.tunnelOutside) on the Internet side"
        default: what = "the border host forwards between the intranet and the Internet side"
        }
        return LabTruth.Breach(kind: kind, host: h.name, netns: netns(h.name), addrs: h.addrs, description: what)
    }

    /// Opens the border for `kind`: routes at the core, forwarding and a filter at the border.
    mutating func applyBreach(_ kind: String) {
        guard Lab.breachKinds.contains(kind) else { return }
        let bridge = host(breachHost(kind))
        let pass: String?
        switch kind {
        case "icmp-only": pass = "meta l4proto icmp accept"
        case "dns-forwarder": pass = "ip saddr \(bridge!.addrs[0]) meta l4proto { udp, tcp } th dport 53 accept"
        case "http-proxy": pass = "ip saddr \(bridge!.addrs[0]) tcp dport { 80, 443 } accept"
        case "tunnel": pass = "ip protocol 4 ip saddr { \(bridge!.addrs[0]), \(Topology.tunnelOutside) } ip daddr { \(bridge!.addrs[0]), \(Topology.tunnelOutside) } accept"
        default: pass = nil
        }
        for i in hosts.indices {
            switch hosts[i].name {
            case "border":
                hosts[i].forwards = true
                if kind == "nat" { hosts[i].masqueradeOut = "out0" }
                if let pass {
                    hosts[i].nftRules = "table inet kpbreach {\n chain kpfwd {\n  type filter hook forward priority 0; policy drop;\n  ct state established,related accept\n  \(pass)\n }\n}\n"
                }
            case "core": hosts[i].routes += Topology.outside.map { ($0, "10.255.250.2") }
            default: break
            }
        }
    }
}

extension Topology.Host {
    var nameserversServe: Bool { serves.contains("dns") }
    var runsWeb: Bool { serves.contains("web") }
}

extension Lab {
    /// Starts what the breach needs besides routes (resolver, proxy, tunnel ends);
    /// returns listeners to wait for.
    func startBreach(_ kind: String, topo: Topology) throws -> [(host: String, port: String)] {
        let w = work
        let bridge = topo.host(topo.breachHost(kind))!
        switch kind {
        case "dns-forwarder":
            try write(["no-resolv", "no-hosts", "bind-interfaces", "listen-address=\(Topology.outsideResolver)", "pid-file=\(w)/inet/dnsmasq.pid",
                       "user=root", "address=/#/\(Topology.tunnelOutside)"].joined(separator: "\n") + "\n", "\(w)/inet/dnsmasq.conf")
            try start("inet", "dnsmasq", ["dnsmasq", "-k", "-C", "\(w)/inet/dnsmasq.conf", "--log-facility=\(w)/inet/dnsmasq.log"])
            return [("inet", "\(Topology.outsideResolver):53")]
        case "http-proxy":
            let addr = bridge.addrs[0]
            try write("""
                Port \(Topology.proxyPort)
                Listen \(addr)
                Timeout 10
                MaxClients 20
                Allow 10.0.0.0/8
                PidFile "\(w)/\(bridge.name)/tinyproxy.pid"
                LogLevel Info

                """, "\(w)/\(bridge.name)/tinyproxy.conf")
            try start(bridge.name, "tinyproxy", ["tinyproxy", "-d", "-c", "\(w)/\(bridge.name)/tinyproxy.conf"])
            return [(bridge.name, "\(addr):\(Topology.proxyPort)")]
        case "tunnel":
            let (innerIn, innerOut) = Topology.tunnelInner
            try write(Breaches.tunnelScript, "\(w)/tunnel.py", mode: 0o755)
            let ends = [(bridge.name, innerIn, innerOut, bridge.addrs[0], Topology.tunnelOutside),
                        ("inet", innerOut, innerIn, Topology.tunnelOutside, bridge.addrs[0])]
            for (h, local, peer, outer, remote) in ends {
                try ipn(h, "tuntap", "add", "dev", "kptun0", "mode", "tun")
                try ipn(h, "addr", "add", local, "peer", peer, "dev", "kptun0")
                try ipn(h, "link", "set", "kptun0", "up")
                try start(h, "tunnel", ["python3", "\(w)/tunnel.py", "kptun0", outer, remote])
            }
            // Traffic through the tunnel, so that a capture or the canary listener sees it.
            try start(bridge.name, "tunnel-ping", ["ping", "-n", "-i", "1", innerOut])
            return []
        default:
            return []
        }
    }
}

enum Breaches {
    /// The dns-forwarder breach's resolver: dnsmasq answers only authoritatively on
    /// an auth-server address, so the bridging resolver drops its auth lines, keeps
    /// its .kp records local and forwards every other name outside.
    static func forwardingResolver(_ conf: String) -> String {
        let kept = conf.split(separator: "\n").filter { !$0.hasPrefix("auth-") }.map(String.init)
        return (kept + ["local=/kp/", "server=\(Topology.outsideResolver)"]).joined(separator: "\n") + "\n"
    }

    /// A userspace IP-in-IP tunnel end: packets read from the TUN device go out in a
    /// raw protocol-4 socket to the remote end; protocol-4 packets from it are
    /// written back to the TUN device without their outer header.
    static let tunnelScript = """
        #!/usr/bin/env python3
        # kpcensus lab: userspace IP-in-IP tunnel (protocol 4), TUN device <-> raw socket.
        import fcntl, os, select, socket, struct, sys
        dev, local, remote = sys.argv[1], sys.argv[2], sys.argv[3]
        fd = os.open("/dev/net/tun", os.O_RDWR)
        fcntl.ioctl(fd, 0x400454CA, struct.pack("16sH", dev.encode(), 0x0001 | 0x1000))  # TUNSETIFF, IFF_TUN | IFF_NO_PI
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 4)
        s.bind((local, 0))
        while True:
            r, _, _ = select.select([fd, s], [], [])
            if fd in r:
                pkt = os.read(fd, 65535)
                if pkt and pkt[0] >> 4 == 4:
                    s.sendto(pkt, (remote, 0))
            if s in r:
                data, addr = s.recvfrom(65535)
                if addr[0] == remote:
                    os.write(fd, data[(data[0] & 15) * 4:])

        """
}
