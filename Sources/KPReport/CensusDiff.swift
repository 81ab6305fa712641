import KPCensus
import KPModel

/// What changed between two census runs (`kpcensus.diff/1`): sites, hosts and
/// services that appeared or disappeared, and how the counts and estimates moved.
public struct CensusDiff: Codable, Equatable, Sendable {
    public static let schemaID = "kpcensus.diff/1"

    /// Always "kpcensus.diff/1".
    public var schema = CensusDiff.schemaID
    /// The two runs, "A" (before) and "B" (after).
    public var a: Side
    public var b: Side
    public var sites: Change
    public var hosts: Change
    /// Services as "addr port/transport service".
    public var services: Change
    /// Services whose identified protocol, software, product or version changed.
    public var servicesChanged: [ServiceChange]
    public var estimates: [EstimateMove]

    enum CodingKeys: String, CodingKey {
        case schema, a, b, sites, hosts, services, estimates
        case servicesChanged = "services_changed"
    }

    public struct Side: Codable, Equatable, Sendable {
        /// Database path.
        public var db: String
        public var run: Int64
        public var first: String?
        public var last: String?
        public var packets: Int

        public init(db: String, run: Int64, first: String?, last: String?, packets: Int) { (self.db, self.run, self.first, self.last, self.packets) = (db, run, first, last, packets) }
    }

    public struct Change: Codable, Equatable, Sendable {
        public var added: [String]
        public var removed: [String]
        /// In both runs.
        public var kept: Int
    }

    public struct ServiceChange: Codable, Equatable, Sendable {
        /// "addr port/transport".
        public var service: String
        public var before: String
        public var after: String
    }

    public struct EstimateMove: Codable, Equatable, Sendable {
        /// "sites" or "users".
        public var quantity: String
        public var before: CensusReport.Estimate
        public var after: CensusReport.Estimate
        /// after.estimate − before.estimate; null when either side has no estimate.
        public var change: Double?
    }

    /// Compares run A (before) with run B (after).
    public init(a: Inventory, _ sideA: Side, b: Inventory, _ sideB: Side) {
        self.a = sideA
        self.b = sideB
        sites = Self.change(a.sites.map(\.name), b.sites.map(\.name), less: <)
        hosts = Self.change(a.hosts.map(\.addr), b.hosts.map(\.addr), less: Grouping.addrLess)
        func key(_ s: Inventory.Service) -> String { "\(s.addr) \(s.port)/\(s.transport)" }
        // A changed product or version (nmap's fingerprints) is a change too.
        func label(_ s: Inventory.Service) -> String {
            let product = [s.product, s.version].compactMap { $0 }.joined(separator: " ")
            return "\(s.service ?? "unidentified")\(s.software.map { " (\($0))" } ?? "")\(product.isEmpty ? "" : " [\(product)]")"
        }
        let serviceLess: (String, String) -> Bool = { x, y in
            let px = x.split(separator: " "), py = y.split(separator: " ")
            if px[0] != py[0] { return Grouping.addrLess(String(px[0]), String(py[0])) }
            let portX = Int(px[1].split(separator: "/")[0]) ?? 0, portY = Int(py[1].split(separator: "/")[0]) ?? 0
            return portX != portY ? portX < portY : x < y
        }
        services = Self.change(a.services.map { "\(key($0)) \($0.service ?? "unidentified")" },
                               b.services.map { "\(key($0)) \($0.service ?? "unidentified")" }, less: serviceLess)
        let before = Dictionary(a.services.map { (key($0), label($0)) }, uniquingKeysWith: { x, _ in x })
        servicesChanged = b.services.compactMap { s in
            guard let old = before[key(s)], old != label(s) else { return nil }
            return ServiceChange(service: key(s), before: old, after: label(s))
        }.sorted { serviceLess($0.service, $1.service) }
        let ua = CensusReport.Estimate(a.users.deviceEstimate), ub = CensusReport.Estimate(b.users.deviceEstimate)
        let sa = CensusReport.Estimate(a.siteCount), sb = CensusReport.Estimate(b.siteCount)
        func move(_ q: String, _ x: CensusReport.Estimate, _ y: CensusReport.Estimate) -> EstimateMove {
            let change: Double? = x.estimate.flatMap { before in y.estimate.map { $0 - before } }
            return EstimateMove(quantity: q, before: x, after: y, change: change)
        }
        estimates = [move("sites", sa, sb), move("users", ua, ub)]
    }

    static func change(_ a: [String], _ b: [String], less: (String, String) -> Bool) -> Change {
        let sa = Set(a), sb = Set(b)
        return Change(added: sb.subtracting(sa).sorted(by: less), removed: sa.subtracting(sb).sorted(by: less),
                      kept: sa.intersection(sb).count)
    }

    /// The diff as text for the terminal: "+" appeared, "-" disappeared.
    public var text: String {
        func side(_ s: Side) -> String {
            "\(s.db) run \(s.run) (\(s.packets) packets\(s.first.map { ", \($0) .. \(s.last ?? $0)" } ?? ""))"
        }
        var out = "A: \(side(a))\nB: \(side(b))\n"
        for (name, c) in [("sites", sites), ("hosts", hosts), ("services", services)] {
            out += "\n\(name): +\(c.added.count) -\(c.removed.count) (\(c.kept) in both)\n"
            for x in c.added { out += "  + \(x)\n" }
            for x in c.removed { out += "  - \(x)\n" }
        }
        if !servicesChanged.isEmpty {
            out += "\nservices changed: \(servicesChanged.count)\n"
            for c in servicesChanged { out += "  ~ \(c.service): \(c.before) -> \(c.after)\n" }
        }
        out += "\nestimates:\n"
        for e in estimates {
            let change = e.change.map { ($0 > 0 ? "+" : "") + ReportSections.num($0) } ?? "n/a"
            out += "  \(e.quantity): \(ReportSections.estimateText(e.before)) -> \(ReportSections.estimateText(e.after)), change \(change)\n"
        }
        return out
    }
}
