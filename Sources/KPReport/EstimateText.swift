import Foundation
import KPCensus

/// `estimate --json`: a run's site and user estimates and the spread of services (kpcensus.estimates/1).
public struct EstimateReport: Encodable {
    public var schema = "kpcensus.estimates/1"
    public var run: Int64
    public var siteCount: Inventory.Estimate
    public var users: Inventory.Users
    public var spread: Inventory.Spread

    public init(run: Int64, inventory inv: Inventory) {
        self.run = run
        siteCount = inv.siteCount
        users = inv.users
        spread = inv.spread
    }

    enum CodingKeys: String, CodingKey {
        case schema, run, users, spread
        case siteCount = "site_count"
    }
}

/// The estimates as a few lines of text.
public enum EstimateText {
    static func number(_ x: Double?) -> String { x.map { String(format: "%.0f", $0) } ?? "null" }

    /// The text `estimate` prints for run `run`.
    public static func text(_ inv: Inventory, run: Int64) -> String {
        var out: [String] = []
        let s = inv.siteCount, u = inv.users
        out.append("run       \(run)")
        out.append("sites     observed \(s.observed), estimate \(number(s.estimate))"
            + (s.ci95.map { " [\(number($0[0])), \(number($0[1]))]" } ?? "") + " (\(s.method))")
        if let r = s.reason { out.append("          \(r)") }
        for m in s.models { out.append("          \(m.method): \(number(m.estimate)) [\(number(m.ci95[0])), \(number(m.ci95[1]))]" + (m.aic.map { String(format: ", AIC %.1f", $0) } ?? "")) }
        out.append("users     \(u.clientAddrs) client addresses, \(u.devices) devices, estimate \(number(u.estimate))"
            + (u.ci95.map { " [\(number($0[0])), \(number($0[1]))]" } ?? "") + " (\(u.method))")
        if let r = u.reason { out.append("          \(r)") }
        for m in u.models { out.append("          \(m.method): \(number(m.estimate)) [\(number(m.ci95[0])), \(number(m.ci95[1]))]" + (m.aic.map { String(format: ", AIC %.1f", $0) } ?? "")) }
        out.append("spread    \(inv.spread.hosts) server hosts in \(inv.spread.subnets) /\(inv.spread.subnetPrefix) subnets")
        for sv in inv.spread.services {
            out.append(String(format: "          %@: %d hosts (%.1f %%), %d subnets (%.1f %%), HHI %.3f", sv.service, sv.hosts,
                              sv.hostShare * 100, sv.subnets, sv.subnetShare * 100, sv.hhi))
        }
        return out.joined(separator: "\n") + "\n"
    }
}
