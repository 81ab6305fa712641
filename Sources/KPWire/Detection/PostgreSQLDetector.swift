// PostgreSQL frontend/backend protocol (docs §55.7): a client opens with a
// StartupMessage (int32 length, int32 protocol 3.0 = 0x00030000, then name\0value\0
// pairs and a final \0), or first asks for TLS (SSLRequest: length 8, code 80877103)
// or GSS encryption (80877104), or cancels (CancelRequest: length 16, 80877102).

public struct PostgreSQLDetector: ProtocolDetector {
    public let about = DetectorAbout("postgresql", [.tcp], ports: [5432, 5433])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        // Index 0, or 1 after an SSLRequest the server refused with "N".
        guard input.mayBeClient, input.index <= 1 else { return nil }
        let c = input.cursor
        guard let length = c.u32(at: 0), let code = c.u32(at: 4), Int(length) == c.count else { return nil }
        switch (length, code) {
        case (8, 80877103): return verdict(.strong, fields: [DetectionField("request", "ssl")])
        case (8, 80877104): return verdict(.strong, fields: [DetectionField("request", "gss")])
        case (16, 80877102): return verdict(.strong, fields: [DetectionField("request", "cancel")])
        case (_, 0x0003_0000): break
        default: return nil
        }
        var fields: [DetectionField] = []
        var pos = 8
        while let (key, afterKey) = DetectorBytes.cString(input.payload, at: pos, max: 64), !key.isEmpty {
            guard let (value, afterValue) = DetectorBytes.cString(input.payload, at: afterKey, max: 256) else { return nil }
            if key == "user" || key == "database" || key == "application_name" { fields.append(DetectionField(key, value)) }
            pos = afterValue
        }
        guard c.u8(at: pos) == 0, pos + 1 == c.count else { return nil }
        return verdict(.strong, fields: fields)
    }
}
