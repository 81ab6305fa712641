/// An object's members. `encodeIfPresent` writes `null` for nil (the synthesized
/// conformances call it for optionals), so no type needs a hand-written `encode(to:)`
/// to list every key.
struct CanonicalKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: CanonicalEncoder
    let keys: KeyBytes
    var codingPath: [CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {
        encoder.member(key, keys)
        encoder.w.null()
    }

    private mutating func nilValue(_ key: Key) throws {
        if !encoder.omits(key, keys) { try encodeNil(forKey: key) }
    }

    mutating func encode(_ v: String, forKey key: Key) throws { encoder.member(key, keys); encoder.w.string(v) }
    mutating func encode(_ v: Bool, forKey key: Key) throws { encoder.member(key, keys); encoder.w.bool(v) }
    mutating func encode(_ v: Double, forKey key: Key) throws { encoder.member(key, keys); try encoder.w.double(v) }
    mutating func encode(_ v: Float, forKey key: Key) throws { encoder.member(key, keys); try encoder.w.float(v) }
    mutating func encode(_ v: Int, forKey key: Key) throws { encoder.member(key, keys); encoder.w.int(Int64(v)) }
    mutating func encode(_ v: Int8, forKey key: Key) throws { encoder.member(key, keys); encoder.w.int(Int64(v)) }
    mutating func encode(_ v: Int16, forKey key: Key) throws { encoder.member(key, keys); encoder.w.int(Int64(v)) }
    mutating func encode(_ v: Int32, forKey key: Key) throws { encoder.member(key, keys); encoder.w.int(Int64(v)) }
    mutating func encode(_ v: Int64, forKey key: Key) throws { encoder.member(key, keys); encoder.w.int(Int64(v)) }
    mutating func encode(_ v: UInt, forKey key: Key) throws { encoder.member(key, keys); encoder.w.uint(UInt64(v)) }
    mutating func encode(_ v: UInt8, forKey key: Key) throws { encoder.member(key, keys); encoder.w.uint(UInt64(v)) }
    mutating func encode(_ v: UInt16, forKey key: Key) throws { encoder.member(key, keys); encoder.w.uint(UInt64(v)) }
    mutating func encode(_ v: UInt32, forKey key: Key) throws { encoder.member(key, keys); encoder.w.uint(UInt64(v)) }
    mutating func encode(_ v: UInt64, forKey key: Key) throws { encoder.member(key, keys); encoder.w.uint(UInt64(v)) }
    mutating func encode<T: Encodable>(_ v: T, forKey key: Key) throws { encoder.member(key, keys); try encoder.value(v) }

    mutating func encodeIfPresent(_ v: String?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try nilValue(key) } }
    mutating func encodeIfPresent(_ v: Bool?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try nilValue(key) } }
    mutating func encodeIfPresent(_ v: Double?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try nilValue(key) } }
    mutating func encodeIfPresent(_ v: Float?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try nilValue(key) } }
    mutating func encodeIfPresent(_ v: Int?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try nilValue(key) } }
    mutating func encodeIfPresent(_ v: Int8?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try nilValue(key) } }
    mutating func encodeIfPresent(_ v: Int16?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try nilValue(key) } }
    mutating func encodeIfPresent(_ v: Int32?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try nilValue(key) } }
    mutating func encodeIfPresent(_ v: Int64?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try nilValue(key) } }
    mutating func encodeIfPresent(_ v: UInt?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try nilValue(key) } }
    mutating func encodeIfPresent(_ v: UInt8?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try nilValue(key) } }
    mutating func encodeIfPresent(_ v: UInt16?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try nilValue(key) } }
    mutating func encodeIfPresent(_ v: UInt32?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try nilValue(key) } }
    mutating func encodeIfPresent(_ v: UInt64?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try nilValue(key) } }
    mutating func encodeIfPresent<T: Encodable>(_ v: T?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } else { try nilValue(key) } }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("CanonicalJSON: nested containers are not used by the kpcensus schemas")
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer { preconditionFailure("CanonicalJSON: nested containers are not used by the kpcensus schemas") }
    mutating func superEncoder() -> Encoder { preconditionFailure("CanonicalJSON: nested containers are not used by the kpcensus schemas") }
    mutating func superEncoder(forKey key: Key) -> Encoder { preconditionFailure("CanonicalJSON: nested containers are not used by the kpcensus schemas") }
}
