import KPModel

/// `scan --oG FILE`: nmap's grepable format, one `Host:` line for the status and one
/// for the ports: `Ports: 22/open/tcp//ssh//OpenSSH 9.2p1/, …` (port/state/protocol/
/// owner/service/rpc/version). As nmap does, '/' and ',' inside a field become '|'.
public enum NmapGrepable {
    public static func document(_ inv: Inventory, args: String, elapsed: Double) -> String {
        let scan = inv.scan ?? ScanSection()
        var out = "# kpcensus scan as: \(args)\n"
        let rows = Dictionary(grouping: NmapPortRow.rows(inv), by: \.addr)
        let names = NmapPortRow.hostNames(inv)
        for h in inv.hosts {
            let host = "Host: \(h.addr) (\(names[h.addr]?.first ?? ""))"
            out += "\(host)\tStatus: Up\n"
            let ports = (rows[h.addr] ?? []).sorted { ($0.proto, $0.port) < ($1.proto, $1.port) }
            if ports.isEmpty { continue }
            let fields = ports.map { p in "\(p.port)/open/\(p.proto)//\(field(p.name))//\(field(p.versionText))/" }
            out += "\(host)\tPorts: \(fields.joined(separator: ", "))\n"
        }
        out += "# kpcensus done: \(scan.targets) IP addresses (\(inv.hosts.count) hosts up) scanned in \(String(format: "%.2f", elapsed)) seconds\n"
        return out
    }

    static func field(_ s: String) -> String {
        String(s.map { $0 == "/" || $0 == "," ? "|" : ($0.isNewline ? " " : $0) })
    }
}
