// Matching a server's reply against nmap's match lines: the probe's own lines, then its
// fallbacks, then (TCP) the NULL probe's, in file order; the first hard match wins, else the
// first softmatch names the service (and only hard matches of that service are tried after it). Regexes compile on first use, a probe at a time.

/// What a reply says about the service, with the templates filled from the captures.
public struct ServiceIdentity: Sendable, Equatable {
    /// nmap's service name (`ssh`, `smtp`, `http`, `ssl/http`, …).
    public var service: String
    /// From a `softmatch`: the service only, product and version unknown.
    public var isSoft: Bool
    /// The match line's `p/ v/ i/ h/ o/ d/` templates filled from the captures (nil when
    /// the line has none or it filled empty), and its CPE names with their `cpe:/`
    /// prefix, one per part (`cpe:/a:openbsd:openssh:9.2p1`).
    public var templates: VersionTemplates
    /// The probe whose match line hit, and that line in the probes file.
    public var probe: String
    public var line: Int
}

/// A bad-input event during matching, with a stable code the census counts.
public enum FingerprintAnomaly: String, Sendable, Hashable, CaseIterable {
    /// A regex ran out of its match or depth limit (or JIT stack) on this reply.
    case regexLimit = "fingerprint_regex_limit"
    /// A pattern of the probes file that PCRE2 refused; the line never matches.
    case regexCompileFailed = "fingerprint_regex_compile_failed"
    /// PCRE2 returned another error while matching.
    case regexError = "fingerprint_regex_error"
    /// Matching was asked for a probe the file does not have.
    case unknownProbe = "fingerprint_unknown_probe"
}

/// The outcome of matching one reply.
public struct ServiceMatchResult: Sendable, Equatable {
    /// The identity found, or nil.
    public var identity: ServiceIdentity?
    /// Anomalies met on the way (each at most once per line that raised it).
    public var anomalies: [FingerprintAnomaly]
}

/// Matches replies against a probes database. Holds compiled regexes and PCRE2 scratch
/// space: one per thread (not Sendable).
public final class ServiceMatcher {
    /// The database the matcher reads.
    public let database: ServiceProbeDatabase
    private let scratch: RegexScratch
    private let jit: Bool
    /// Per probe: its lines once compiled, in file order.
    private var compiled: [[CompiledRule]?]
    /// Service names as small numbers, so the loop compares integers, not strings.
    private var serviceNumbers = ServiceNumbers()
    /// Lines PCRE2 refused, with its message, named by file and line.
    public private(set) var compileErrors: [FingerprintFileError] = []
    /// Every anomaly met so far, counted by code.
    public private(set) var anomalyCounts: [FingerprintAnomaly: Int] = [:]

    /// A matcher with PCRE2 limits per match (see RegexScratch) and the JIT unless `jit` is false.
    public init(database: ServiceProbeDatabase, matchLimit: UInt32 = 100_000, depthLimit: UInt32 = 10_000, jit: Bool = true) {
        self.database = database
        self.scratch = RegexScratch(matchLimit: matchLimit, depthLimit: depthLimit)
        self.jit = jit
        self.compiled = Array(repeating: nil, count: database.probes.count)
    }

    /// A matcher over regexes compiled once for the run (shared between threads): nothing
    /// compiles while matching; the limits are those of `init(database:)`.
    public init(compiled: CompiledServiceProbes, matchLimit: UInt32 = 100_000, depthLimit: UInt32 = 10_000) {
        database = compiled.database
        scratch = RegexScratch(matchLimit: matchLimit, depthLimit: depthLimit)
        jit = compiled.jit
        self.compiled = compiled.rules.map { Optional($0) }
        compileErrors = compiled.compileErrors
    }

    /// Compiles every probe's regexes now instead of on first use; returns how many compiled.
    @discardableResult
    public func compileAll() -> Int {
        (0..<database.probes.count).reduce(0) { $0 + rules(ofProbe: $1).filter { $0.regex != nil }.count }
    }

    /// Matches `reply`, the bytes a server sent after `probe` (NULL: after nothing) on `transport`.
    public func match(reply: [UInt8], probe: String = "NULL", transport: ProbeTransport = .tcp) -> ServiceMatchResult {
        var result = ServiceMatchResult(identity: nil, anomalies: [])
        guard let chain = database.fallbackChain(probe: probe, transport: transport) else {
            note(.unknownProbe, in: &result)
            return result
        }
        var soft: (identity: ServiceIdentity, service: Int)?
        for probeIndex in chain {
            // Only small values are touched per line: copying MatchRule cost most of the time.
            let compiledRules = rules(ofProbe: probeIndex)
            for i in compiledRules.indices {
                guard let regex = compiledRules[i].regex else { continue }
                // After a softmatch only a hard match of the same service refines it (nmap's rule).
                if let soft, compiledRules[i].isSoft || compiledRules[i].service != soft.service { continue }
                switch regex.match(reply, scratch: scratch) {
                case .noMatch: continue
                case .limitHit: note(.regexLimit, in: &result)
                case .failed: note(.regexError, in: &result)
                case .matched(let groups):
                    let probe = database.probes[probeIndex]
                    let identity = Self.identity(probe.matches[i], probe: probe.name, groups: groups)
                    if !compiledRules[i].isSoft {
                        result.identity = identity
                        return result
                    }
                    soft = (identity, compiledRules[i].service)
                }
            }
        }
        result.identity = soft?.identity
        return result
    }

    private func note(_ anomaly: FingerprintAnomaly, in result: inout ServiceMatchResult) {
        anomalyCounts[anomaly, default: 0] += 1
        result.anomalies.append(anomaly)
    }

    private func rules(ofProbe index: Int) -> [CompiledRule] {
        if let done = compiled[index] { return done }
        var errors: [FingerprintFileError] = []
        let rules = database.probes[index].matches.map {
            CompiledRule.compile($0, path: database.path, jit: jit, numbers: &serviceNumbers, errors: &errors)
        }
        if !errors.isEmpty {
            compileErrors += errors
            anomalyCounts[.regexCompileFailed, default: 0] += errors.count
        }
        compiled[index] = rules
        return rules
    }

    /// nmap keeps one CPE per part (`a` application, `h` hardware, `o` OS), the line's last
    /// of each, listed a, h, o: `cpe:/o:debian:debian_linux/ cpe:/o:linux:linux_kernel/`
    /// reports only the kernel, as `nmap -sV` does on the same banner.
    static func onePerPart(_ cpes: [String]) -> [String] {
        var last: [Character: String] = [:]
        var other: [String] = []
        for cpe in cpes {
            let part = cpe.dropFirst(5).first
            if let part, "aho".contains(part) { last[part] = cpe } else { other.append(cpe) }
        }
        return ["a", "h", "o"].compactMap { last[$0] } + other
    }

    static func identity(_ rule: MatchRule, probe: String, groups: [ArraySlice<UInt8>?]) -> ServiceIdentity {
        var t = rule.templates
        func fill(_ s: inout String?) {
            s = s.map { TemplateFiller.fill($0, groups: groups) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        fill(&t.product); fill(&t.version); fill(&t.info); fill(&t.hostname); fill(&t.os); fill(&t.deviceType)
        t.cpe = onePerPart(t.cpe.map { "cpe:/" + TemplateFiller.fill($0, groups: groups, cpe: true) })
        return ServiceIdentity(service: rule.service, isSoft: rule.isSoft, templates: t, probe: probe, line: rule.line)
    }
}

/// A match line as the matching loop needs it; nil regex: PCRE2 refused the pattern.
struct CompiledRule {
    let regex: ByteRegex?
    let isSoft: Bool
    let service: Int
}
