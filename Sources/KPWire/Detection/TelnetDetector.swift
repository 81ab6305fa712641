// Telnet (RFC 854, RFC 855): option negotiation opens most sessions: IAC (0xff)
// followed by WILL/WONT/DO/DONT (0xfb…0xfe) and an option byte, or IAC SB … IAC SE.
// Two negotiations in a row are strong, one is weak.

public struct TelnetDetector: ProtocolDetector {
    public let about = DetectorAbout("telnet", [.tcp], ports: [23, 2323])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        var pos = 0
        var negotiations = 0
        while let iac = c.u8(at: pos), iac == 0xff, let command = c.u8(at: pos + 1) {
            if command >= 0xfb && command <= 0xfe, c.u8(at: pos + 2) != nil {
                pos += 3
            } else if command == 0xfa, let option = c.u8(at: pos + 2), option != 0xff {
                // A subnegotiation: up to its IAC SE.
                var end = pos + 3
                while end + 1 < c.count && !(c.u8(at: end) == 0xff && c.u8(at: end + 1) == 0xf0) { end += 1 }
                guard end + 1 < c.count else { return nil }
                pos = end + 2
            } else {
                return nil
            }
            negotiations += 1
        }
        guard negotiations > 0 else { return nil }
        return verdict(negotiations >= 2 ? .strong : .weak)
    }
}
