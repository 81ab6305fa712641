// IMAP greeting (RFC 9051 §7.1): `* OK [resp-codes] text` or `* PREAUTH ...`.
// The software is the text after the bracketed response codes. Client lines
// start with a tag and a command (e.g. `a1 CAPABILITY`).

extension Banners {
    static let imap = BannerProtocol(
        service: "imap", ports: [143, 993],
        server: { line in
            let prefix: Int
            if line.hasPrefix("* OK") { prefix = 4 } else if line.hasPrefix("* PREAUTH") { prefix = 9 } else { return nil }
            var rest = Substring(line.dropFirst(prefix)).drop { $0 == " " }
            if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                rest = rest[rest.index(after: close)...].drop { $0 == " " }
            }
            return BannerMatch(confidence: .strong, software: rest.isEmpty ? nil : String(rest))
        },
        client: { line in
            // The command is the second word (after the tag).
            switch line.secondWord {
            case "CAPABILITY", "LOGIN", "STARTTLS", "AUTHENTICATE", "ID": return true
            default: return false
            }
        })
}
