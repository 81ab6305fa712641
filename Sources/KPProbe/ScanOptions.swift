import Foundation
import KPFingerprint
import KPScope
import KPWire

/// What to scan and how (the `kpcensus scan` options, checked).
public struct ScanOptions: Sendable {
    public var scope: ScopeGuard
    /// Addresses to probe, each already allowed by the scope guard.
    public var targets: [IPAddress]
    public var ports: [UInt16]
    public var probes: Set<ProbeName>
    public var rate: Double
    public var retries: Int
    /// Names (or labels to try under each known zone) for forward lookups and vhost probes.
    public var wordlist: [String]
    /// Zones asked of every name server (SOA) and transferred (AXFR).
    public var zones: [String]
    /// Exit 3 instead of falling back to connect() when raw sockets are not allowed.
    public var requireRaw: Bool
    /// `--shard I/N --seed S`: only this part of the port scan's (address, port) pairs; nil scans all, port-major.
    public var shard: ScanShard?
    public var crawlPages = 100
    public var crawlDepth = 2
    /// nmap's service probes compiled for the run (`--probes version`; nil: version detection is skipped).
    public var serviceProbes: CompiledServiceProbes?
    /// `--version-intensity`: the highest rarity sent beside the port's own probes (0–9, nmap's default 7).
    public var versionIntensity = ServiceProbeDatabase.defaultIntensity
    /// nmap's UDP payloads (`--probes udp`; nil: every UDP port gets an empty datagram).
    public var udpPayloads: UDPPayloadDatabase?
    /// `--udp-ports` (default: the ports the payloads file names).
    public var udpPorts: [UInt16] = []

    public static let defaultProbes: [ProbeName] = [.icmp, .syn, .dns, .axfr, .ptr, .banner, .http, .tls, .vhost, .crawl]

    public init(scope: ScopeGuard, targets: [IPAddress], ports: [UInt16], probes: Set<ProbeName>, rate: Double, retries: Int,
                wordlist: [String], zones: [String], requireRaw: Bool) {
        self.scope = scope
        self.targets = targets
        self.ports = ports
        self.probes = probes
        self.rate = rate
        self.retries = retries
        self.wordlist = wordlist
        self.zones = zones
        self.requireRaw = requireRaw
    }

    /// Reads a wordlist: one name or label a line, `#` comments.
    public static func readWordlist(path: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ScanError("--wordlist \(path): cannot read the file (one name or label a line)")
        }
        var out: [String] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let w = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0].trimmingCharacters(in: .whitespaces).lowercased()
            if w.isEmpty { continue }
            guard w.count <= 253, w.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }), !w.hasPrefix("."), !w.hasSuffix(".") else {
                throw ScanError("--wordlist \(path):\(n + 1): '\(w)' is not a host name or label")
            }
            out.append(w)
        }
        return Array(Set(out)).sorted()
    }
}
