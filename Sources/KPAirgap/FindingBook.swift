import KPCensus
import KPModel
import KPWire

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
