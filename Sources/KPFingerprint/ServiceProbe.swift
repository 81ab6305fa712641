// The records of nmap's `nmap-service-probes` file, as the parser yields them.
// Format: https://nmap.org/book/vscan-fileformat.html

/// The transport a probe is sent over.
public enum ProbeTransport: String, Sendable, Hashable {
    case tcp = "TCP"
    case udp = "UDP"
}

/// The version-info templates of a `match` line; `$1`-style references are filled per reply.
public struct VersionTemplates: Sendable, Equatable {
    /// `p/…/`: product name.
    public var product: String?
    /// `v/…/`: version.
    public var version: String?
    /// `i/…/`: extra information.
    public var info: String?
    /// `h/…/`: host name.
    public var hostname: String?
    /// `o/…/`: operating system.
    public var os: String?
    /// `d/…/`: device type.
    public var deviceType: String?
    /// `cpe:/…/`: CPE names without the `cpe:/` prefix, in file order.
    public var cpe: [String] = []

    public init() {}
}

/// One `match` or `softmatch` line.
public struct MatchRule: Sendable {
    /// The service the line names (`ssh`, `http`, `ssl/http`, …).
    public let service: String
    /// The regex, as bytes: nmap's patterns are byte regexes.
    public let pattern: [UInt8]
    public let flags: RegexFlags
    /// A `softmatch` names only the service and lets later hard matches refine it.
    public let isSoft: Bool
    public let templates: VersionTemplates
    /// The line in the probes file (1-based), for errors and traces.
    public let line: Int
}

/// One `Probe` block: what to send and the lines that recognise the replies.
public struct ServiceProbe: Sendable {
    public let transport: ProbeTransport
    /// The probe's name (`NULL`, `GetRequest`, …), unique per transport.
    public let name: String
    /// The bytes to send, escapes decoded (empty for the NULL probe: only listen).
    public let payload: [UInt8]
    /// `no-payload`: the probe is listed for its matches only and is never sent.
    public var noPayload = false
    /// `ports`: ports where this probe is likely to get a reply.
    public var ports = PortSet()
    /// `sslports`: ports where it is likely to get one once wrapped in TLS.
    public var sslPorts = PortSet()
    /// `rarity` 1…9: how seldom the probe gets a reply; nil when absent (the NULL probe).
    public var rarity: Int?
    /// `fallback`: names of probes whose matches also apply to this probe's replies.
    public var fallback: [String] = []
    /// `totalwaitms`: how long to wait for a reply.
    public var totalWaitMS: Int?
    /// `tcpwrappedms`: a close before this time means tcpwrapped.
    public var tcpWrappedMS: Int?
    public var matches: [MatchRule] = []
    /// The `Probe` line (1-based).
    public let line: Int

    /// Whether this is the NULL probe (TCP, nothing sent, the server's greeting).
    public var isNull: Bool { name == "NULL" }
}

/// A parsed `nmap-service-probes` file.
public struct ServiceProbeDatabase: Sendable {
    /// Probes in file order (nmap's order for sending and for fallback).
    public let probes: [ServiceProbe]
    /// `Exclude`: ports that version detection leaves alone (nmap: printers).
    public let excluded: PortSet
    /// Lines that did not parse; those lines were skipped.
    public let errors: [FingerprintFileError]
    /// The file it came from.
    public let path: String

    /// Index of each probe by (transport, name).
    let index: [ProbeKey: Int]

    init(probes: [ServiceProbe], excluded: PortSet, errors: [FingerprintFileError], path: String) {
        self.probes = probes
        self.excluded = excluded
        self.errors = errors
        self.path = path
        var index = [ProbeKey: Int]()
        for (i, p) in probes.enumerated() where index[ProbeKey(p.transport, p.name)] == nil {
            index[ProbeKey(p.transport, p.name)] = i
        }
        self.index = index
    }

    /// The probe with this name on this transport.
    public func probe(named name: String, transport: ProbeTransport) -> ServiceProbe? {
        index[ProbeKey(transport, name)].map { probes[$0] }
    }

    /// Number of match and softmatch lines over all probes.
    public var matchCount: Int { probes.reduce(0) { $0 + $1.matches.count } }
}

struct ProbeKey: Hashable {
    let transport: ProbeTransport
    let name: String
    init(_ transport: ProbeTransport, _ name: String) { self.transport = transport; self.name = name }
}

/// A line of a fingerprint file (nmap's probes, p0f.fp) that did not parse: the file, the line, what is wrong.
public struct FingerprintFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let message: String

    public var description: String { "\(path):\(line): \(message)" }
}
