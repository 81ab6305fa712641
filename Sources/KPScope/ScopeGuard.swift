import Foundation
import KPWire

/// Deny by default: an address may be probed only when it lies inside the scope
/// and outside the blocklist (which always wins); IPv4 and IPv6 prefixes alike.
/// It alone makes `InScope` values, which probers require where each packet is
/// built and each connection opened, so targets that come from replies
/// (redirects, crawl links, DNS answers, PTR names) obey it too.
public struct ScopeGuard: Sendable {
    public let scope: [IPPrefix]
    /// Blocked prefixes with the reason given in the blocklist file.
    public let blocked: [(prefix: IPPrefix, reason: String)]

    /// More addresses than this in one scope is a typo, not a census.
    public static let maxTargets: UInt64 = 1 << 20

    /// `scope`: the --scope list (prefixes or addresses, comma-separated); empty is an error (exit 2).
    public init(scope: [String], blocked: [(prefix: IPPrefix, reason: String)] = []) throws {
        let items = scope.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        guard !items.isEmpty else {
            throw ScopeError("no --scope: give the prefixes you may probe, e.g. --scope 10.76.0.0/16 (nothing is probed outside them)")
        }
        var out: [IPPrefix] = []
        for s in items {
            guard let p = IPPrefix(s) else { throw ScopeError("--scope \(s): not an IPv4 address or CIDR such as 10.76.0.0/16") }
            out.append(p)
        }
        self.scope = Array(Set(out)).sorted()
        self.blocked = blocked
    }

    /// Reads a blocklist: one prefix a line, `#` starts a comment (the reason).
    public static func readBlocklist(path: String) throws -> [(prefix: IPPrefix, reason: String)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ScopeError("--blocklist \(path): cannot read the file (one CIDR a line, '# reason' after it)")
        }
        var out: [(IPPrefix, String)] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let parts = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let item = parts[0].trimmingCharacters(in: .whitespaces)
            if item.isEmpty { continue }
            guard let p = IPPrefix(item) else { throw ScopeError("--blocklist \(path):\(n + 1): '\(item)' is not an IPv4 address or CIDR") }
            out.append((p, parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "blocklist"))
        }
        return out
    }

    /// Why `a` may not be probed, or nil when it may.
    public func refusal(_ a: IPAddress) -> String? {
        if let b = blocked.first(where: { $0.prefix.contains(a) }) {
            return "\(a) is blocklisted (\(b.prefix): \(b.reason))"
        }
        if !scope.contains(where: { $0.contains(a) }) {
            return "\(a) is outside the scope \(scopeText)"
        }
        return nil
    }

    public func allows(_ a: IPAddress) -> Bool { refusal(a) == nil }

    /// The target as a value probers accept, or why it is refused.
    public func admit<T: ScopeAddressed>(_ t: T) -> Result<InScope<T>, ScopeRefusal> {
        if let r = refusal(t.scopeAddress) { return .failure(ScopeRefusal(description: r)) }
        return .success(InScope(t))
    }

    /// The target as a value probers accept; throws (exit 2) when refused.
    public func check<T: ScopeAddressed>(_ t: T) throws -> InScope<T> {
        switch admit(t) {
        case .success(let s): return s
        case .failure(let r): throw ScopeError("refused: \(r)")
        }
    }

    public var scopeText: String { scope.map(\.description).joined(separator: ",") }

    /// The IPv4 addresses to probe: each TARGET (address or CIDR) must lie wholly in
    /// the scope (exit 2 naming it); no TARGET means the scope's IPv4 prefixes.
    /// Network and broadcast addresses of prefixes up to /30 are left out, blocked ones too.
    public func targets(_ given: [String]) throws -> [IPAddress] {
        var prefixes: [IPPrefix] = []
        for t in given {
            guard let p = IPPrefix(t), p.isV4 else { throw ScopeError("target \(t): not an IPv4 address or CIDR") }
            guard scope.contains(where: { $0.contains(p) }) else {
                throw ScopeError("target \(t) is outside the scope \(scopeText): nothing was sent; widen --scope or drop the target")
            }
            prefixes.append(p)
        }
        if given.isEmpty {
            prefixes = scope.filter(\.isV4)
            guard !prefixes.isEmpty else {
                throw ScopeError("--scope \(scopeText): no IPv4 prefix to probe; the scanner sends IPv4 only (IPv6 prefixes only widen what is allowed)")
            }
        }
        let total = prefixes.reduce(UInt64(0)) { $0 + $1.size }
        guard total <= ScopeGuard.maxTargets else {
            throw ScopeError("\(total) addresses to probe: more than \(ScopeGuard.maxTargets); give a narrower --scope or TARGETs")
        }
        var out = Set<UInt32>()
        for p in prefixes {
            guard let range = p.v4Addresses else { continue }
            for a in range {
                let edge = p.length <= 30 && (a == range.lowerBound || a == range.upperBound)
                if !edge && allows(IPAddress(v4: a)) { out.insert(a) }
            }
        }
        return out.sorted().map { IPAddress(v4: $0) }
    }
}
