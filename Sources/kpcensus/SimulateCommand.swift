import ArgumentParser
import Foundation
import KPSim

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write the capture of a simulated Kwangmyong-like intranet and its ground truth.",
        discussion: """
            Reads a spec (kpcensus.simspec/1: sites, popularity, access kinds with devices per
            address, activity, sessions), draws the network and its traffic from --seed and writes
            an Ethernet pcap and the truth (kpcensus.simtruth/1). Same spec, seed and duration give
            the same bytes. Spec errors exit 2 naming the field.

            Example:
              kpcensus simulate --spec Datasets/sim/kwangmyong-small.json --seed 1 \\
                --out out/sim.pcap --truth out/sim-truth.json
            """)

    @Option(help: "The simulation spec (JSON, kpcensus.simspec/1).")
    var spec: String

    @Option(help: "Seed of the pseudo-random generator (an unsigned 64-bit integer).")
    var seed: UInt64 = 1

    @Option(help: "Write the capture here (pcap, EN10MB).")
    var out: String

    @Option(help: "Write the truth here (JSON, kpcensus.simtruth/1).")
    var truth: String?

    @Option(help: "Length of the census window in seconds (default: the spec's duration).")
    var duration: Double?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let duration, !(duration > 0) { throw ValidationError("--duration must be > 0 seconds (got \(duration))") }
    }

    func run() throws {
        let log = output.logger()
        let s: SimSpec
        let result: Simulator.Result
        do {
            s = try SimSpec.load(path: spec)
            let bar = TerminalProgress(quiet: output.quiet)
            result = try Simulator.run(spec: s, seed: seed, out: out, duration: duration) { bar.update(fraction: $0, label: "simulated window") }
            bar.finish()
        } catch let e as SimError {
            throw ValidationError(e.description)
        }
        if let truth {
            do { try Simulator.encode(result.truth).write(to: URL(fileURLWithPath: truth)) } catch {
                throw ValidationError("--truth \(truth): cannot write: \(error.localizedDescription)")
            }
        }
        let rate = Double(result.packets) / max(result.seconds, 1e-9)
        log.info("\(result.packets) packets in \(String(format: "%.2f", result.seconds)) s (\(Int(rate)) packets/s)")
        if !output.quiet { print(SimulateSummary.text(result, spec: s, seed: seed, rate: rate), terminator: "") }
    }
}
