// SMTP greeting (RFC 5321 §4.2): `220 domain text`, also `220-` for a multi-line one.
// "220" is shared with FTP: a greeting naming SMTP is strong, else weak; a client
// opening with EHLO or HELO (or LHLO, RFC 2033) settles it.

extension Banners {
    static let smtp = BannerProtocol(
        service: "smtp", ports: [25, 465, 587, 2525],
        server: { line in
            guard line.hasPrefix("220 ") || line.hasPrefix("220-") || line == "220" else { return nil }
            let strong = upperContains(line, ["SMTP", "MAIL", "POSTFIX", "EXIM"])
            return BannerMatch(confidence: strong ? .strong : .weak, software: textAfter(3, line))
        },
        client: { line in
            switch line.command {
            case "EHLO", "HELO", "LHLO": return true
            default: return false
            }
        })
}
