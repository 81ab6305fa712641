import KPWire

/// Background services that reach out by default: NTP to outside servers
/// (`ntp-outside`) and WPAD, proxy auto-discovery, for names outside the intranet
/// or fetched from outside (`wpad-outside`). Warnings: an answer would be an
/// `outside-answered` or `dns-outside-resolved` breach of its own.
final class NTPWPADCheck: PassiveCheck {
    let name = "ntp-wpad"

    func observe(_ p: Packet, _ ctx: CheckContext) {
        let f = p.frame
        guard !p.outsideCapture else { return }
        if f.isUDP, f.dstPort == 123, ctx.inside(f.src), ctx.outside(f.dst) {
            ctx.book.add("ntp-outside", .warning, inside: [f.src.description], outside: [f.dst.description], time: p.time, evidence: p.evidence,
                         explanation: "\(f.src) asks \(f.dst), an outside NTP server, for the time.")
        }
        if f.isUDP, f.dstPort == 53, let m = DNSDecoder.parse(p.payload, cut: f.payloadTruncated), !m.isResponse {
            for q in m.questions where q.name.hasPrefix("wpad.") && !ctx.scope.isInsideName(q.name) {
                ctx.book.add("wpad-outside", .warning, inside: [f.src.description], outside: [q.name], time: p.time, evidence: p.evidence,
                             explanation: "\(f.src) looks up \(q.name) for proxy auto-configuration outside .\(ctx.scope.suffix).")
            }
        }
        if f.isTCP, ctx.outside(f.dst), f.payloadLength > 0, HTTPDecoder.looksLikeRequest(p.payload) {
            for r in HTTPDecoder.parseRequests(p.payload).0 where r.target.hasSuffix("/wpad.dat") || r.target == "/wpad.dat" {
                ctx.book.add("wpad-outside", .warning, inside: [f.src.description], outside: [f.dst.description], time: p.time, evidence: p.evidence,
                             explanation: "\(f.src) fetches a proxy auto-configuration file from \(f.dst), outside.")
            }
        }
    }

    func finish(_ ctx: CheckContext) {}
}
