// SIP (RFC 3261 §7): requests "INVITE|REGISTER|OPTIONS|… sip:… SIP/2.0", responses
// "SIP/2.0 200 OK". `User-Agent` (or a server's `Server`) is its software; the
// domains of `From` and `To` (compact forms `f`, `t`) are fields.

public struct SIPDetector: ProtocolDetector {
    public let about = DetectorAbout("sip", [.tcp, .udp], ports: [5060, 5061])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        let lines: [UnsafeRawBufferPointer]
        var fields: [DetectionField] = []
        if RequestLine.isStatus(p, version: "SIP/2.0") {
            lines = DetectorBytes.lines(p)
        } else if let (line, head) = RequestLine.request(p, version: "SIP/2.0"), line.uri.hasPrefix("sip:") || line.uri.hasPrefix("sips:") {
            lines = head
            if let host = RequestLine.host(of: line.uri) { fields.append(DetectionField("request_domain", host)) }
        } else {
            return nil
        }
        for (name, short, field) in [("From", "f", "from_domain"), ("To", "t", "to_domain")] {
            if let value = Self.header(name, short, lines), let uri = value.split(separator: "<").last, let host = RequestLine.host(of: String(uri)) {
                fields.append(DetectionField(field, host))
            }
        }
        let software = DetectorBytes.header("User-Agent", in: lines) ?? DetectorBytes.header("Server", in: lines)
        return verdict(.strong, software: software, fields: fields)
    }

    static func header(_ name: String, _ short: String, _ lines: [UnsafeRawBufferPointer]) -> String? {
        for line in lines {
            guard let text = DetectorBytes.text(line, 0 ..< line.count, max: 1024), let colon = text.firstIndex(of: ":") else { continue }
            let key = text[..<colon].trimmingCharacters(" ").lowercased()
            if key == name.lowercased() || key == short { return text[text.index(after: colon)...].trimmingCharacters(" ") }
        }
        return nil
    }
}

extension StringProtocol {
    /// The text without `c` at either end.
    func trimmingCharacters(_ c: Character) -> String {
        String(drop { $0 == c }.reversed().drop { $0 == c }.reversed())
    }
}
