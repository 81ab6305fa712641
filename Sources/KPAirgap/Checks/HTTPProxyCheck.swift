import KPWire

/// HTTP (RFC 9112) on the inside captures: requests for absolute URLs, CONNECT, or
/// a Host outside the intranet (`proxy-request`, warning) and their answers. An
/// inside server that answers such a request with a success is a proxy with an
/// outside leg (`http-proxy`, breach, the proxy named as the bridge). Via and
/// X-Forwarded-For headers say a proxy is on the path (`proxy-header`, info).
final class HTTPProxyCheck: PassiveCheck {
    let name = "http-proxy"

    struct Flow: Hashable { var client: IPAddress; var cport: UInt16; var server: IPAddress; var sport: UInt16 }
    /// Open requests for outside targets, per flow: the target and the request's evidence.
    var pending: [Flow: (target: String, method: String)] = [:]

    /// The host of an absolute URL, a CONNECT target or a Host header (no port, lowercase).
    static func targetHost(_ r: HTTPRequest) -> (host: String, proxied: Bool)? {
        if r.method == "CONNECT" { return (HTTPDecoder.normalizeHost(r.target), true) }
        let t = r.target.lowercased()
        for scheme in ["http://", "https://", "ftp://"] where t.hasPrefix(scheme) {
            let rest = t.dropFirst(scheme.count)
            let authority = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            return (HTTPDecoder.normalizeHost(authority), true)
        }
        return r.host.map { (HTTPDecoder.normalizeHost($0), false) }
    }

    func isOutsideHost(_ h: String, _ ctx: CheckContext) -> Bool {
        if let a = IPAddress(h) { return ctx.outside(a) }
        return !ctx.scope.isInsideName(h)
    }

    func observe(_ p: Packet, _ ctx: CheckContext) {
        let f = p.frame
        guard !p.outsideCapture, f.isTCP, f.payloadLength > 0 else { return }
        let body = p.payload
        if HTTPDecoder.looksLikeRequest(body) {
            let (reqs, _) = HTTPDecoder.parseRequests(body)
            for r in reqs {
                if r.via != nil || r.forwardedFor != nil {
                    ctx.book.add("proxy-header", .info, inside: [f.src.description], outside: [], time: p.time, evidence: p.evidence,
                                 explanation: "A request from \(f.src) carries \(r.via != nil ? "Via" : "X-Forwarded-For"): a proxy is on its path.")
                }
                guard let (host, proxied) = HTTPProxyCheck.targetHost(r), isOutsideHost(host, ctx) else { continue }
                let flow = Flow(client: f.src, cport: f.srcPort, server: f.dst, sport: f.dstPort)
                pending[flow] = (host, r.method)
                let dstInside = ctx.inside(f.dst)
                ctx.book.add("proxy-request", .warning, inside: [f.src.description] + (dstInside ? [f.dst.description] : []), outside: [host],
                             time: p.time, evidence: p.evidence,
                             explanation: proxied
                                ? "\(f.src) asked \(f.dst) to fetch \(host) (\(r.method == "CONNECT" ? "CONNECT" : "absolute URL")): it uses \(f.dst) as a proxy towards outside."
                                : "\(f.src) asked \(f.dst) for \(host), a host outside the intranet.")
            }
        } else if HTTPDecoder.looksLikeResponse(body), let resp = HTTPDecoder.parseResponse(body) {
            let flow = Flow(client: f.dst, cport: f.dstPort, server: f.src, sport: f.srcPort)
            if resp.via != nil {
                ctx.book.add("proxy-header", .info, inside: [f.src.description, f.dst.description].filter { IPAddress($0).map(ctx.inside) ?? false },
                             outside: [], time: p.time, evidence: p.evidence,
                             explanation: "A response from \(f.src) carries Via (\(resp.via!)): it went through a proxy.")
            }
            guard let (target, method) = pending.removeValue(forKey: flow), resp.status < 400 else { return }
            if ctx.inside(f.src) {
                ctx.book.add("http-proxy", .breach, inside: [f.dst.description, f.src.description], outside: [target], bridge: f.src.description,
                             time: p.time, evidence: p.evidence,
                             explanation: "\(f.src) answered \(f.dst)'s \(method) for \(target) with status \(resp.status): an inside proxy fetches from outside.")
            }
        }
    }

    func finish(_ ctx: CheckContext) {}
}
