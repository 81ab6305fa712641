import Foundation
import GRDB

/// What a report says about the run itself, besides its inventory.
public struct RunInfo: Equatable, Sendable {
    public var id: Int64
    /// "analyze", "capture" or "scan".
    public var kind: String
    /// Wall-clock start and end of the run (ISO 8601); `ended` is nil while incomplete.
    public var started: String
    public var ended: String?
    public var complete: Bool
    public var toolVersion: String
}

extension CensusStore {
    /// Opens a census database that must already exist (for reading: `report`, `diff`).
    public static func existing(path: String) throws -> CensusStore {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw StoreError(description: "\(path): no such census database; make one with `kpcensus analyze FILE --db \(path)`")
        }
        if isDir.boolValue { throw StoreError(description: "\(path): is a directory; give a census database file") }
        return try CensusStore(path: path)
    }

    /// The run with this id, or an error naming it and the runs there are.
    public func runInfo(_ id: Int64) throws -> RunInfo {
        let row = try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, kind, started_at, ended_at, complete, tool_version FROM runs WHERE id = ?", arguments: [id])
        }
        guard let row else {
            let ids = try runs().map { String($0.id) }
            throw StoreError(description: "\(path): no run \(id); runs there: \(ids.isEmpty ? "none" : ids.joined(separator: ", "))")
        }
        return RunInfo(id: row["id"], kind: row["kind"], started: row["started_at"], ended: row["ended_at"],
                       complete: row["complete"], toolVersion: row["tool_version"])
    }

    /// The most recent complete run, or an error when there is none.
    public func latestCompleteRun() throws -> RunInfo {
        guard let last = try runs().last(where: \.complete) else {
            throw StoreError(description: "\(path): no complete census run; run `kpcensus analyze FILE --db \(path)` first")
        }
        return try runInfo(last.id)
    }
}
