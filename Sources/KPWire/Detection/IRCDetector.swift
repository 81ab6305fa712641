// IRC (RFC 2812 §3.1, RFC 1459): a client registers with "NICK name" and
// "USER …" (often after "CAP LS"); the server welcomes it with ":server 001 nick :…"
// or greets with ":server NOTICE … :*** …". The server's prefix names it.

public struct IRCDetector: ProtocolDetector {
    public let about = DetectorAbout("irc", [.tcp], ports: [6667, 6697, 194])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let lines = DetectorBytes.lines(input.payload, max: 8)
        guard let first = lines.first else { return nil }
        if input.mayBeServer, first.first == 0x3a {
            let words = SpaceSeparated(first)
            guard words.count >= 3, let server = DetectorBytes.text(first, words.fields.0.dropFirst()) else { return nil }
            let command = DetectorBytes.text(first, words.fields.1) ?? ""
            if command == "001" { return verdict(.strong, names: [server]) }
            if command == "NOTICE" || command == "020" { return verdict(.weak, names: [server]) }
            return nil
        }
        guard input.mayBeClient else { return nil }
        var nick: String?
        var user = false, cap = false
        for line in lines {
            if DetectorBytes.has(line, "NICK ", at: 0) { nick = DetectorBytes.text(line, 5 ..< line.count) }
            else if DetectorBytes.has(line, "USER ", at: 0) { user = true }
            else if DetectorBytes.has(line, "CAP LS", at: 0) { cap = true }
            else if !DetectorBytes.has(line, "PASS ", at: 0) { return nil }
        }
        guard nick != nil || user || cap else { return nil }
        return verdict(nick != nil && user ? .strong : .weak, fields: nick.map { [DetectionField("nick", $0)] } ?? [])
    }
}
