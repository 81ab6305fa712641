/// How much a finding weighs in the verdict.
public enum Severity: String, Codable, Sendable, Comparable {
    /// Evidence that something crossed the gap: the verdict is BREACHED.
    case breach
    /// An attempt or a configuration that points outside, without proof of an answer.
    case warning
    /// A fact worth knowing (e.g. the border refusing traffic).
    case info

    var rank: Int { self == .breach ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// Where a finding was seen: the capture file, the packet (1-based, as Wireshark
/// numbers frames) and a one-line decode; or an active test and what it recorded.
public struct Evidence: Codable, Equatable, Sendable {
    public var file: String
    /// Packet number in `file` (1-based); 0 for evidence that is not a packet (an active test's output).
    public var packet: Int
    public var decode: String

    public init(file: String, packet: Int, decode: String) { (self.file, self.packet, self.decode) = (file, packet, decode) }
}

/// One thing the air-gap check found.
public struct Finding: Codable, Equatable, Sendable {
    /// A stable code: `outside-answered`, `forwarding`, `nat`, `dns-forwarder`, `http-proxy`, `tunnel`, … (docs/airgap.md, "Findings").
    public var kind: String
    public var severity: Severity
    /// First and last time seen (ISO 8601 UTC), null for active tests without a capture time.
    public var first: String?
    public var last: String?
    /// Packets (or probes) that support the finding.
    public var count: Int
    /// Inside addresses involved, sorted.
    public var inside: [String]
    /// Outside addresses involved, sorted.
    public var outside: [String]
    /// The host that carries traffic across (address, or MAC when no address is known), when known.
    public var bridge: String?
    /// Up to three pieces of evidence, the first ones seen.
    public var evidence: [Evidence]
    /// One sentence saying what was seen and why it matters.
    public var explanation: String

    /// Every address the finding names (inside, outside and the bridge).
    public var addresses: Set<String> { Set(inside + outside + (bridge.map { [$0] } ?? [])) }

    public init(kind: String, severity: Severity, first: String? = nil, last: String? = nil, count: Int, inside: [String], outside: [String], bridge: String? = nil, evidence: [Evidence], explanation: String) { (self.kind, self.severity, self.first, self.last, self.count, self.inside, self.outside, self.bridge, self.evidence, self.explanation) = (kind, severity, first, last, count, inside, outside, bridge, evidence, explanation) }
}
