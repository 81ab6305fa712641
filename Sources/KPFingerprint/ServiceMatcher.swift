// Matching a server's reply against nmap's match lines: the probe's own lines, then its
// fallbacks, then (TCP) the NULL probe's, in file order; the first hard match wins, else the
// first softmatch names the service (and only hard matches of that service are tried after it). Regexes compile on first use, a probe at a time.

/// What a reply says about the service, with the templates filled from the captures.
public struct ServiceIdentity: Sendable, Equatable {
    /// nmap's service name (`ssh`, `smtp`, `http`, `ssl/http`, …).
    public var service: String
    /// From a `softmatch`: the service only, product and version unknown.
    public var isSoft: Bool
    public var product: String?
    public var version: String?
    public var info: String?
    public var hostname: String?
    public var os: String?
    public var deviceType: String?
    /// CPE names with their `cpe:/` prefix (`cpe:/a:openbsd:openssh:9.2p1`).
    public var cpe: [String]
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
    /// Per probe: its lines' regexes once compiled (nil entry: the line did not compile).
    private var compiled: [[ByteRegex?]?]
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

    /// Compiles every probe's regexes now instead of on first use; returns how many compiled.
    @discardableResult
    public func compileAll() -> Int {
        (0..<database.probes.count).reduce(0) { $0 + regexes(ofProbe: $1).compactMap { $0 }.count }
    }

    /// Matches `reply`, the bytes a server sent after `probe` (NULL: after nothing) on `transport`.
    public func match(reply: [UInt8], probe: String = "NULL", transport: ProbeTransport = .tcp) -> ServiceMatchResult {
        var result = ServiceMatchResult(identity: nil, anomalies: [])
        guard let chain = database.fallbackChain(probe: probe, transport: transport) else {
            note(.unknownProbe, in: &result)
            return result
        }
        var soft: ServiceIdentity?
        for probeIndex in chain {
            let regexes = regexes(ofProbe: probeIndex)
            for (rule, regex) in zip(database.probes[probeIndex].matches, regexes) {
                guard let regex else { continue }
                // After a softmatch only a hard match of the same service refines it (nmap's rule).
                if let soft, rule.isSoft || rule.service != soft.service { continue }
                switch regex.match(reply, scratch: scratch) {
                case .noMatch: continue
                case .limitHit: note(.regexLimit, in: &result)
                case .failed: note(.regexError, in: &result)
                case .matched(let groups):
                    let identity = Self.identity(rule, probe: database.probes[probeIndex].name, groups: groups)
                    if !rule.isSoft {
                        result.identity = identity
                        return result
                    }
                    soft = identity
                }
            }
        }
        result.identity = soft
        return result
    }

    private func note(_ anomaly: FingerprintAnomaly, in result: inout ServiceMatchResult) {
        anomalyCounts[anomaly, default: 0] += 1
        result.anomalies.append(anomaly)
    }

    private func regexes(ofProbe index: Int) -> [ByteRegex?] {
        if let done = compiled[index] { return done }
        let probe = database.probes[index]
        let regexes = probe.matches.map { rule -> ByteRegex? in
            do throws(RegexCompileError) {
                return try ByteRegex(pattern: rule.pattern, flags: rule.flags, jit: jit)
            } catch {
                compileErrors.append(FingerprintFileError(path: database.path, line: rule.line, message: "regex: \(error.message) at offset \(error.offset)"))
                anomalyCounts[.regexCompileFailed, default: 0] += 1
                return nil
            }
        }
        compiled[index] = regexes
        return regexes
    }

    static func identity(_ rule: MatchRule, probe: String, groups: [ArraySlice<UInt8>?]) -> ServiceIdentity {
        let t = rule.templates
        func fill(_ s: String?) -> String? {
            s.map { TemplateFiller.fill($0, groups: groups) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        return ServiceIdentity(
            service: rule.service, isSoft: rule.isSoft,
            product: fill(t.product), version: fill(t.version), info: fill(t.info),
            hostname: fill(t.hostname), os: fill(t.os), deviceType: fill(t.deviceType),
            cpe: t.cpe.map { "cpe:/" + TemplateFiller.fill($0, groups: groups, cpe: true) },
            probe: probe, line: rule.line)
    }
}
