import ArgumentParser
import KPFingerprint
import Logging

/// `--service-probes FILE` (analyze, capture, scan): nmap's service probes, read at run time
/// and compiled once for the run (rules in KPFingerprint's ServiceProbesLoading.swift).
struct ServiceProbesOption: ParsableArguments {
    @Option(name: .customLong("service-probes"), help: ArgumentHelp(
        "nmap's service probes, for products and versions (default \(ServiceProbesParser.defaultPath), Debian package nmap-common).",
        valueName: "FILE"))
    var file: String?

    /// The compiled probes (nil without the default file: one warning says so); a bad FILE throws (exit 2).
    /// `notify` false: the notice is left to the process that runs (scan re-executes itself inside --netns).
    func load(log: Logger, notify: Bool = true) throws -> CompiledServiceProbes? {
        let (probes, notice) = try CompiledServiceProbes.load(explicit: file)
        if let notice, notify { log.warning("\(notice)") }
        return probes
    }
}
