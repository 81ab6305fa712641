import ArgumentParser
import KPFingerprint
import KPProbe
import Logging

/// `--udp-payloads FILE` and `--udp-ports LIST` (scan --probes udp): nmap's UDP payloads,
/// read once before any packet, and the ports they go to.
struct UDPPayloadsOption: ParsableArguments {
    @Option(name: .customLong("udp-payloads"), help: ArgumentHelp(
        "nmap's UDP payloads for --probes udp (default \(UDPPayloadDatabase.defaultPath), Debian package nmap-common).",
        valueName: "FILE"))
    var file: String?

    @Option(name: .customLong("udp-ports"), help: ArgumentHelp(
        "UDP ports for --probes udp, as --ports (default: every port the payloads file names alone or in a range of at most \(UDPPayloadDatabase.widestDefaultRange)).",
        valueName: "LIST"))
    var ports: String?

    /// The payloads (nil without the default file: one warning says so, and every port gets an empty datagram)
    /// and the ports; a bad FILE or LIST throws (exit 2). `notify` as in ServiceProbesOption.
    func load(log: Logger, notify: Bool = true) throws -> (UDPPayloadDatabase?, [UInt16]) {
        var db: UDPPayloadDatabase?
        do { db = try UDPPayloadDatabase.load(path: file ?? UDPPayloadDatabase.defaultPath, explicit: file != nil) } catch {
            if file != nil { throw error }
            if notify { log.warning("\(error.message); UDP ports get empty datagrams") }
        }
        let list: [UInt16]
        do { list = try ports.map(Ports.parse) ?? db?.defaultPorts ?? [] } catch {
            throw ScanError("\(error)".replacingOccurrences(of: "--ports", with: "--udp-ports"))
        }
        if list.isEmpty { throw ScanError("--probes udp: no UDP port to probe: give --udp-ports LIST (nmap's payloads file is missing)") }
        return (db, list)
    }
}
