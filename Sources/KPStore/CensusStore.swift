import Foundation
import GRDB
import KPCensus
import KPModel

/// Errors opening or writing the census database (exit code 2: a bad --db path or
/// a database this version cannot use).
public struct StoreError: UserFacingError {
    public var description: String
    public var exitCode: Int32 { 2 }
}

/// The census database: one SQLite file in WAL mode, one row in `runs` per
/// analyze/capture/scan. A run is inserted as incomplete when it starts and
/// completed in one transaction at the end, so a crash leaves every earlier run
/// intact and the interrupted one marked `complete = 0`.
public final class CensusStore {
    public let path: String
    let pool: DatabasePool

    public init(path: String) throws {
        self.path = path
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            config.busyMode = .timeout(10)
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StoreError(description: "\(path): cannot open as a census database: \(error)")
        }
        let migrator = Schema.migrator
        let newer = try pool.read { db in try migrator.hasBeenSuperseded(db) }
        if newer {
            throw StoreError(description: "\(path): written by a newer kpcensus (unknown schema migrations); use that version or another --db")
        }
        do { try migrator.migrate(pool) } catch {
            throw StoreError(description: "\(path): cannot migrate the census database: \(error)")
        }
    }

    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }

    /// Records the start of a run; returns its id.
    public func beginRun(kind: String, toolVersion: String, filter: String?) throws -> Int64 {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO runs (kind, started_at, tool_version, filter) VALUES (?, ?, ?, ?)",
                           arguments: [kind, CensusStore.now(), toolVersion, filter])
            return db.lastInsertedRowID
        }
    }

    /// Writes the inventory of a run and marks it complete, all in one transaction.
    public func completeRun(_ id: Int64, inventory inv: Inventory, observations: [Observation], origin: String = "passive") throws {
        try pool.write { db in
            try RunWriter(db: db, run: id).write(inv, observations: observations, origin: origin)
            try db.execute(sql: "UPDATE runs SET complete = 1, ended_at = ? WHERE id = ?", arguments: [CensusStore.now(), id])
        }
    }

    /// The runs in the database, oldest first.
    public func runs() throws -> [RunSummary] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, kind, started_at, ended_at, complete, packets FROM runs ORDER BY id").map {
                RunSummary(id: $0["id"], kind: $0["kind"], startedAt: $0["started_at"], endedAt: $0["ended_at"],
                           complete: $0["complete"], packets: $0["packets"])
            }
        }
    }

    /// Reads a completed run back as the inventory it was written from.
    public func inventory(run id: Int64) throws -> Inventory {
        try pool.read { db in try RunReader(db: db, run: id).read() }
    }
}

public struct RunSummary: Equatable, Sendable {
    public var id: Int64
    public var kind: String
    public var startedAt: String
    public var endedAt: String?
    public var complete: Bool
    public var packets: Int
}
