import KPCensus
import KPModel

/// The few lines `scan` prints: what was probed and what was found.
public enum ScanSummary {
    /// The summary of a scan that took `seconds`.
    public static func text(_ inv: Inventory, seconds: Double) -> String {
        let s = inv.scan ?? ScanSection()
        var lines = [
            "scanned \(s.targets) addresses in \(s.scope.joined(separator: ",")) with \(s.probes.joined(separator: ",")) in \(String(format: "%.1f", seconds)) s (\(s.probesSent) probes, port scan: \(s.portScan ?? "none"))",
            "hosts: \(inv.hosts.count)  services: \(inv.services.count)  names: \(Set(inv.dns.answers.map(\.name)).count)  sites: \(inv.sites.count)",
        ]
        for svc in inv.services {
            // nmap's product and version (`--probes version`), when its probes named them.
            let product = [svc.product, svc.version].compactMap { $0 }.joined(separator: " ")
            lines.append("  \(svc.addr):\(svc.port)/\(svc.transport)  \(svc.service ?? "?")  \(svc.software ?? "")" + (product.isEmpty ? "" : "  [\(product)]"))
        }
        for d in s.dnsServers {
            lines.append("  dns \(d.addr): " + d.zones.map { "\($0.zone) \($0.authoritative ? "authoritative" : "not authoritative"), axfr \($0.axfr ?? "not tried")" }.joined(separator: "; "))
        }
        if !s.outOfScope.isEmpty { lines.append("not probed (outside the scope): \(s.outOfScope.count)") }
        if let n = s.note { lines.append("note: \(n)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
