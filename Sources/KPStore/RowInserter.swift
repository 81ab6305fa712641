import GRDB
import GRDBSQLite

/// An INSERT run once per row, its values bound through SQLite's C API in column
/// order: GRDB's `StatementArguments` box every value, and that boxing cost about
/// as much as SQLite's own work on a long capture's rows.
struct RowInserter {
    private let db: Database
    private let statement: Statement
    private var column: Int32 = 0

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
    }

    /// SQLite copies the text before the bind returns (SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private mutating func next() -> Int32 {
        column += 1
        return column
    }

    mutating func bind(_ v: Int64) { sqlite3_bind_int64(statement.sqliteStatement, next(), v) }
    mutating func bind(_ v: Int) { bind(Int64(v)) }
    mutating func bind(_ v: Double) { sqlite3_bind_double(statement.sqliteStatement, next(), v) }

    mutating func bind(_ s: String) {
        var s = s
        let i = next()
        _ = s.withUTF8 { sqlite3_bind_text(statement.sqliteStatement, i, $0.baseAddress, Int32($0.count), RowInserter.transient) }
    }

    mutating func bind(_ s: String?) {
        if let s { bind(s) } else { bindNull() }
    }

    mutating func bindNull() { sqlite3_bind_null(statement.sqliteStatement, next()) }

    /// Inserts the row bound so far and makes ready for the next.
    mutating func insert() throws {
        let code = sqlite3_step(statement.sqliteStatement)
        sqlite3_reset(statement.sqliteStatement)
        column = 0
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                sql: statement.sql)
        }
    }
}
