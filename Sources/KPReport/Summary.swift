import KPCensus
import KPModel

/// The short human summary `analyze` prints: one screen, most telling facts first.
public enum Summary {
    public static func text(_ inv: Inventory, top: Int = 8) -> String {
        var out: [String] = []
        let i = inv.input
        out.append("kpcensus: \(i.files.count) input\(i.files.count == 1 ? "" : "s"), \(i.packets) packets, \(i.bytes) bytes"
            + (i.first.map { ", \($0) .. \(i.last ?? $0)" } ?? ""))
        for f in i.files where f.warning != nil {
            out.append("  warning: \(f.path): \(f.warning!)")
        }
        if i.truncatedPackets > 0 || i.undecodablePackets > 0 {
            out.append("  \(i.truncatedPackets) packets cut by the snap length, \(i.undecodablePackets) undecodable")
        }
        let servers = inv.hosts.filter { $0.roles.contains("server") }.count
        out.append("hosts     \(inv.hosts.count) (\(servers) servers, \(inv.users.clientAddrs) client addresses)")
        out.append("flows     tcp \(inv.flows.tcp), udp \(inv.flows.udp), icmp \(inv.flows.icmp), other \(inv.flows.other)"
            + (inv.flows.tcpWithoutHandshake > 0 ? " (\(inv.flows.tcpWithoutHandshake) tcp without handshake: roles from content/ports)" : ""))
        var byService: [String: Int] = [:]
        for s in inv.services { byService[s.service ?? "unidentified", default: 0] += 1 }
        let services = byService.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(top).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        out.append("services  \(inv.services.count)" + (services.isEmpty ? "" : ": \(services)"))
        let sites = inv.sites.prefix(top).map(\.name).joined(separator: ", ")
        out.append("sites     \(inv.sites.count)" + (sites.isEmpty ? "" : ": \(sites)\(inv.sites.count > top ? ", …" : "")"))
        let names = Set(inv.dns.queries.map(\.name)).union(inv.dns.answers.map(\.name))
        out.append("dns       \(names.count) names, \(inv.dns.queries.reduce(0) { $0 + $1.count }) queries, \(inv.dns.answers.count) distinct answers")
        out.append("http      \(inv.http.requests) requests to \(inv.http.hosts.count) hosts; tls \(inv.tls.serverNames.count) server names")
        let anomalies = inv.anomalies.sorted { $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code }
        out.append("anomalies \(anomalies.reduce(0) { $0 + $1.count })"
            + (anomalies.isEmpty ? "" : ": " + anomalies.prefix(top).map { "\($0.code) \($0.count)" }.joined(separator: ", ")))
        // A leak visible without any check: a service on an outside address answered.
        let leaks = inv.services.filter { Grouping.isOutsidePrivateRanges($0.addr) }
        if let first = leaks.first {
            out.append("air gap   \(leaks.count) service\(leaks.count == 1 ? "" : "s") on outside addresses answered (\(first.addr):\(first.port)/\(first.transport)"
                + "\(leaks.count > 1 ? ", …" : "")): the capture already shows a leak; run kpcensus airgap for the verdict and evidence")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
