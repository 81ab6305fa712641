import Foundation
import KPAirgap
import KPModel
import KPReport
import KPStore

/// Glue between the air-gap result and the census database and report.
enum AirgapStore {
    /// Stores `result` with the last census run of `db` (made by analyze or capture).
    static func save(_ result: AirgapResult, verdict: String, db: String) throws {
        let store = try CensusStore.existing(path: db)
        let run = try store.latestCompleteRun()
        try store.saveAirgap(run: run.id, verdict: verdict, reason: result.reason, breaches: result.count(.breach),
                             warnings: result.count(.warning), json: String(decoding: try result.encoded(), as: UTF8.self))
    }

    /// The report's air-gap section from a stored result.
    static func section(_ s: StoredAirgap, outsideAddrs: [String]) throws -> CensusReport.AirGap {
        guard let r = try? AirgapResult.decode(Data(s.json.utf8)) else {
            throw AirgapError("--db: run \(s.run): the stored air-gap result is not kpcensus.airgap/1 JSON; run kpcensus airgap --db again")
        }
        let findings = r.findings.map {
            CensusReport.AirGapFinding(kind: $0.kind, severity: $0.severity.rawValue, hosts: ($0.inside + $0.outside).joined(separator: ", "),
                                       bridge: $0.bridge ?? "", explanation: $0.explanation)
        }
        return CensusReport.AirGap(verdict: r.verdict.rawValue, status: "checked \(s.checkedAt): \(r.reason)", outsideAddrs: outsideAddrs, findings: findings)
    }
}
