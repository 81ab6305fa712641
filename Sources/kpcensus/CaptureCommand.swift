import ArgumentParser
import Foundation
import KPCensus
import KPPipeline
import KPReport

/// `kpcensus capture`: the census of a live interface, the same pipeline as `analyze`.
struct CaptureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Take the census of a live interface (libpcap; -i any for all of a namespace's interfaces); optionally write the packets.",
        discussion: """
            Runs until --duration or --count is reached, or until SIGINT/SIGTERM (Ctrl-C); then
            prints the summary with the kernel's drop counters, writes the inventory JSON and
            stores the run. --write flushes after each buffer, so a killed run leaves a
            readable pcap. Needs CAP_NET_RAW (and CAP_SYS_ADMIN with --netns).

            Example:
              sudo kpcensus capture --netns kp-small-core -i to-dc --duration 60 \\
                --write lab.pcap --json inventory.json --db census.sqlite
            """)

    @Option(name: [.customShort("i"), .long], help: "Interface to capture on (\"any\": every interface of the namespace, Linux cooked headers).")
    var interface: String

    @Option(help: "Capture inside this network namespace (a name from 'ip netns list', e.g. a lab's kp-small-core).")
    var netns: String?

    @Option(help: "Only packets matching this BPF filter (tcpdump syntax).")
    var filter: String?

    @Option(help: "Stop after this many seconds.")
    var duration: Double?

    @Option(help: "Stop after this many packets.")
    var count: Int?

    @Option(help: "Bytes kept of each packet.")
    var snaplen = 262_144

    @Option(help: "Also write the packets to this pcap file.")
    var write: String?

    @OptionGroup var inventory: InventoryOptions

    @OptionGroup var serviceProbes: ServiceProbesOption

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let d = duration, !(d > 0) { throw ValidationError("--duration \(d): give a number of seconds above 0") }
        if let c = count, c < 1 { throw ValidationError("--count \(c): give a number of packets above 0") }
        if !(64 ... 262_144).contains(snaplen) { throw ValidationError("--snaplen \(snaplen): give 64 to 262144 bytes") }
    }

    func run() throws {
        let log = output.logger()
        let probes = try serviceProbes.load(log: log)
        // The namespace is entered by this (the main) thread, which opens and reads the capture.
        let session = try LiveSession(interface: interface, netns: netns, snaplen: snaplen, filter: filter, write: write)
        let store = try inventory.openStore()
        let runID = try store?.beginRun(kind: "capture", toolVersion: toolVersion, filter: filter)

        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let sources = [SIGINT, SIGTERM].map { sig -> DispatchSourceSignal in
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { session.stop() }
            s.resume()
            return s
        }
        defer { sources.forEach { $0.cancel() } }

        log.info("capturing on \(interface) in \(session.place)")
        let result = session.run(census: Census(filter: filter, serviceProbes: probes), count: count, duration: duration) { log.info("\($0) packets") }
        try inventory.write(result.inventory, observations: result.observations, store: store, runID: runID, log: log)
        if !output.quiet {
            let s = result.stats
            inventory.printSummary(CaptureSummary.text(result.inventory, received: s.received, dropped: s.dropped,
                                                       interfaceDropped: s.interfaceDropped, writtenTo: write))
        }
        if let failure = result.failure { throw failure }
    }
}
