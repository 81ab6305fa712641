// SSH identification string (RFC 4253 §4.2): `SSH-protoversion-softwareversion SP comments`.
// Both sides send one; the software is everything after the second hyphen.

extension Banners {
    static let ssh = BannerProtocol(
        service: "ssh", ports: [22, 2222],
        server: { line in
            guard line.hasPrefix("SSH-") else { return nil }
            let parts = line.split(separator: "-", maxSplits: 2)
            return BannerMatch(confidence: .strong, software: parts.count == 3 ? String(parts[2]) : nil)
        },
        client: { $0.hasPrefix("SSH-") })
}
