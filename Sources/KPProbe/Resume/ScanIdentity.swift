import KPScope

/// What makes two scans the same scan for `--resume`: scope, blocklist, targets,
/// ports, probes, retries and shard. The rate is left out on purpose: an
/// interrupted scan may go on faster or slower.
public struct ScanIdentity: Codable, Equatable, Sendable {
    public var scope: String
    public var blocklist: [String]
    public var targets: Int
    /// FNV-1a of the targets in probe order: the same count of other addresses differs.
    public var targetsDigest: String
    public var ports: String
    public var probes: [String]
    public var retries: Int
    public var shard: String?

    enum CodingKeys: String, CodingKey {
        case scope, blocklist, targets, ports, probes, retries, shard
        case targetsDigest = "targets_digest"
    }

    public init(_ o: ScanOptions) {
        scope = o.scope.scopeText
        blocklist = o.scope.blocked.map(\.prefix.description).sorted()
        targets = o.targets.count
        targetsDigest = HTTPReply.fnv(Array(o.targets.map(\.description).joined(separator: ",").utf8))
        ports = Ports.text(o.ports)
        probes = o.probes.map(\.rawValue).sorted()
        retries = o.retries
        shard = o.shard.map { "\($0.index)/\($0.count) seed \($0.seed)" }
    }

    /// What differs, each as "what: was X, now Y" (empty when the scans are the same).
    public func differences(from saved: ScanIdentity) -> [String] {
        var out: [String] = []
        func note(_ what: String, _ was: String, _ now: String) { if was != now { out.append("\(what): was \(was), now \(now)") } }
        note("--scope", saved.scope, scope)
        note("--blocklist", saved.blocklist.joined(separator: ","), blocklist.joined(separator: ","))
        note("targets", "\(saved.targets) (digest \(saved.targetsDigest))", "\(targets) (digest \(targetsDigest))")
        note("--ports", saved.ports, ports)
        note("--probes", saved.probes.joined(separator: ","), probes.joined(separator: ","))
        note("--retries", "\(saved.retries)", "\(retries)")
        note("--shard", saved.shard ?? "none", shard ?? "none")
        return out
    }
}
