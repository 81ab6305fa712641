import Foundation
import GRDB

/// An air-gap result stored with a census run (`kpcensus airgap --db`).
public struct StoredAirgap: Equatable, Sendable {
    public var run: Int64
    public var checkedAt: String
    /// HOLDS, BREACHED or INCONCLUSIVE.
    public var verdict: String
    public var reason: String
    public var breaches: Int
    public var warnings: Int
    /// The whole result as `kpcensus.airgap/1` JSON.
    public var json: String
}

extension CensusStore {
    /// Stores (or replaces) the air-gap result of run `run`.
    public func saveAirgap(run: Int64, verdict: String, reason: String, breaches: Int, warnings: Int, json: String) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO airgap (run_id, checked_at, verdict, reason, breaches, warnings, result_json)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [run, CensusStore.now(), verdict, reason, breaches, warnings, json])
        }
    }

    /// The air-gap result stored with run `run`, if any.
    public func airgap(run: Int64) throws -> StoredAirgap? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM airgap WHERE run_id = ?", arguments: [run]).map {
                StoredAirgap(run: $0["run_id"], checkedAt: $0["checked_at"], verdict: $0["verdict"], reason: $0["reason"],
                             breaches: $0["breaches"], warnings: $0["warnings"], json: $0["result_json"])
            }
        }
    }
}
