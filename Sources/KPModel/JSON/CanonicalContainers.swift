/// An array's elements, in the order given.
struct CanonicalUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: CanonicalEncoder
    var codingPath: [CodingKey] { [] }
    private(set) var count = 0

    init(encoder: CanonicalEncoder) { self.encoder = encoder }

    mutating func encodeNil() throws { count += 1; encoder.element(); encoder.w.null() }

    mutating func encode(_ v: String) throws { count += 1; encoder.element(); encoder.w.string(v) }
    mutating func encode(_ v: Bool) throws { count += 1; encoder.element(); encoder.w.bool(v) }
    mutating func encode(_ v: Double) throws { count += 1; encoder.element(); try encoder.w.double(v) }
    mutating func encode(_ v: Float) throws { count += 1; encoder.element(); try encoder.w.float(v) }
    mutating func encode(_ v: Int) throws { count += 1; encoder.element(); encoder.w.int(Int64(v)) }
    mutating func encode(_ v: Int8) throws { count += 1; encoder.element(); encoder.w.int(Int64(v)) }
    mutating func encode(_ v: Int16) throws { count += 1; encoder.element(); encoder.w.int(Int64(v)) }
    mutating func encode(_ v: Int32) throws { count += 1; encoder.element(); encoder.w.int(Int64(v)) }
    mutating func encode(_ v: Int64) throws { count += 1; encoder.element(); encoder.w.int(Int64(v)) }
    mutating func encode(_ v: UInt) throws { count += 1; encoder.element(); encoder.w.uint(UInt64(v)) }
    mutating func encode(_ v: UInt8) throws { count += 1; encoder.element(); encoder.w.uint(UInt64(v)) }
    mutating func encode(_ v: UInt16) throws { count += 1; encoder.element(); encoder.w.uint(UInt64(v)) }
    mutating func encode(_ v: UInt32) throws { count += 1; encoder.element(); encoder.w.uint(UInt64(v)) }
    mutating func encode(_ v: UInt64) throws { count += 1; encoder.element(); encoder.w.uint(UInt64(v)) }
    mutating func encode<T: Encodable>(_ v: T) throws { count += 1; encoder.element(); try encoder.value(v) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("CanonicalJSON: nested containers are not used by the kpcensus schemas")
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { preconditionFailure("CanonicalJSON: nested containers are not used by the kpcensus schemas") }
    mutating func superEncoder() -> Encoder { preconditionFailure("CanonicalJSON: nested containers are not used by the kpcensus schemas") }
}

/// One value in place (enums with raw values, wrappers).
struct CanonicalSingleValue: SingleValueEncodingContainer {
    let encoder: CanonicalEncoder
    var codingPath: [CodingKey] { [] }

    mutating func encodeNil() throws { encoder.w.null() }

    mutating func encode(_ v: String) throws { encoder.w.string(v) }
    mutating func encode(_ v: Bool) throws { encoder.w.bool(v) }
    mutating func encode(_ v: Double) throws { try encoder.w.double(v) }
    mutating func encode(_ v: Float) throws { try encoder.w.float(v) }
    mutating func encode(_ v: Int) throws { encoder.w.int(Int64(v)) }
    mutating func encode(_ v: Int8) throws { encoder.w.int(Int64(v)) }
    mutating func encode(_ v: Int16) throws { encoder.w.int(Int64(v)) }
    mutating func encode(_ v: Int32) throws { encoder.w.int(Int64(v)) }
    mutating func encode(_ v: Int64) throws { encoder.w.int(Int64(v)) }
    mutating func encode(_ v: UInt) throws { encoder.w.uint(UInt64(v)) }
    mutating func encode(_ v: UInt8) throws { encoder.w.uint(UInt64(v)) }
    mutating func encode(_ v: UInt16) throws { encoder.w.uint(UInt64(v)) }
    mutating func encode(_ v: UInt32) throws { encoder.w.uint(UInt64(v)) }
    mutating func encode(_ v: UInt64) throws { encoder.w.uint(UInt64(v)) }
    mutating func encode<T: Encodable>(_ v: T) throws { try encoder.value(v) }
}
