// Syslog over UDP (RFC 5424 §6, RFC 3164 §4.1): "<PRI>" (0…191, no leading zero),
// then the version "1 " and a timestamp ("YYYY-MM-DDT…" or "-") of RFC 5424, or the
// "Mmm dd hh:mm:ss " timestamp of the BSD format.

public struct SyslogDetector: ProtocolDetector {
    public let about = DetectorAbout("syslog", [.udp], ports: [514])

    public init() {}

    static let months: [StaticString] = ["Jan ", "Feb ", "Mar ", "Apr ", "May ", "Jun ", "Jul ", "Aug ", "Sep ", "Oct ", "Nov ", "Dec "]

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        let c = input.cursor
        guard input.mayBeClient, c.u8(at: 0) == 0x3c else { return nil }
        var pri = 0, pos = 1
        while pos < 5, let d = c.u8(at: pos), Self.isDigit(d) {
            pri = pri * 10 + Int(d - 0x30)
            pos += 1
        }
        guard pos > 1, c.u8(at: pos) == 0x3e, pri <= 191, pos == 2 || c.u8(at: 1) != 0x30 else { return nil }
        pos += 1
        var fields = [DetectionField("facility", String(pri >> 3))]
        if DetectorBytes.has(p, "1 ", at: pos) {
            let t = pos + 2
            let dated = (0 ..< 4).allSatisfy { c.u8(at: t + $0).map(Self.isDigit) ?? false } && c.u8(at: t + 4) == 0x2d
                && c.u8(at: t + 7) == 0x2d && c.u8(at: t + 10) == 0x54
            guard dated || DetectorBytes.has(p, "- ", at: t) else { return nil }
            fields.append(DetectionField("format", "rfc5424"))
        } else {
            // "Mmm dd hh:mm:ss " (the day padded with a space).
            guard Self.months.contains(where: { DetectorBytes.has(p, $0, at: pos) }), c.u8(at: pos + 6) == 0x20,
                  c.u8(at: pos + 9) == 0x3a, c.u8(at: pos + 12) == 0x3a, c.u8(at: pos + 15) == 0x20,
                  [5, 7, 8, 10, 11, 13, 14].allSatisfy({ c.u8(at: pos + $0).map(Self.isDigit) ?? false }) else { return nil }
            fields.append(DetectionField("format", "rfc3164"))
        }
        return verdict(.strong, fields: fields)
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
