// MySQL/MariaDB client/server protocol: the server speaks first with a Handshake V10
// packet: 3-byte little-endian length, sequence 0, protocol version 10, the server
// version (NUL-terminated), a 4-byte connection id, 8 bytes of salt and a 0 filler.

public struct MySQLDetector: ProtocolDetector {
    public let about = DetectorAbout("mysql", [.tcp], ports: [3306, 3307])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        guard input.mayBeServer, input.index == 0 else { return nil }
        let c = input.cursor
        guard let b0 = c.u8(at: 0), let b1 = c.u8(at: 1), let b2 = c.u8(at: 2), c.u8(at: 3) == 0, c.u8(at: 4) == 10 else { return nil }
        let length = Int(b0) | Int(b1) << 8 | Int(b2) << 16
        guard length == c.count - 4, let (version, after) = DetectorBytes.cString(input.payload, at: 5, max: 64),
              !version.isEmpty, version.first?.isNumber == true, c.u8(at: after + 12) == 0 else { return nil }
        let product = version.contains("MariaDB") ? "MariaDB" : "MySQL"
        return verdict(.strong, software: "\(product) \(version)", fields: [DetectionField("version", version)])
    }
}
