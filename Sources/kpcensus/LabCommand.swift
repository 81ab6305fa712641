import ArgumentParser
import Foundation
import KPLab
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
        if !output.quiet { print(LabText.up(r, seconds: Date().timeIntervalSince(start)), terminator: "") }
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
        if let r = try Lab.down(name: name, log: { log.info("\($0)") }) {
            if !output.quiet { print("lab \(name) down: \(r.processes) processes stopped, \(r.namespaces) namespaces removed") }
        } else if !output.quiet {
            print("no lab named \(name) is up: nothing to do")
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
        guard let s = try Lab.status(name: name) else {
            if json { print("null") } else { print("no lab named \(name) is up") }
            throw ExitCode(3)
        }
        if json {
            FileHandle.standardOutput.write(try CanonicalJSON.encode(s))
        } else {
            print(LabText.status(s), terminator: "")
        }
        if !s.healthy { throw ExitCode(1) }
    }
}
