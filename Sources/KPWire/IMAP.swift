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
            let commands = ["CAPABILITY", "LOGIN", "STARTTLS", "AUTHENTICATE", "ID"]
            guard let upper = asciiUppercased(line) else {
                let words = line.split(separator: " ")
                return words.count >= 2 && commands.contains(words[1].uppercased())
            }
            let words = upper.split(separator: 0x20)
            return words.count >= 2 && commands.contains(String(decoding: words[1], as: UTF8.self))
        })
}
