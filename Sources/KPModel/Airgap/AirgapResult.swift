import Foundation

/// The air-gap verdict with its evidence (`schema: "kpcensus.airgap/1"`).
public struct AirgapResult: Codable, Equatable, Sendable {
    public enum Verdict: String, Codable, Sendable {
        /// Something crossed: at least one finding of severity breach.
        case breached = "BREACHED"
        /// Enough was looked at and nothing crossed.
        case holds = "HOLDS"
        /// Too little to say either way (see `reason`).
        case inconclusive = "INCONCLUSIVE"
    }

    public var schema = "kpcensus.airgap/1"
    public var verdict: Verdict
    /// One sentence: why this verdict.
    public var reason: String
    /// The inside prefixes and the intranet suffix the check used.
    public var inside: [String]
    public var intranetSuffix: String
    /// Findings, most severe first.
    public var findings: [Finding]
    public var coverage: Coverage

    /// What was looked at.
    public struct Coverage: Codable, Equatable, Sendable {
        /// The captures read (null without `--pcap`).
        public var passive: PassiveCoverage?
        /// The active tests run (null without `--active`).
        public var active: ActiveCoverage?
        /// What the verdict cannot see.
        public var limits: [String]

        public init(passive: PassiveCoverage? = nil, active: ActiveCoverage? = nil, limits: [String]) { (self.passive, self.active, self.limits) = (passive, active, limits) }
    }

    enum CodingKeys: String, CodingKey {
        case schema, verdict, reason, inside, findings, coverage
        case intranetSuffix = "intranet_suffix"
    }

    /// Findings counted by severity.
    public func count(_ s: Severity) -> Int { findings.filter { $0.severity == s }.count }

    /// Deterministic JSON: sorted keys, two-space indent, a final newline.
    public func encoded() throws -> Data { try CanonicalJSON.encode(self, style: JSONStyle.foundationPretty) }

    public static func decode(_ data: Data) throws -> AirgapResult { try JSONDecoder().decode(AirgapResult.self, from: data) }

    public init(schema: String = "kpcensus.airgap/1", verdict: Verdict, reason: String, inside: [String], intranetSuffix: String, findings: [Finding], coverage: Coverage) { (self.schema, self.verdict, self.reason, self.inside, self.intranetSuffix, self.findings, self.coverage) = (schema, verdict, reason, inside, intranetSuffix, findings, coverage) }
}
