import ArgumentParser
import Foundation
import KPCensus
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

    func run() throws {
        _ = output.logger()
        guard FileManager.default.fileExists(atPath: db) else { throw ValidationError("--db \(db): no such file") }
        let store = try CensusStore(path: db)
        let last = try store.runs().last { $0.complete }?.id
        guard let id = runID ?? last else {
            throw ValidationError("--db \(db): no complete census run; run `kpcensus analyze FILE --db \(db)` first")
        }
        let inv = try store.inventory(run: id)
        if let json { try OutputFile.write(try CanonicalJSON.encode(EstimateReport(run: id, inventory: inv)), to: json, option: "--json") }
        if !output.quiet && json != "-" { print(EstimateText.text(inv, run: id), terminator: "") }
    }
}
