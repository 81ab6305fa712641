import ArgumentParser
import Foundation
import KPCensus
import KPProbe
import KPReport
import KPScope
import KPStore
import Logging

/// `kpcensus scan`: active probing inside an explicit scope (logic in KPProbe).
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Probe hosts, services, names and sites inside --scope (deny by default).",
        discussion: """
            Every target, and every address met in replies (redirects, crawl links, DNS
            answers, PTR names), is checked against --scope and --blocklist where packets
            are built and connections opened: nothing outside is ever probed. A target
            outside the scope, or no --scope, exits 2 before any packet.
            Probes: \(ProbeRegistry.all.map(\.name.rawValue).joined(separator: ", ")) (udp = dns).
            \(ProbeRegistry.all.map { "  \($0.name.rawValue): \($0.help)" }.joined(separator: "\n"))
            syn needs CAP_NET_RAW: without it the scan falls back to connect() and says so
            (--require-raw: exit 3 instead).

            Example (inside a lab's probe namespace):
              sudo kpcensus scan --netns kp-small-probe --scope 10.76.0.0/16 --ports 22,25,53,80,110,143,443 \\
                --wordlist words.txt --json scan.json --db census.sqlite
              kpcensus scan --scope 10.76.1.0/24 --ports top100 --dry-run
              sudo kpcensus scan --netns kp-small-probe --scope 10.76.0.0/16 --ports 22,25,80 --probes syn,version
            """)

    @Argument(help: "Addresses or CIDRs to probe, each inside --scope (default: the whole scope).")
    var targets: [String] = []

    @Option(help: "Prefixes that may be probed, comma-separated (required).")
    var scope: [String] = []

    @Option(help: "Ports: a list such as 22,80,8000-8100, top100 or all.")
    var ports = "top100"

    @Option(help: "Probe modules, comma-separated.")
    var probes = ScanOptions.defaultProbes.map(\.rawValue).joined(separator: ",")

    @Option(help: "Probes (packets or connections) per second.")
    var rate = 1000.0

    @Option(help: "Sends again to targets that did not answer, this many times.")
    var retries = 1

    @Option(help: "Names or labels (one a line) for forward lookups and virtual-host probes.")
    var wordlist: String?

    @Option(help: "DNS zones to ask every name server for and to transfer, comma-separated.")
    var zone = "kp"

    @Option(help: "Run the scan inside this network namespace (re-executes under 'ip netns exec').")
    var netns: String?

    @Option(help: "Never probe these prefixes (one CIDR a line, '# reason'); wins over --scope.")
    var blocklist: String?

    @Option(help: "A hit list: one IPv4 address a line, '#' comments; lines outside the scope are named and skipped.")
    var targetsFile: String?

    @Flag(help: "Exit 0 although --targets-file had lines outside the scope (they are still named and skipped).")
    var skipOutOfScope = false

    @Option(help: "Scan only part I of N of the (address, port) pairs, e.g. 2/4: N scanners with the same --seed split the port scan with no overlap and no gap.")
    var shard: String?

    @Option(help: "Seed of the shards' common probe order (the same on every shard).")
    var seed: UInt64 = 1

    @Option(help: "Save the scan's progress in this file every 2 s; if it holds an earlier part of the same scan, host discovery and the port scan go on from there.")
    var resume: String?

    @Flag(help: "Print the probes of the first phases as JSON lines and send nothing.")
    var dryRun = false

    @Flag(help: "Exit 3 when raw sockets are not allowed instead of falling back to connect().")
    var requireRaw = false

    @Option(help: "Store the run (kind scan, active observations) in this SQLite census database.")
    var db: String?

    @Option(help: "Write the inventory JSON (kpcensus.inventory/1 with a scan section) here ('-' for standard output).")
    var json: String?

    @Option(name: [.customLong("oX"), .customLong("oX", withSingleDash: true)], help: "Also write the scan in nmap's XML format (nmap.dtd) here ('-' for standard output).")
    var nmapXML: String?

    @Option(name: [.customLong("oG"), .customLong("oG", withSingleDash: true)], help: "Also write the scan in nmap's grepable format here ('-' for standard output).")
    var nmapGrepable: String?

    @Option(help: "With --probes version: send nmap's probes of rarity up to N (0-9) beside each port's own, as nmap.")
    var versionIntensity = 7

    @OptionGroup var serviceProbes: ServiceProbesOption

    @OptionGroup var udpPayloads: UDPPayloadsOption

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !(rate > 0 && rate <= 10_000_000) { throw ValidationError("--rate \(rate): give probes per second above 0") }
        if !(0 ... 10).contains(retries) { throw ValidationError("--retries \(retries): give 0 to 10") }
        if !(0 ... 9).contains(versionIntensity) { throw ValidationError("--version-intensity \(versionIntensity): give 0 to 9") }
    }

    /// Whether this process re-executes itself inside --netns (the child does the work).
    var reexecutes: Bool { netns != nil && ProcessInfo.processInfo.environment["KPCENSUS_SCAN_NETNS"] != netns }

    /// The checked options, and the hit list's skipped lines (named on stderr by the process that scans).
    func options(log: Logger) throws -> (ScanOptions, skipped: [String]) {
        let blocked = try blocklist.map(ScopeGuard.readBlocklist) ?? []
        let guardian = try ScopeGuard(scope: scope, blocked: blocked)
        let hits = try targetsFile.map { try HitList.read(path: $0, scope: guardian) }
        if !reexecutes { for line in hits?.skipped ?? [] { FileHandle.standardError.write(Data("kpcensus: \(line): skipped\n".utf8)) } }
        if let hits, hits.addresses.isEmpty && targets.isEmpty {
            throw ScanError("--targets-file \(targetsFile!): no address inside the scope \(guardian.scopeText); nothing was sent")
        }
        let addrs = try guardian.targets(targets + (hits?.addresses ?? []))
        var set = Set<ProbeName>()
        for p in probes.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let name = ProbeName(argument: p) else {
                throw ScanError("--probes: unknown probe '\(p)'; known: \(ProbeRegistry.names.joined(separator: ", "))")
            }
            set.insert(name)
        }
        let zones = zone.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        var o = ScanOptions(scope: guardian, targets: addrs, ports: try Ports.parse(ports), probes: set, rate: rate, retries: retries,
                            wordlist: try wordlist.map(ScanOptions.readWordlist) ?? [], zones: zones.isEmpty ? ["kp"] : zones,
                            requireRaw: requireRaw)
        o.shard = try shard.map { try ScanShard($0, seed: seed) }
        o.versionIntensity = versionIntensity
        // Read and compiled once, before any packet (and before entering the namespace).
        if set.contains(.version) { o.serviceProbes = try serviceProbes.load(log: log, notify: !reexecutes) }
        if set.contains(.udp) { (o.udpPayloads, o.udpPorts) = try udpPayloads.load(log: log, notify: !reexecutes) }
        return (o, hits?.skipped ?? [])
    }

    func run() throws {
        // Everything is checked before any packet, and before entering the namespace.
        let log = output.logger()
        let (opts, skipped) = try options(log: log)
        if let netns, reexecutes { try ScanNetns.reexec(netns: netns) }
        try scan(opts, log: log)
        // Lines a hit list had outside the scope fail the run at its end, after the rest was scanned.
        if !skipped.isEmpty && !skipOutOfScope {
            throw ScanError("--targets-file: \(skipped.count) line(s) outside the scope were skipped (named above), the rest was scanned; --skip-out-of-scope accepts that")
        }
    }

    private func scan(_ opts: ScanOptions, log: Logger) throws {
        if dryRun {
            for line in Scanner.plannedProbes(opts, cookie: ValidationCookie(key0: 0, key1: 0)) {
                let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            }
            return
        }
        let store = try db.map { try CensusStore(path: $0) }
        let runID = try store?.beginRun(kind: "scan", toolVersion: toolVersion, filter: nil)
        let started = Date()
        let scanner = Scanner(options: opts, log: { log.info("\($0)") })
        scanner.resume = try resume.map { try ScanResume(path: $0, options: opts) }
        let bar = TerminalProgress(quiet: output.quiet)
        if bar.enabled { scanner.onProgress = { p in bar.update(fraction: p.fraction, label: p.label) } }
        let findings = try scanner.run()
        bar.finish()
        let (inv, obs) = ScanInventory.build(findings, options: opts)
        if let store, let runID {
            try store.completeActiveRun(runID, inventory: inv, observations: obs.map { ($0.kind, $0.subject, $0.probe) })
        }
        if let json { try InventoryOutput.writeJSON(inv, to: json) }
        let elapsed = Date().timeIntervalSince(started)
        let args = (["kpcensus"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        if let nmapXML {
            let run = NmapXML.Run(args: args, start: started, elapsed: elapsed, ports: opts.ports, toolVersion: toolVersion,
                                  udpPorts: opts.probes.contains(.udp) ? opts.udpPorts : [])
            try OutputFile.write(Data(NmapXML.document(inv, run: run).utf8), to: nmapXML, option: "--oX")
        }
        if let nmapGrepable {
            try OutputFile.write(Data(NmapGrepable.document(inv, args: args, elapsed: elapsed).utf8), to: nmapGrepable, option: "--oG")
        }
        if !output.quiet {
            InventoryOutput.printSummary(ScanSummary.text(inv, seconds: Date().timeIntervalSince(started)), jsonToStdout: json == "-")
        }
    }
}
