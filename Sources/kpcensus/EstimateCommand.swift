import ArgumentParser
import Foundation
import KPCensus
import KPModel
import KPReport
import KPStore

struct EstimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Print a run's site and user estimates with their method and 95 % interval.",
        discussion: """
            Reads a census run from the database (the last complete one unless --run is given)
            and prints the site count and user estimates (capture–recapture over time windows:
            the model chosen, why, and the candidates), devices behind shared addresses and the
            spread of services over subnets. --json writes the same as JSON (kpcensus.estimates/1).

            Example:
              kpcensus analyze out/sim.pcap --db out/sim.sqlite -q
              kpcensus estimate --db out/sim.sqlite --json out/estimates.json
            """)

    @Option(help: "The census database (written by analyze --db).")
    var db: String

    @Option(name: .customLong("run"), help: "The run to read (default: the last complete run).")
    var runID: Int64?

    @Option(help: "Write the estimates as JSON here ('-' for standard output).")
    var json: String?

    @OptionGroup var output: OutputOptions

    struct Report: Encodable {
        var schema = "kpcensus.estimates/1"
        var run: Int64
        var siteCount: Inventory.Estimate
        var users: Inventory.Users
        var spread: Inventory.Spread
        enum CodingKeys: String, CodingKey {
            case schema, run, users, spread
            case siteCount = "site_count"
        }
    }

    func run() throws {
        _ = output.logger()
        guard FileManager.default.fileExists(atPath: db) else { throw ValidationError("--db \(db): no such file") }
        let store = try CensusStore(path: db)
        let last = try store.runs().last { $0.complete }?.id
        guard let id = runID ?? last else {
            throw ValidationError("--db \(db): no complete census run; run `kpcensus analyze FILE --db \(db)` first")
        }
        let inv = try store.inventory(run: id)
        if let json {
            let data = try CanonicalJSON.encode(Report(run: id, siteCount: inv.siteCount, users: inv.users, spread: inv.spread))
            if json == "-" { FileHandle.standardOutput.write(data) } else {
                do { try data.write(to: URL(fileURLWithPath: json)) } catch {
                    throw ValidationError("--json \(json): cannot write: \(error.localizedDescription)")
                }
            }
        }
        if !output.quiet && json != "-" { print(EstimateText.text(inv, run: id), terminator: "") }
    }
}

/// The estimates as a few lines of text.
enum EstimateText {
    static func number(_ x: Double?) -> String { x.map { String(format: "%.0f", $0) } ?? "null" }

    static func text(_ inv: Inventory, run: Int64) -> String {
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
