import Foundation

/// Deny by default: an address may be probed only when it lies inside the scope
/// and outside the blocklist (which always wins). The scanner asks the guard where
/// each packet is built and each connection opened, so targets that come from
/// replies (redirects, crawl links, DNS answers, PTR names) obey it too.
public struct ScopeGuard: Sendable {
    public let scope: [CIDR]
    /// Blocked prefixes with the reason given in the blocklist file.
    public let blocked: [(cidr: CIDR, reason: String)]

    /// More addresses than this in one scope is a typo, not a census.
    public static let maxTargets: UInt64 = 1 << 20

    /// `scope`: the --scope list (CIDRs or addresses); empty is an error (exit 2).
    public init(scope: [String], blocked: [(cidr: CIDR, reason: String)] = []) throws {
        let items = scope.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        guard !items.isEmpty else {
            throw ScanError("no --scope: give the prefixes you may probe, e.g. --scope 10.76.0.0/16 (nothing is probed outside them)")
        }
        var out: [CIDR] = []
        for s in items {
            guard let c = CIDR(s) else { throw ScanError("--scope \(s): not an IPv4 address or CIDR such as 10.76.0.0/16") }
            out.append(c)
        }
        self.scope = Array(Set(out)).sorted()
        self.blocked = blocked
    }

    /// Reads a blocklist: one CIDR a line, `#` starts a comment (the reason).
    public static func readBlocklist(path: String) throws -> [(cidr: CIDR, reason: String)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ScanError("--blocklist \(path): cannot read the file (one CIDR a line, '# reason' after it)")
        }
        var out: [(CIDR, String)] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let parts = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let item = parts[0].trimmingCharacters(in: .whitespaces)
            if item.isEmpty { continue }
            guard let c = CIDR(item) else { throw ScanError("--blocklist \(path):\(n + 1): '\(item)' is not an IPv4 address or CIDR") }
            out.append((c, parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "blocklist"))
        }
        return out
    }

    /// Why `a` may not be probed, or nil when it may.
    public func refusal(_ a: UInt32) -> String? {
        if let b = blocked.first(where: { $0.cidr.contains(a) }) {
            return "\(IPv4Text.format(a)) is blocklisted (\(b.cidr): \(b.reason))"
        }
        if !scope.contains(where: { $0.contains(a) }) {
            return "\(IPv4Text.format(a)) is outside the scope \(scopeText)"
        }
        return nil
    }

    public func allows(_ a: UInt32) -> Bool { refusal(a) == nil }

    /// Throws (exit 2) unless `a` may be probed; the last check before a packet or connection.
    public func check(_ a: UInt32) throws {
        if let r = refusal(a) { throw ScanError("refused: \(r)") }
    }

    public var scopeText: String { scope.map(\.description).joined(separator: ",") }

    /// The addresses to probe: each TARGET (address or CIDR) must lie wholly in the
    /// scope (exit 2 naming it); no TARGET means the whole scope. Network and
    /// broadcast addresses of prefixes up to /30 are left out, blocked ones too.
    public func targets(_ given: [String]) throws -> [UInt32] {
        var prefixes: [CIDR] = []
        for t in given {
            guard let c = CIDR(t) else { throw ScanError("target \(t): not an IPv4 address or CIDR") }
            guard scope.contains(where: { $0.contains(c) }) else {
                throw ScanError("target \(t) is outside the scope \(scopeText): nothing was sent; widen --scope or drop the target")
            }
            prefixes.append(c)
        }
        if given.isEmpty { prefixes = scope }
        let total = prefixes.reduce(UInt64(0)) { $0 + $1.size }
        guard total <= ScopeGuard.maxTargets else {
            throw ScanError("\(total) addresses to probe: more than \(ScopeGuard.maxTargets); give a narrower --scope or TARGETs")
        }
        var out = Set<UInt32>()
        for c in prefixes {
            var a = c.network
            while true {
                let edge = c.length <= 30 && (a == c.network || a == c.last)
                if !edge && allows(a) { out.insert(a) }
                if a == c.last { break }
                a += 1
            }
        }
        return out.sorted()
    }
}
