import GRDB
import KPModel

/// A value bound before or after a record's own columns (the run, a list index, a tag).
enum ExtraColumn {
    case int(Int64)
    case text(String)
}

/// Inserts records of one type into a table whose columns are named as the record's
/// coding keys (the inventory's JSON keys): the column list comes from the type, in
/// the order it encodes its members, not from a list kept beside it. Values are
/// bound through `RowInserter` (no boxing); string lists become JSON arrays
/// (`JSONList`), other nested values canonical compact JSON.
struct RecordInserter<Record: Encodable> {
    private let db: Database
    private let table: String
    private let leading: [String]
    private let trailing: [String]
    private let binder: ColumnBinder

    /// `leading` and `trailing` name the columns bound around the record's own;
    /// `skipping` names coding keys that are not columns (a nested list stored in
    /// a table of its own).
    init(_ db: Database, into table: String, leading: [String] = ["run_id"], trailing: [String] = [], skipping: Set<String> = []) {
        self.db = db
        self.table = table
        self.leading = leading
        self.trailing = trailing
        binder = ColumnBinder(skipping: skipping)
    }

    /// Binds `first`, `second`, the record's columns and `after`, and inserts the
    /// row (single values rather than variadic lists: an array per row was an
    /// allocation per row).
    func insert(_ record: Record, _ first: ExtraColumn, _ second: ExtraColumn? = nil, after: ExtraColumn? = nil) throws {
        if binder.row == nil { binder.row = try RowInserter(db, sql(for: record)) }
        binder.row!.bind(first)
        if let second { binder.row!.bind(second) }
        try record.encode(to: binder)
        if let after { binder.row!.bind(after) }
        try binder.row!.insert()
    }

    /// The INSERT, its columns named by one encoding of the first record.
    private func sql(for record: Record) throws -> String {
        binder.names = []
        try record.encode(to: binder)
        let columns = leading + (binder.names ?? []) + trailing
        binder.names = nil
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(marks))"
    }
}

extension RowInserter {
    mutating func bind(_ v: ExtraColumn) {
        switch v {
        case .int(let i): bind(i)
        case .text(let s): bind(s)
        }
    }
}

/// The encoder behind `RecordInserter`: a record's members as one row's columns.
/// While `names` is set it collects the column names instead of binding.
final class ColumnBinder: Encoder {
    var row: RowInserter?
    var names: [String]?
    let skipping: Set<String>
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(skipping: Set<String>) { self.skipping = skipping }

    /// The row's container, made once rather than a box per row, and its key type.
    private var made: AnyObject?
    private var madeFor: ObjectIdentifier?

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if madeFor == ObjectIdentifier(type) { return unsafeDowncast(made!, to: RowContainer<Key>.self).container }
        let c = RowContainer(KeyedEncodingContainer(ColumnContainer<Key>(binder: self)))
        (made, madeFor) = (c, ObjectIdentifier(type))
        return c.container
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer { preconditionFailure("a table row is a keyed record") }
    func singleValueContainer() -> SingleValueEncodingContainer { preconditionFailure("a table row is a keyed record") }

    /// Whether `key` is a column; while naming, records its name.
    func column<Key: CodingKey>(_ key: Key) -> Bool {
        if !skipping.isEmpty && skipping.contains(key.stringValue) { return false }
        if names != nil {
            names!.append(key.stringValue)
            return false
        }
        return true
    }
}

/// A key type's row container, kept across rows.
private final class RowContainer<Key: CodingKey> {
    let container: KeyedEncodingContainer<Key>
    init(_ container: KeyedEncodingContainer<Key>) { self.container = container }
}
