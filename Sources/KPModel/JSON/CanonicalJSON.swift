import Foundation

/// The one JSON writer of every versioned schema (inventory, report, diff, estimate,
/// air-gap result, lab and simulator truth): sorted keys, a line per member and
/// element, JSONEncoder's number and escape forms, the same bytes for the same data.
/// The synthesized `Codable` conformances suffice: nil optionals are written as
/// `null` unless the style or the key says to leave them out.
public enum CanonicalJSON {
    public static func encode<T: Encodable>(_ value: T, style: JSONStyle = .canonical) throws -> Data {
        let encoder = CanonicalEncoder(style: style)
        defer { encoder.finish() }
        try encoder.value(value)
        return encoder.data()
    }
}
