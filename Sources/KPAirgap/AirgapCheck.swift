import Foundation

/// The whole check: passive analysis of the captures, active tests, the verdict.
public enum AirgapCheck {
    /// Runs the active plan, if any, and decides the verdict from its findings and
    /// those of the passive analysis (`passive`: what a session's `PassiveSink`
    /// concluded, nil when no capture was read); `log` receives progress lines (`--verbose`).
    public static func decide(passive passiveResult: (findings: [Finding], coverage: PassiveCoverage)?, scope: InsideScope,
                              active: ActivePlan?, log: (String) -> Void = { _ in }) throws -> AirgapResult {
        guard passiveResult != nil || active != nil else {
            throw AirgapError("nothing to check: give --pcap FILE (captures from inside), --outside-pcap FILE, or --active with --netns and --canary")
        }
        var findings = passiveResult?.findings ?? []
        let passive = passiveResult?.coverage
        var activeCov: ActiveCoverage?
        if let plan = active {
            log("active tests from \(plan.netns): \(plan.canaries.count) canaries, \(plan.resolvers.count) resolvers, \(plan.proxies.count) proxies, \(plan.insideTargets.count) inbound targets")
            let r = try ActiveRunner.run(plan, scope: scope, log: log)
            findings += r.findings
            activeCov = r.coverage
        }
        findings = sortFindings(findings)
        log("\(findings.count) findings")
        let (verdict, reason) = VerdictLogic.decide(findings: findings, passive: passive, active: activeCov)
        return AirgapResult(verdict: verdict, reason: reason, inside: scope.prefixes.map(\.description), intranetSuffix: scope.suffix,
                            findings: findings,
                            coverage: .init(passive: passive, active: activeCov, limits: VerdictLogic.limits(passive: passive, active: activeCov)))
    }

    /// Plain-text summary: the verdict, its reason, one line per finding.
    public static func text(_ r: AirgapResult) -> String {
        var lines = ["air gap: \(r.verdict.rawValue)", r.reason]
        let counts = [Severity.breach, .warning, .info].map { "\(r.count($0)) \($0.rawValue)" }.joined(separator: ", ")
        lines.append("findings: \(counts)")
        for f in r.findings {
            let hosts = (f.inside + f.outside).joined(separator: ", ")
            lines.append("  [\(f.severity.rawValue)] \(f.kind): \(hosts)\(f.bridge.map { " via \($0)" } ?? "") (\(f.count)×)")
            lines.append("      \(f.explanation)")
            if let e = f.evidence.first { lines.append("      evidence: \(e.file)\(e.packet > 0 ? " #\(e.packet)" : ""): \(e.decode)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
