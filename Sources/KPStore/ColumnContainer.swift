import KPModel

/// One row's columns, bound in the order the record encodes its members; nil
/// optionals are NULL.
struct ColumnContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    // Unowned: the binder keeps this container, and outlives it.
    unowned(unsafe) let binder: ColumnBinder
    var codingPath: [CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { if binder.column(key) { binder.row!.bindNull() } }

    mutating func encode(_ v: String, forKey key: Key) throws { if binder.column(key) { binder.row!.bind(v) } }
    mutating func encode(_ v: Bool, forKey key: Key) throws { if binder.column(key) { binder.row!.bind(v ? 1 : 0) } }
    mutating func encode(_ v: Double, forKey key: Key) throws { if binder.column(key) { binder.row!.bind(v) } }
    mutating func encode(_ v: Float, forKey key: Key) throws { if binder.column(key) { binder.row!.bind(Double(v)) } }
    mutating func encode(_ v: Int, forKey key: Key) throws { if binder.column(key) { binder.row!.bind(Int64(v)) } }
    mutating func encode(_ v: Int8, forKey key: Key) throws { if binder.column(key) { binder.row!.bind(Int64(v)) } }
    mutating func encode(_ v: Int16, forKey key: Key) throws { if binder.column(key) { binder.row!.bind(Int64(v)) } }
    mutating func encode(_ v: Int32, forKey key: Key) throws { if binder.column(key) { binder.row!.bind(Int64(v)) } }
    mutating func encode(_ v: Int64, forKey key: Key) throws { if binder.column(key) { binder.row!.bind(Int64(v)) } }
    mutating func encode(_ v: UInt, forKey key: Key) throws { if binder.column(key) { binder.row!.bind(Int64(v)) } }
    mutating func encode(_ v: UInt8, forKey key: Key) throws { if binder.column(key) { binder.row!.bind(Int64(v)) } }
    mutating func encode(_ v: UInt16, forKey key: Key) throws { if binder.column(key) { binder.row!.bind(Int64(v)) } }
    mutating func encode(_ v: UInt32, forKey key: Key) throws { if binder.column(key) { binder.row!.bind(Int64(v)) } }

    /// UInt64 has no SQLite column type: stored as its bit pattern, as GRDB stores it.
    mutating func encode(_ v: UInt64, forKey key: Key) throws { if binder.column(key) { binder.row!.bind(Int64(bitPattern: v)) } }

    mutating func encode<T: Encodable>(_ v: T, forKey key: Key) throws {
        guard binder.column(key) else { return }
        if T.self == [String].self {
            binder.row!.bind(JSONList.encode(unsafeBitCast(v, to: [String].self)))
        } else {
            let json = try CanonicalJSON.encode(v, style: JSONStyle(layout: .compact))
            binder.row!.bind(String(decoding: json.dropLast(), as: UTF8.self))
        }
    }

    mutating func encodeIfPresent(_ v: String?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ v: Bool?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ v: Double?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ v: Float?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ v: Int?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ v: Int8?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ v: Int16?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ v: Int32?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ v: Int64?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ v: UInt?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ v: UInt8?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ v: UInt16?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ v: UInt32?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ v: UInt64?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent<T: Encodable>(_ v: T?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try encodeNil(forKey: key) } }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("a table row has no nested containers")
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer { preconditionFailure("a table row has no nested containers") }
    mutating func superEncoder() -> Encoder { preconditionFailure("a table row has no nested containers") }
    mutating func superEncoder(forKey key: Key) -> Encoder { preconditionFailure("a table row has no nested containers") }
}
