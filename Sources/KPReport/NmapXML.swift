import Foundation
import KPModel

/// `scan --oX FILE`: the scan in nmap's XML format, valid against nmap's DTD
/// (/usr/share/nmap/nmap.dtd), so tools that import nmap scans read it. The DTD allows
/// only scanner="nmap"; the writer is named in `version` and in a comment.
public enum NmapXML {
    public struct Run: Sendable {
        public var args: String
        public var start: Date
        public var elapsed: Double
        public var ports: [UInt16]
        public var toolVersion: String
        /// The UDP ports of `--probes udp` (empty: no UDP scan).
        public var udpPorts: [UInt16]
        public init(args: String, start: Date, elapsed: Double, ports: [UInt16], toolVersion: String, udpPorts: [UInt16] = []) {
            (self.args, self.start, self.elapsed, self.ports, self.toolVersion, self.udpPorts) = (args, start, elapsed, ports, toolVersion, udpPorts)
        }
    }

    public static func document(_ inv: Inventory, run: Run) -> String {
        let scan = inv.scan ?? ScanSection()
        let start = Int(run.start.timeIntervalSince1970)
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE nmaprun>\n"
        x += "<!-- written by kpcensus \(escape(run.toolVersion)) scan -->\n"
        x += "<nmaprun scanner=\"nmap\" args=\"\(escape(run.args))\" start=\"\(start)\" version=\"kpcensus-\(escape(run.toolVersion))\" xmloutputversion=\"1.05\">\n"
        if let method = scan.portScan, method == "syn" || method == "connect" {
            x += "<scaninfo type=\"\(method)\" protocol=\"tcp\" numservices=\"\(run.ports.count)\" services=\"\(portList(run.ports))\"/>\n"
        }
        if !run.udpPorts.isEmpty {
            x += "<scaninfo type=\"udp\" protocol=\"udp\" numservices=\"\(run.udpPorts.count)\" services=\"\(portList(run.udpPorts))\"/>\n"
        }
        x += "<verbose level=\"0\"/>\n<debugging level=\"0\"/>\n"
        let rows = Dictionary(grouping: NmapPortRow.rows(inv), by: \.addr)
        let names = NmapPortRow.hostNames(inv)
        for h in inv.hosts {
            let ports = (rows[h.addr] ?? []).sorted { ($0.proto, $0.port) < ($1.proto, $1.port) }
            let reason = ports.contains { $0.proto == "tcp" } ? "syn-ack" : "echo-reply"
            x += "<host><status state=\"up\" reason=\"\(reason)\" reason_ttl=\"0\"/>\n"
            x += "<address addr=\"\(escape(h.addr))\" addrtype=\"\(h.addr.contains(":") ? "ipv6" : "ipv4")\"/>\n"
            x += "<hostnames>"
            for n in names[h.addr] ?? [] { x += "<hostname name=\"\(escape(n))\" type=\"PTR\"/>" }
            x += "</hostnames>\n<ports>"
            for p in ports {
                x += "<port protocol=\"\(p.proto)\" portid=\"\(p.port)\"><state state=\"open\" reason=\"\(p.proto == "tcp" ? "syn-ack" : "udp-response")\" reason_ttl=\"0\"/>"
                x += "<service name=\"\(escape(p.name))\""
                if let product = p.product { x += " product=\"\(escape(product))\"" }
                if let version = p.version { x += " version=\"\(escape(version))\"" }
                if let info = p.info { x += " extrainfo=\"\(escape(info))\"" }
                x += " method=\"\(p.probed ? "probed" : "table")\" conf=\"\(p.probed ? 10 : 3)\""
                x += p.cpe.isEmpty ? "/>" : ">" + p.cpe.map { "<cpe>\(escape($0))</cpe>" }.joined() + "</service>"
                x += "</port>\n"
            }
            x += "</ports>\n</host>\n"
        }
        let end = start + Int(run.elapsed.rounded())
        x += "<runstats><finished time=\"\(end)\" elapsed=\"\(String(format: "%.2f", run.elapsed))\" exit=\"success\"/>"
        x += "<hosts up=\"\(inv.hosts.count)\" down=\"\(max(0, scan.targets - inv.hosts.count))\" total=\"\(scan.targets)\"/></runstats>\n</nmaprun>\n"
        return x
    }

    /// nmap's compact port list: 22,25,80-82.
    static func portList(_ ports: [UInt16]) -> String {
        var out: [String] = []
        var sorted = Array(Set(ports)).sorted()[...]
        while let first = sorted.first {
            var last = first
            sorted = sorted.dropFirst()
            while let next = sorted.first, next == last + 1 { last = next; sorted = sorted.dropFirst() }
            out.append(first == last ? "\(first)" : "\(first)-\(last)")
        }
        return out.joined(separator: ",")
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            // XML 1.0 forbids most control characters even as references: banners can hold them.
            case _ where c.value < 0x20 && c != "\t" && c != "\n" && c != "\r": out += "?"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
