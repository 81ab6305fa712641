import ArgumentParser
import Foundation
import KPModel
import KPReport
import KPCensus
import KPStore

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two census runs: sites, hosts and services that appeared or disappeared, and how the estimates moved.",
        discussion: """
            Either two databases (the latest complete run of each, or the runs given by two --run,
            in order), or one --db with two --run. A is before, B after: '+' appeared in B, '-'
            disappeared from A. --json writes kpcensus.diff/1 to standard output instead of text.

            Examples:
              kpcensus diff january.sqlite february.sqlite
              kpcensus diff --db census.sqlite --run 3 --run 7 --json
            """)

    @Argument(help: "Two census databases, A then B.")
    var databases: [String] = []

    @Option(help: "One census database holding both runs.")
    var db: String?

    @Option(name: .customLong("run"), help: "A run id; give it twice (A, then B).")
    var runs: [Int64] = []

    @Flag(help: "Write the diff as kpcensus.diff/1 JSON to standard output.")
    var json = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let db {
            if !databases.isEmpty { throw ValidationError("give either --db with two --run, or two databases, not both (--db \(db))") }
            if runs.count != 2 { throw ValidationError("--db \(db) needs two --run (A, then B); got \(runs.count)") }
        } else {
            if databases.count != 2 { throw ValidationError("give two census databases (A B), or --db PATH --run A --run B") }
            if runs.count != 0 && runs.count != 2 { throw ValidationError("with two databases give no --run or two (one per database)") }
        }
    }

    func run() throws {
        _ = output.logger()
        let paths = db.map { [$0, $0] } ?? databases
        var sides: [(CensusDiff.Side, Inventory)] = []
        for (n, path) in paths.enumerated() {
            let store = try CensusStore.existing(path: path)
            let info = try runs.isEmpty ? store.latestCompleteRun() : store.runInfo(runs[n])
            let inv = try store.inventory(run: info.id)
            sides.append((CensusDiff.Side(db: path, run: info.id, first: inv.input.first, last: inv.input.last, packets: inv.input.packets), inv))
        }
        let diff = CensusDiff(a: sides[0].1, sides[0].0, b: sides[1].1, sides[1].0)
        if json {
            FileHandle.standardOutput.write(try CanonicalJSON.encode(diff))
        } else {
            print(diff.text, terminator: "")
        }
    }
}
