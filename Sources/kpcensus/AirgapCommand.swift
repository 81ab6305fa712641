import ArgumentParser
import Foundation
import KPAirgap
import KPPipeline
import KPStore
import KPWire

struct AirgapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "airgap",
        abstract: "Check that the air gap holds: a verdict (HOLDS, BREACHED, INCONCLUSIVE) with its evidence.",
        discussion: """
            Passive: reads captures from inside (--pcap) and, if you have one, from outside
            (--outside-pcap) and looks for traffic that crossed: answers from outside addresses,
            outside names resolved, proxies and tunnels with an outside leg, forwarded or
            translated packets, hosts seen on both sides. Active (--active, root, lab only):
            from the lab namespace --netns probes the --canary addresses (ICMP, TCP ports, UDP
            DNS/NTP, TTL-stepped pings), asks the inside resolvers for an outside name, fetches
            through the inside proxies, probes back in from --canary-netns, where a listener
            records what arrived. Every active probe passes the scanner's scope guard: the
            --inside prefixes and the canaries, which must lie in the lab's own Internet side
            (198.51.100.0/24, 203.0.113.0/24 held by kp-<lab>-inet). Exit 0 unless
            --fail-on-breach and BREACHED (exit 1).

            Examples:
              kpcensus airgap --pcap border.pcap --inside 10.0.0.0/8 --json airgap.json
              kpcensus airgap --active --netns kp-small-probe --canary 198.51.100.10 \\
                  --canary-netns kp-small-inet --resolver 10.76.0.53 --inside 10.0.0.0/8 --fail-on-breach
            """)

    @Option(name: .customLong("pcap"), parsing: .upToNextOption, help: "Captures made inside (pcap or pcapng).")
    var pcaps: [String] = []

    @Option(name: .customLong("outside-pcap"), parsing: .upToNextOption, help: "Captures made outside the gap (the other side of the border).")
    var outsidePcaps: [String] = []

    @Option(help: "The inside prefixes, comma-separated (e.g. 10.0.0.0/8).")
    var inside: [String]

    @Option(name: .customLong("intranet-suffix"), help: "The intranet's DNS suffix: names under it are inside.")
    var intranetSuffix = "kp"

    @Flag(help: "Run the active tests (root; inside a lab namespace only).")
    var active = false

    @Option(help: "The inside lab namespace the active probes leave from (kp-<lab>-<host>).")
    var netns: String?

    @Option(name: .customLong("canary"), help: "An outside canary to probe: ADDR or ADDR:PORTS (repeat for more).")
    var canaries: [String] = []

    @Option(name: .customLong("canary-netns"), help: "The canaries' outside lab namespace: a listener records there, inbound tests leave from there.")
    var canaryNetns: String?

    @Option(name: .customLong("resolver"), help: "An inside resolver to ask for an outside name (repeat; resolvers seen in --pcap are added).")
    var resolvers: [String] = []

    @Option(name: .customLong("proxy"), help: "An inside HTTP proxy ADDR:PORT to fetch a canary through (repeat).")
    var proxies: [String] = []

    @Option(name: .customLong("inside-target"), help: "An inside address to probe from --canary-netns (repeat).")
    var insideTargets: [String] = []

    @Flag(help: "Try all 65,535 TCP ports on each canary instead of the top ports.")
    var thorough = false

    @Option(help: "Write the result as JSON (kpcensus.airgap/1) here ('-' for standard output).")
    var json: String?

    @Flag(name: .customLong("fail-on-breach"), help: "Exit 1 when the verdict is BREACHED.")
    var failOnBreach = false

    @Option(help: "Store the result with the last census run of this database (the report shows it).")
    var db: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if active {
            guard netns != nil else { throw ValidationError("--active needs --netns NS: active tests run only inside a lab namespace") }
            guard !canaries.isEmpty else { throw ValidationError("--active needs at least one --canary ADDR[:PORTS]") }
        } else if netns != nil || !canaries.isEmpty || canaryNetns != nil || thorough {
            throw ValidationError("--netns, --canary, --canary-netns and --thorough go with --active")
        }
        if pcaps.isEmpty && outsidePcaps.isEmpty && !active {
            throw ValidationError("nothing to check: give --pcap FILE (inside captures), --outside-pcap FILE, or --active")
        }
    }

    func run() throws {
        let log = output.logger()
        let scope = try InsideScope.parse(inside, suffix: intranetSuffix)
        var plan: ActivePlan?
        if active, let ns = netns {
            let cs = try canaries.map(Canary.parse)
            func addr(_ s: String, _ opt: String) throws -> IPAddress {
                guard let a = IPAddress(s) else { throw AirgapError("\(opt) '\(s)': not an IP address") }
                return a
            }
            let rs = try resolvers.map { try addr($0, "--resolver") }
            let ps: [(addr: IPAddress, port: UInt16)] = try proxies.map { p in
                guard let i = p.lastIndex(of: ":"), let port = UInt16(p[p.index(after: i)...]), let a = IPAddress(String(p[..<i])) else {
                    throw AirgapError("--proxy '\(p)': give ADDR:PORT, e.g. 10.76.1.20:8888")
                }
                return (a, port)
            }
            // The listener's record is evidence: it goes beside the JSON result when there is one.
            let record = json.flatMap { $0 == "-" ? nil : $0 + ".canary.pcap" }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("kpcensus-canary-\(getpid()).pcap").path
            plan = ActivePlan(netns: ns, canaries: cs, canaryNetns: canaryNetns, resolvers: rs, proxies: ps,
                              insideTargets: try insideTargets.map { try addr($0, "--inside-target") }, thorough: thorough, recordPath: record)
        }
        let result = try AirgapCheck.run(inside: pcaps, outside: outsidePcaps, scope: scope, active: plan, log: { log.info("\($0)") })
        let data = try result.encoded()
        if let json { try OutputFile.write(data, to: json, option: "--json", failure: { AirgapError($0) }) }
        if let db { try AirgapStore.save(result, verdict: result.verdict.rawValue, db: db) }
        if !output.quiet && json != "-" { print(AirgapCheck.text(result), terminator: "") }
        if failOnBreach && result.verdict == .breached { throw ExitCode(1) }
    }
}
