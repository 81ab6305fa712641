import ArgumentParser
import Foundation
import KPCapture
import KPCensus
import KPReport
import KPStore

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

    @Option(help: "Store the run in this SQLite census database (made if missing).")
    var db: String?

    @Option(help: "Write the inventory JSON here ('-' for standard output).")
    var json: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let d = duration, !(d > 0) { throw ValidationError("--duration \(d): give a number of seconds above 0") }
        if let c = count, c < 1 { throw ValidationError("--count \(c): give a number of packets above 0") }
        if !(64 ... 262_144).contains(snaplen) { throw ValidationError("--snaplen \(snaplen): give 64 to 262144 bytes") }
    }

    func run() throws {
        let log = output.logger()
        // The namespace is entered by this (the main) thread, which opens and reads the capture.
        if let netns { try LiveCapture.enterNetns(netns) }
        let place = netns.map { "network namespace \($0)" } ?? "this machine's network namespace"
        let capture = try LiveCapture(interface: interface, place: place, snaplen: snaplen, filter: filter)
        if let write { try capture.write(to: write) }
        let store = try db.map { try CensusStore(path: $0) }
        let runID = try store?.beginRun(kind: "capture", toolVersion: toolVersion, filter: filter)

        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let sources = [SIGINT, SIGTERM].map { sig -> DispatchSourceSignal in
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { capture.stop() }
            s.resume()
            return s
        }
        defer { sources.forEach { $0.cancel() } }

        let census = Census(filter: filter)
        log.info("capturing on \(interface) in \(place)")
        var seen = 0
        let failure = capture.run(count: count, duration: duration) { packet in
            census.ingest(packet)
            seen += 1
            if seen & 0xffff == 0 { log.info("\(seen) packets") }
        }
        let stats = capture.stats()
        let source = (netns.map { "\($0):" } ?? "") + interface
        census.addInput(path: source, format: "live", linkType: capture.linkType, packets: capture.packetsRead, end: .complete)
        let inventory = census.finish()
        if let store, let runID {
            try store.completeRun(runID, inventory: inventory, observations: census.observations())
            log.info("stored as run \(runID) in \(store.path)")
        }
        if let json { try InventoryOutput.writeJSON(inventory, to: json) }
        if !output.quiet {
            let kernel = "capture   \(stats.received) packets received by the filter, \(stats.dropped) dropped by the kernel, "
                + "\(stats.interfaceDropped) dropped by the interface"
            let written = write.map { "; written to \($0)" } ?? ""
            InventoryOutput.printSummary(Summary.text(inventory) + kernel + written + "\n", jsonToStdout: json == "-")
        }
        if let failure { throw CaptureError(failure, exitCode: 3) }
    }
}
