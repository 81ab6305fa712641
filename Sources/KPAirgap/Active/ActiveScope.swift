import Glibc
import KPScope
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

/// Where the active tests may send: the scanner's scope guard (`KPScope.ScopeGuard`,
/// deny by default) built from the `--inside` prefixes and the canaries, each a /32;
/// the tests send only to the `InScope` addresses it admits.
/// A canary must be outside and lie in the Internet side of a kpcensus lab
/// (198.51.100.0/24 or 203.0.113.0/24), and those prefixes count only as the lab's
/// own: the lab of `--netns` (`kp-<lab>-<host>`) must hold an address in the
/// canary's prefix in its Internet namespace `kp-<lab>-inet`. Everything else
/// (another outside address, an inside address not under `--inside`) is refused
/// before a probe is made.
public enum ActiveScope {
    /// The only outside prefixes a lab has (the documentation ranges of RFC 5737).
    public static let labOutside: [IPPrefix] = ["198.51.100.0/24", "203.0.113.0/24"].map { IPPrefix($0)! }

    /// The scanner's guard for the active tests; throws (exit 2) for a canary that
    /// is not an outside address of a lab's Internet side.
    public static func scopeGuard(canaries: [Canary], inside: InsideScope) throws -> ScopeGuard {
        for c in canaries {
            guard inside.isOutside(c.addr) else {
                throw AirgapError("--canary \(c.addr): not outside --inside; a canary must be an outside address")
            }
            guard labOutside.contains(where: { $0.contains(c.addr) }) else {
                throw AirgapError("--canary \(c.addr): refused by the scope guard: active tests probe only a lab's own Internet side (\(labOutside.map(\.description).joined(separator: ", ")))")
            }
        }
        do {
            return try ScopeGuard(scope: inside.prefixes.map(\.description) + canaries.map { IPPrefix($0.addr, length: 32).description })
        } catch let e as ScopeError {
            throw AirgapError("scope guard: \(e.message)")
        }
    }

    /// The address as the only value the probes accept; throws (exit 2) when the guard refuses it.
    @discardableResult
    public static func check(_ g: ScopeGuard, _ addr: IPAddress, for what: String) throws -> InScope<IPAddress> {
        switch g.admit(addr) {
        case .success(let target): return target
        case .failure(let why):
            throw AirgapError("scope guard: \(what) to \(addr) refused: \(why); only the declared canaries and inside addresses may be probed")
        }
    }

    /// The lab of a lab namespace `kp-<lab>-<host>` (lab names have no hyphen).
    public static func lab(ofNetns ns: String) -> String? {
        let parts = ns.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "kp", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        return String(parts[1])
    }

    /// Probes run only inside a lab-style network namespace (`kp-<lab>-<host>`) that exists: never from this machine's own network.
    public static func checkNetns(_ ns: String, option: String) throws {
        guard lab(ofNetns: ns) != nil, !ns.contains("/"), !ns.contains("..") else {
            throw AirgapError("\(option) '\(ns)': active tests run only inside a lab namespace named kp-<lab>-<host> (see `kpcensus lab up`)")
        }
        var st = stat()
        guard stat("/run/netns/\(ns)", &st) == 0 else {
            throw AirgapError("\(option) \(ns): no such network namespace; bring the lab up first (kpcensus lab up) or check `ip netns list`", exitCode: 3)
        }
    }

    /// The canaries' prefixes are the lab's own: the lab of `netns` holds an address
    /// in each canary's prefix in its Internet namespace (exit 3 otherwise).
    /// `ownAddresses` lists a namespace's addresses.
    static func checkLabOwns(_ canaries: [Canary], netns: String, canaryNetns: String?, ownAddresses: (String) throws -> [IPAddress]) throws {
        guard let lab = lab(ofNetns: netns) else { return }
        if let cn = canaryNetns, ActiveScope.lab(ofNetns: cn) != lab {
            throw AirgapError("--canary-netns \(cn): not a namespace of lab \(lab) (the lab of --netns \(netns))")
        }
        let inet = "kp-\(lab)-inet"
        var st = stat()
        let own = stat("/run/netns/\(inet)", &st) == 0 ? try ownAddresses(inet).filter(\.isV4) : []
        for c in canaries {
            let prefix = labOutside.first { $0.contains(c.addr) }!
            guard own.contains(where: { prefix.contains($0) }) else {
                throw AirgapError("--canary \(c.addr): refused by the scope guard: \(prefix) is not lab \(lab)'s own (no address of it in \(inet)); bring the lab up (kpcensus lab up --name \(lab))", exitCode: 3)
            }
        }
    }
}
