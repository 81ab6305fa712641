import ArgumentParser
import Foundation
import KPLab
import KPModel
import KPReport

/// `kpcensus lab up|down|status`: a .kp intranet of namespaces and real servers.
struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Bring a lab .kp network (namespaces, real servers, client traffic) up or down.",
        discussion: """
            The lab lives in network namespaces named kp-<name>-<host>; the machine's own
            interfaces, routes and firewall are never touched. Needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN).

            Example:
              sudo kpcensus lab up --spec Datasets/labs/small.json --truth truth.json
              sudo kpcensus lab status
              sudo kpcensus lab down
            """,
        subcommands: [LabUpCommand.self, LabDownCommand.self, LabStatusCommand.self])
}

/// Prints a `LabError` and exits with its code (2 bad input, 3 environment).
func runLab(_ body: () throws -> Void) throws {
    do { try body() } catch let e as LabError {
        FileHandle.standardError.write(Data("kpcensus: \(e.message)\n".utf8))
        throw ExitCode(e.exitCode)
    }
}

struct LabUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Make the lab of a spec, start its servers and traffic, write its ground truth.",
        discussion: """
            A lab already up under the same name is taken down first. The truth
            (kpcensus.labtruth/1) lists hosts, sites, services, clients and capture points.

            Example:
              sudo kpcensus lab up --spec Datasets/labs/small.json --name small --truth truth.json
            """)

    @Option(help: "The lab spec (JSON); see Datasets/labs/small.json.")
    var spec: String

    @Option(help: "Lab name (namespaces kp-<name>-<host>); default: the spec's name.")
    var name: String?

    @Option(help: "Inject an air-gap breach: forward (the border routes to the Internet side).")
    var breach: String?

    @Option(help: "Write the ground truth JSON here (default: /run/kpcensus/labs/<name>/truth.json).")
    var truth: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let log = output.logger()
        try runLab {
            let s = try LabSpec.load(path: spec)
            let start = Date()
            // Lab.up reports its phases (namespaces, servers, traffic): the bar moves a step per phase.
            let bar = TerminalProgress(quiet: output.quiet)
            var phases = 0.0
            let r = try Lab.up(spec: s, specPath: spec, name: name, breach: breach, truthPath: truth) { message in
                phases += 1
                bar.update(fraction: min(0.95, phases / 4), label: message)
                log.info("\(message)")
            }
            bar.finish()
            if !output.quiet {
                let lab = r.truth.lab
                print("lab \(lab) up in \(String(format: "%.1f", Date().timeIntervalSince(start))) s: \(r.namespaces) namespaces, \(r.processes) processes, "
                    + "\(r.truth.sites.count) sites, \(r.truth.services.count) services, \(r.truth.clients.count) client addresses")
                print("truth: \(r.truthPath)")
                if let cp = r.truth.capturePoints.first {
                    print("capture: kpcensus capture --netns \(cp.netns) -i \(cp.interface) --duration 60 --json inventory.json")
                }
                print("down:   kpcensus lab down --name \(lab)")
            }
        }
    }
}

struct LabDownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop the lab's processes and remove its namespaces, as recorded by 'lab up'.",
        discussion: """
            Example:
              sudo kpcensus lab down --name small
            """)

    @Option(help: "Lab name.")
    var name = "small"

    @OptionGroup var output: OutputOptions

    func run() throws {
        let log = output.logger()
        try runLab {
            if let r = try Lab.down(name: name, log: { log.info("\($0)") }) {
                if !output.quiet { print("lab \(name) down: \(r.processes) processes stopped, \(r.namespaces) namespaces removed") }
            } else if !output.quiet {
                print("no lab named \(name) is up: nothing to do")
            }
        }
    }
}

struct LabStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Say whether a lab is up and everything it started still runs.",
        discussion: """
            Exit 0 when the lab is up and healthy, 1 when it is up but something is missing,
            3 when no lab of that name is up.

            Example:
              sudo kpcensus lab status --name small --json
            """)

    @Option(help: "Lab name.")
    var name = "small"

    @Flag(help: "Print the status as JSON.")
    var json = false

    func run() throws {
        try runLab {
            guard let s = try Lab.status(name: name) else {
                if json { print("null") } else { print("no lab named \(name) is up") }
                throw ExitCode(3)
            }
            if json {
                FileHandle.standardOutput.write(try CanonicalJSON.encode(s))
            } else {
                print("lab \(s.lab) (\(s.spec)), up since \(s.startedAt)\(s.complete ? "" : " (incomplete)")")
                print("namespaces \(s.namespacesPresent)/\(s.namespaces), processes running \(s.processesRunning)/\(s.processes)")
                if let b = s.breach { print("breach: \(b)") }
                if let t = s.truth { print("truth: \(t)") }
                for cp in s.capturePoints { print("capture point: --netns \(cp.netns) -i \(cp.interface)  (\(cp.description))") }
            }
            if !s.healthy { throw ExitCode(1) }
        }
    }
}
