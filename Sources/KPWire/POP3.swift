// POP3 greeting (RFC 1939 §4): `+OK text`. Client commands: USER, CAPA, APOP, STLS, AUTH.

extension Banners {
    static let pop3 = BannerProtocol(
        service: "pop3", ports: [110, 995],
        server: { line in
            guard line.hasPrefix("+OK") else { return nil }
            return BannerMatch(confidence: .strong, software: textAfter(3, line))
        },
        client: { line in
            switch line.command {
            case "USER", "CAPA", "APOP", "STLS": return true
            default: return false
            }
        })
}
