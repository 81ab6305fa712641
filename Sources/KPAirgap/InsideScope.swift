import Foundation
import KPModel
import KPWire

/// An IPv4 or IPv6 prefix (`10.0.0.0/8`, `fd00::/8`).
public struct AddressPrefix: Hashable, Sendable, CustomStringConvertible {
    public var network: IPAddress
    /// Length in bits of the 128-bit form (IPv4 prefixes are IPv4-mapped: 96 + length).
    public var bits: Int
    public let description: String

    /// Parses `addr/len` (or a bare address, a host prefix); nil when malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let a = IPAddress(String(parts[0])) else { return nil }
        let maxLen = a.isV4 ? 32 : 128
        var len = maxLen
        if parts.count == 2 {
            guard let l = Int(parts[1]), (0 ... maxLen).contains(l) else { return nil }
            len = l
        }
        bits = a.isV4 ? 96 + len : len
        network = AddressPrefix.mask(a, bits)
        description = "\(network)/\(len)"
    }

    static func mask(_ a: IPAddress, _ bits: Int) -> IPAddress {
        let hiMask: UInt64 = bits >= 64 ? .max : bits == 0 ? 0 : ~(UInt64.max >> UInt64(bits))
        let loMask: UInt64 = bits >= 128 ? .max : bits <= 64 ? 0 : ~(UInt64.max >> UInt64(bits - 64))
        return IPAddress(hi: a.hi & hiMask, lo: a.lo & loMask)
    }

    public func contains(_ a: IPAddress) -> Bool { AddressPrefix.mask(a, bits) == network }
}

/// What is inside the gap: the intranet's prefixes and its name suffix. Everything
/// else that can be a host on the Internet is outside; private-use (10/8, 172.16/12,
/// 192.168/16, 100.64/10, fc00::/7), link-local, loopback, multicast, broadcast and
/// the unspecified address are neither (they do not route on the Internet).
public struct InsideScope: Sendable {
    public var prefixes: [AddressPrefix]
    /// The intranet's DNS suffix without dots ("kp"): names under it are inside.
    public var suffix: String

    public init(prefixes: [AddressPrefix], suffix: String = "kp") {
        self.prefixes = prefixes
        self.suffix = suffix.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    /// Parses a comma-separated list of prefixes; throws naming the bad one.
    public static func parse(_ list: [String], suffix: String = "kp") throws -> InsideScope {
        var out: [AddressPrefix] = []
        for item in list.flatMap({ $0.split(separator: ",") }).map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            guard let p = AddressPrefix(item) else {
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
