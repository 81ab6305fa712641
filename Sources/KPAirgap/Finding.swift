import KPCensus
import KPWire

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

    public init(file: String, packet: Int, decode: String) {
        self.file = file
        self.packet = packet
        self.decode = decode
    }
}

/// One thing the air-gap check found.
public struct Finding: Codable, Equatable, Sendable {
    /// A stable code: `outside-answered`, `forwarding`, `nat`, `dns-forwarder`, `http-proxy`, `tunnel`, … (README, "Air gap").
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

    enum CodingKeys: String, CodingKey {
        case kind, severity, first, last, count, inside, outside, bridge, evidence, explanation
    }

    public func encode(to encoder: Encoder) throws {
        // Every key present (null when unknown): the JSON contract lists them all.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(severity, forKey: .severity)
        try c.encode(first, forKey: .first)
        try c.encode(last, forKey: .last)
        try c.encode(count, forKey: .count)
        try c.encode(inside, forKey: .inside)
        try c.encode(outside, forKey: .outside)
        try c.encode(bridge, forKey: .bridge)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(explanation, forKey: .explanation)
    }

    /// Every address the finding names (inside, outside and the bridge).
    public var addresses: Set<String> { Set(inside + outside + (bridge.map { [$0] } ?? [])) }
}

/// Collects findings, merging those of the same kind about the same hosts:
/// first/last time and count grow, the first three pieces of evidence are kept.
final class FindingBook {
    struct Key: Hashable { var kind: String; var inside: [String]; var outside: [String]; var bridge: String? }
    struct Entry {
        var severity: Severity
        var first: Int64?
        var last: Int64?
        var count = 0
        var evidence: [Evidence] = []
        var explanation: String
    }

    private(set) var entries: [Key: Entry] = [:]

    /// Records one sighting; `explanation` is kept from the first sighting of the key.
    func add(_ kind: String, _ severity: Severity, inside: [String], outside: [String], bridge: String? = nil,
             time: Int64?, evidence: Evidence?, explanation: @autoclosure () -> String, count: Int = 1) {
        let key = Key(kind: kind, inside: Array(Set(inside)).sorted(by: FindingBook.addrOrder),
                      outside: Array(Set(outside)).sorted(by: FindingBook.addrOrder), bridge: bridge)
        var e = entries[key] ?? Entry(severity: severity, explanation: explanation())
        if severity < e.severity { e.severity = severity }
        if let t = time {
            e.first = min(e.first ?? t, t)
            e.last = max(e.last ?? t, t)
        }
        e.count += count
        if let ev = evidence, e.evidence.count < 3 { e.evidence.append(ev) }
        entries[key] = e
    }

    /// Addresses in numeric order (IPv4 first), other text after them.
    static func addrOrder(_ a: String, _ b: String) -> Bool {
        switch (IPAddress(a), IPAddress(b)) {
        case let (x?, y?): return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return a < b
        }
    }

    var findings: [Finding] {
        entries.map { k, e in
            Finding(kind: k.kind, severity: e.severity, first: e.first.map(Timestamp.iso8601), last: e.last.map(Timestamp.iso8601), count: e.count,
                    inside: k.inside, outside: k.outside, bridge: k.bridge, evidence: e.evidence, explanation: e.explanation)
        }
    }
}

/// Sorts findings: severity, kind, then hosts (deterministic output).
func sortFindings(_ f: [Finding]) -> [Finding] {
    f.sorted { a, b in
        if a.severity != b.severity { return a.severity < b.severity }
        if a.kind != b.kind { return a.kind < b.kind }
        if a.inside != b.inside { return a.inside.lexicographicallyPrecedes(b.inside, by: FindingBook.addrOrder) }
        if a.outside != b.outside { return a.outside.lexicographicallyPrecedes(b.outside, by: FindingBook.addrOrder) }
        return (a.bridge ?? "") < (b.bridge ?? "")
    }
}
