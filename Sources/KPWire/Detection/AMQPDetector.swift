// AMQP: a client opens with the 8-byte protocol header "AMQP" 0 0 9 1 (0-9-1, as
// RabbitMQ speaks) or "AMQP" 0 1 0 0 (1.0, OASIS §2.2; 2 and 3 for TLS and SASL layers).

public struct AMQPDetector: ProtocolDetector {
    public let about = DetectorAbout("amqp", [.tcp], ports: [5672, 5671])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard DetectorBytes.has(input.payload, "AMQP", at: 0), let a = c.u8(at: 4), let b = c.u8(at: 5),
              let d = c.u8(at: 6), let e = c.u8(at: 7) else { return nil }
        switch (a, b, d, e) {
        case (0, 0, 9, 1): return verdict(.strong, fields: [DetectionField("version", "0-9-1")])
        case (1, 1, 0, 9), (1, 1, 9, 1): return verdict(.strong, fields: [DetectionField("version", "0-9")])
        case (0 ... 3, 1, 0, 0): return verdict(.strong, fields: [DetectionField("version", "1.0")])
        default: return nil
        }
    }
}
