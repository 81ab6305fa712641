// FTP greeting (RFC 959 §4.2): `220 text` (or `220-` multi-line). A greeting
// naming FTP is strong; a client opening with USER, AUTH, FEAT or SYST settles it.

extension Banners {
    static let ftp = BannerProtocol(
        service: "ftp", ports: [21, 2121],
        server: { line in
            guard line.hasPrefix("220 ") || line.hasPrefix("220-") || line == "220" else { return nil }
            let strong = upperContains(line, ["FTP"])
            return BannerMatch(confidence: strong ? .strong : .weak, software: textAfter(3, line))
        },
        client: { line in
            switch line.command {
            case "USER", "AUTH", "FEAT", "SYST", "OPTS": return true
            default: return false
            }
        })
}
