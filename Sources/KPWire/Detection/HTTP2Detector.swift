// HTTP/2 (RFC 9113 §3.4): a client opens with the fixed 24-byte preface
// "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"; cleartext HTTP/2 after an HTTP/1.1 upgrade
// (RFC 7540 §3.2, h2c) is announced by the server's "101" with "Upgrade: h2c".

public struct HTTP2Detector: ProtocolDetector {
    public let about = DetectorAbout("http2", [.tcp], ports: [80, 443, 8080])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        if input.mayBeClient && DetectorBytes.has(p, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", at: 0) {
            return verdict(.strong)
        }
        if input.mayBeServer && DetectorBytes.has(p, "HTTP/1.1 101 ", at: 0) {
            let lines = DetectorBytes.lines(p)
            if let upgrade = DetectorBytes.header("Upgrade", in: lines), upgrade.asciiLowercased == "h2c" {
                return verdict(.strong, fields: [DetectionField("upgrade", "h2c")])
            }
        }
        return nil
    }
}
