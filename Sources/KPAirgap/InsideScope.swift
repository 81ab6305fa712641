import Foundation
import KPModel
import KPWire

/// What is inside the gap: the intranet's prefixes and its name suffix. Everything
/// else that can be a host on the Internet is outside; private-use (10/8, 172.16/12,
/// 192.168/16, 100.64/10, fc00::/7), link-local, loopback, multicast, broadcast and
/// the unspecified address are neither (they do not route on the Internet).
public struct InsideScope: Sendable {
    public var prefixes: [IPPrefix]
    /// The intranet's DNS suffix without dots ("kp"): names under it are inside.
    public var suffix: String

    public init(prefixes: [IPPrefix], suffix: String = "kp") {
        self.prefixes = prefixes
        self.suffix = suffix.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    /// Parses a comma-separated list of prefixes; throws naming the bad one.
    public static func parse(_ list: [String], suffix: String = "kp") throws -> InsideScope {
        var out: [IPPrefix] = []
        for item in list.flatMap({ $0.split(separator: ",") }).map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            guard let p = IPPrefix(item) else {
                throw AirgapError("--inside '\(item)': not a prefix; give CIDRs such as 10.0.0.0/8,fd00::/8")
            }
            out.append(p)
        }
        guard !out.isEmpty else { throw AirgapError("--inside: give at least one prefix, e.g. --inside 10.0.0.0/8") }
        return InsideScope(prefixes: out, suffix: suffix)
    }

    public func isInside(_ a: IPAddress) -> Bool { prefixes.contains { $0.contains(a) } }

    /// A unicast address that is neither inside nor local-only (loopback, link-local, private-use of this host).
    public func isOutside(_ a: IPAddress) -> Bool {
        guard a.isUnicast, !isInside(a) else { return false }
        if a.isV4 {
            let v = a.v4
            if v >> 24 == 127 || v >> 16 == 0xa9fe || v >> 24 == 0 { return false }   // loopback, 169.254/16, 0/8
            // Private-use ranges (RFC 1918, RFC 6598) are not routed on the Internet: local, not outside.
            if v >> 24 == 10 || v >> 20 == 0xac1 || v >> 16 == 0xc0a8 || v >> 22 == 0x191 { return false }
            return true
        }
        if a.hi >> 54 == 0x3fa || a.hi >> 57 == 0x7e { return false }                  // fe80::/10, fc00::/7
        if a.hi == 0 && a.lo == 1 { return false }                                      // ::1
        return true
    }

    /// Whether `name` (lowercase, no trailing dot) lies under the intranet suffix,
    /// or is a reverse name of an inside address, or a single label (a local name).
    public func isInsideName(_ name: String) -> Bool {
        let n = name.lowercased()
        if n == suffix || n.hasSuffix("." + suffix) { return true }
        if !n.contains(".") { return true }
        if n.hasSuffix(".in-addr.arpa") {
            let octets = n.dropLast(".in-addr.arpa".count).split(separator: ".").reversed().map(String.init)
            if octets.count == 4, let a = IPAddress(octets.joined(separator: ".")) { return isInside(a) || !isOutside(a) }
            return true
        }
        return n.hasSuffix(".ip6.arpa") || n == "in-addr.arpa" || n.hasSuffix(".local") || n == "localhost"
    }
}

/// Tags the errors of the air-gap check.
public enum AirgapErrorDomain {}

/// A bad argument or input of the air-gap check (exit 2), or an environment problem (exit 3).
public typealias AirgapError = MessageError<AirgapErrorDomain>
