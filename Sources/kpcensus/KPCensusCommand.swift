import ArgumentParser

/// The version printed by `--version` and stored with each census run.
let toolVersion = "0.1.0"

struct KPCensusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpcensus",
        abstract: "Census of a closed intranet: hosts, services, names and sites from captures.",
        discussion: """
            Exit codes: 0 ok, 1 findings you asked to fail on, 2 bad input or usage, 3 environment.
            Example: kpcensus analyze Datasets/captures/http-dns.pcap --json - --db census.sqlite
            """,
        version: toolVersion,
        subcommands: [AnalyzeCommand.self, CaptureCommand.self, LabCommand.self, ReportCommand.self, DiffCommand.self,
                      EstimateCommand.self, SimulateCommand.self, AirgapCommand.self, ScanCommand.self])
}
