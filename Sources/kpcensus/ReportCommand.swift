import ArgumentParser
import Foundation
import KPReport
import KPStore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the census report of a run: Markdown, self-contained HTML with charts, JSON or CSV.",
        discussion: """
            Reads one run of a census database (default: the latest complete run) and writes its
            report: overview, sites, users, spread of services, hosts, DNS, air gap, data quality,
            activity over time and method notes. What the run did not measure is said so, never
            invented. html is one file with inline CSS and SVG (open it in any browser, offline);
            csv writes one file per table into the --out directory; json is kpcensus.report/1.
            A second --run joins that run in (e.g. a scan next to a capture): its hosts, services,
            names, sites and zone-transfer results appear beside the first run's, marked as such.

            Example:
              kpcensus analyze Datasets/captures/http-dns.pcap --db census.sqlite
              kpcensus report --db census.sqlite --format html --out report.html
              kpcensus report --db census.sqlite --run 1 --run 2 --format md --out both.md
            """)

    @Option(help: "The census database to read.")
    var db: String

    @Option(name: .customLong("run"), help: ArgumentHelp(
        "The run to report (default: the latest complete run); repeat to join more runs (e.g. a scan) into it.",
        valueName: "ID"))
    var runIDs: [Int64] = []

    @Option(help: "md, html, json or csv.")
    var format: String

    @Option(help: "Output file ('-' for standard output), or a directory for csv.")
    var out: String

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if ReportFormat(rawValue: format) == nil {
            throw ValidationError("--format \(format): give one of md, html, json, csv")
        }
    }

    func run() throws {
        let log = output.logger()
        let store = try CensusStore.existing(path: db)
        let infos = runIDs.isEmpty ? [try store.latestCompleteRun()] : try runIDs.map { try store.runInfo($0) }
        for i in infos where !i.complete { log.warning("run \(i.id) is incomplete (interrupted): the report shows what it stored") }
        func ref(_ i: RunInfo) -> CensusReport.Run { .init(id: i.id, kind: i.kind, complete: i.complete, toolVersion: i.toolVersion) }
        let info = infos[0]
        let joined = try infos.dropFirst().map { (run: ref($0), inventory: try store.inventory(run: $0.id)) }
        var report = CensusReport(inventory: try store.inventory(run: info.id), run: ref(info), joined: joined)
        if let stored = try store.airgap(run: info.id) { report.airGap = try AirgapStore.section(stored, outsideAddrs: report.airGap.outsideAddrs) }
        do {
            try ReportWriter.write(report, format: ReportFormat(rawValue: format)!, to: out)
        } catch let e as ReportWriter.WriteError {
            throw ValidationError(e.description)
        }
        log.info("wrote the \(format) report of run \(info.id) to \(out)")
    }
}
