import Glibc
import KPWire

/// A canary: an outside address the lab (or the tester) set up to be probed, and
/// the ports to try. `ADDR[:PORTS]`, PORTS a comma list of ports and ranges.
public struct Canary: Equatable, Sendable {
    public var addr: IPAddress
    /// Ports to try over TCP (nil: the top ports, or all with `--thorough`).
    public var ports: [UInt16]?

    public init(addr: IPAddress, ports: [UInt16]? = nil) {
        self.addr = addr
        self.ports = ports
    }

    public static func parse(_ text: String) throws -> Canary {
        let bad = AirgapError("--canary '\(text)': give ADDR or ADDR:PORTS, e.g. 198.51.100.10 or 198.51.100.10:80,443,8000-8100")
        var addrText = text, portText: String?
        if text.hasPrefix("[") {                                     // [v6]:ports
            guard let close = text.firstIndex(of: "]") else { throw bad }
            addrText = String(text[text.index(after: text.startIndex) ..< close])
            let rest = text[text.index(after: close)...]
            if rest.hasPrefix(":") { portText = String(rest.dropFirst()) } else if !rest.isEmpty { throw bad }
        } else if text.filter({ $0 == ":" }).count == 1 {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            addrText = String(parts[0]); portText = String(parts[1])
        }
        guard let a = IPAddress(addrText) else { throw bad }
        guard let pt = portText else { return Canary(addr: a) }
        var ports: [UInt16] = []
        for item in pt.split(separator: ",", omittingEmptySubsequences: false) {
            let r = item.split(separator: "-", omittingEmptySubsequences: false)
            guard (1 ... 2).contains(r.count), let lo = UInt16(r[0]), lo > 0, let hi = UInt16(r.last!), hi >= lo else { throw bad }
            ports += Array(lo ... hi)
        }
        return Canary(addr: a, ports: Array(Set(ports)).sorted())
    }
}

/// Deny-by-default scope for the air-gap probes: only the declared canaries
/// (outward) and addresses inside the inside prefixes (inward, and resolvers or
/// proxies) may be probed; everything else is refused before a probe is made.
/// A stand-in until the scanner's guard (KPProbe) is in main.
public struct ScopeGuard: Sendable {
    public let canaries: Set<IPAddress>
    public let inside: InsideScope

    public init(canaries: [Canary], inside: InsideScope) {
        self.canaries = Set(canaries.map(\.addr))
        self.inside = inside
    }

    /// Throws unless `addr` is a declared canary or inside.
    public func check(_ addr: IPAddress, for what: String) throws {
        guard canaries.contains(addr) || inside.isInside(addr) else {
            throw AirgapError("scope guard: \(what) to \(addr) refused: only the declared canaries (\(canaries.sorted().map(\.description).joined(separator: ", "))) and inside addresses may be probed")
        }
    }

    /// Probes run only inside a lab-style network namespace (`kp-…`) that exists: never from this machine's own network.
    public static func checkNetns(_ ns: String, option: String) throws {
        guard ns.hasPrefix("kp-"), !ns.contains("/"), !ns.contains("..") else {
            throw AirgapError("\(option) '\(ns)': active tests run only inside a lab namespace named kp-<lab>-<host> (see `kpcensus lab up`)")
        }
        var st = stat()
        guard stat("/run/netns/\(ns)", &st) == 0 else {
            throw AirgapError("\(option) \(ns): no such network namespace; bring the lab up first (kpcensus lab up) or check `ip netns list`", exitCode: 3)
        }
    }
}
