import ArgumentParser
import KPPipeline
import KPReport

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Take the census of pcap/pcapng files: hosts, services, names, sites, clients.",
        discussion: """
            Reads every FILE in order into one census run ('-' reads standard input), prints a
            summary, writes the inventory JSON (kpcensus.inventory/1) and stores the run in SQLite.
            A file cut inside a record keeps every complete packet (warning, exit 0); a corrupt
            record stops that file (what was read is kept and written, exit 2).

            Example:
              kpcensus analyze Datasets/captures/http-dns.pcap --filter 'port 53 or port 80' \\
                --json inventory.json --db census.sqlite
            """)

    @Argument(help: "Capture files (pcap or pcapng); '-' for standard input.")
    var files: [String]

    @OptionGroup var inventory: InventoryOptions

    @Option(help: "Only packets matching this BPF filter (tcpdump syntax), compiled by libpcap.")
    var filter: String?

    @OptionGroup var serviceProbes: ServiceProbesOption

    @OptionGroup var output: OutputOptions

    func run() throws {
        let log = output.logger()
        let probes = try serviceProbes.load(log: log)
        let analyzer = try Analyzer(paths: files, filter: filter, serviceProbes: probes)
        let store = try inventory.openStore()
        let runID = try store?.beginRun(kind: "analyze", toolVersion: toolVersion, filter: filter)
        log.info("reading \(files.count) input(s)")
        let progress = TerminalProgress(quiet: output.quiet)
        let result = analyzer.run { p in
            if progress.enabled { progress.update(p) } else { log.info("\(p.packets) packets") }
        }
        progress.finish()
        for w in result.warnings { log.warning("\(w)") }
        for e in result.errors { log.error("\(e)") }
        try inventory.write(result.inventory, observations: result.observations, store: store, runID: runID, log: log)
        if !output.quiet { inventory.printSummary(Summary.text(result.inventory)) }
        if !result.errors.isEmpty { throw ExitCode(2) }
    }
}
