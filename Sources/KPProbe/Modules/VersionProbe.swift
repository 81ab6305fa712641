import KPFingerprint
import KPScope

/// One of nmap's service probes (nmap-service-probes) over a fresh connection: the NULL
/// probe only listens, the others send their payload; the reply is read with the probe's
/// match lines, its fallbacks and NULL's (KPFingerprint's ServiceMatcher). The reading
/// stops at a hard match, when the server closes, or at the probe's `totalwaitms`.
/// Which probes go to a port, in which order, is VersionDetection's (Phases/).
public struct VersionProbe: ProbeModule {
    public let info = ProbeInfo(.version, .stream, .tcp, fields: ["service", "product", "version", "info", "cpe", "probe", "line"],
                                help: "nmap's service probes (NULL first, rarity up to --version-intensity): service, product, version, info, CPE")
    /// The nmap probe sent (nil: the NULL probe, nothing sent).
    public let probe: ServiceProbe?
    /// The run's compiled probes, which read the replies (nil: nothing is read).
    public let probes: CompiledServiceProbes?

    public init(probe: ServiceProbe? = nil, probes: CompiledServiceProbes? = nil) {
        self.probe = probe
        self.probes = probes
    }

    var probeName: String { probe?.name ?? "NULL" }

    public func build(_: InScope<ProbeTarget>, _: ProbeContext) -> [UInt8] { probe?.payload ?? [] }

    /// Done once a hard match reads the reply (a softmatch keeps reading, as nmap does).
    public func complete(_ reply: [UInt8]) -> Bool {
        guard !reply.isEmpty, let id = read(reply) else { return false }
        return !id.isSoft
    }

    public func classify(_ reply: [UInt8], _: ProbeTarget) -> VersionReading? {
        guard !reply.isEmpty, let id = read(reply) else { return nil }
        let t = id.templates
        return VersionReading(service: id.service, isSoft: id.isSoft, product: t.product, version: t.version, info: t.info,
                              cpe: t.cpe, probe: id.probe, line: id.line)
    }

    /// The reply through a matcher of this thread's own (PCRE2 scratch is per thread; the regexes are shared).
    func read(_ reply: [UInt8]) -> KPFingerprint.ServiceIdentity? {
        guard let probes else { return nil }
        return ServiceMatcher(compiled: probes).match(reply: reply, probe: probeName, transport: .tcp).identity
    }
}

/// What one of nmap's probes learnt of a port: its match line's service and version fields.
public struct VersionReading: Sendable, Equatable {
    public var service: String
    /// From a `softmatch`: the service only.
    public var isSoft: Bool
    public var product: String?
    public var version: String?
    public var info: String?
    /// CPE names, one per part, with their `cpe:/` prefix.
    public var cpe: [String]
    /// The probe whose line matched, and the line in the probes file.
    public var probe: String
    public var line: Int
}
