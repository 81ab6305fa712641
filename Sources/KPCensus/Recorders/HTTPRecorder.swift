import KPModel
import KPWire

/// HTTP/1.x (RFC 9112): every request head a client sends (Host and User-Agent),
/// and the Server header of the first response. Writes `http`; request hosts are
/// sites, User-Agents device evidence.
final class HTTPRecorder: ProtocolRecorder {
    var requests = 0
    var hosts: [String: Int] = [:]
    /// The host:port targets of CONNECT requests, per proxy address (bounded by `limits.maxNames` proxies,
    /// `maxConnectTargets` targets each), for the inventory's later tunnel fields.
    private(set) var connectTargets: [IPAddress: Set<String>] = [:]
    static let maxConnectTargets = 256

    /// Names the flow by its first payload in one direction: a request or a response.
    static func identify(_ fl: inout FlowState, fromA: Bool, payload: UnsafeRawBufferPointer) -> Bool {
        if HTTPDecoder.looksLikeRequest(payload) {
            // RTSP and SIP share HTTP's methods (OPTIONS): their detectors name them.
            if RequestLine.hasOtherVersion(payload) { return false }
            fl.setRole(aIsClient: fromA, .content)
        } else if HTTPDecoder.looksLikeResponse(payload) {
            fl.setRole(aIsClient: !fromA, .content)
        } else {
            return false
        }
        fl.identify(.http)
        return true
    }

    /// A TCP segment of an HTTP flow: a check inline, a call only for a request.
    @inline(__always)
    func readSegment(_ payload: UnsafeRawBufferPointer, fromClient: Bool, flow fl: inout FlowState, server: IPAddress, client: IPAddress,
                     sites: SitesRecorder, _ context: RecordingContext) {
        if fromClient {
            if HTTPDecoder.looksLikeRequest(payload) { recordRequests(payload, server: server, client: client, sites: sites, context) }
        } else if fl.software == nil, let resp = HTTPDecoder.parseResponse(payload) {
            fl.software = resp.server
        }
    }

    @inline(never)
    func recordRequests(_ payload: UnsafeRawBufferPointer, server: IPAddress, client: IPAddress, sites: SitesRecorder, _ context: RecordingContext) {
        // Only the Host and User-Agent headers become strings.
        let problem = HTTPDecoder.forEachRequestHead(payload) { head in
            requests += 1
            if head.requestLine.hasASCIIPrefix("CONNECT ") { noteConnect(head, proxy: server, context) }
            if let ua = head.userAgent { context.deviceEvidence.noteUserAgent(String(decoding: ua, as: UTF8.self), client: client) }
            guard let value = head.host else { return }
            let host = HTTPDecoder.normalizeHost(value)
            guard !host.isEmpty else { return }
            hosts[host, default: 0] += 1
            sites.note(host, server: server, .http, context)
        }
        if let problem { context.count(problem) }
    }

    private func noteConnect(_ head: RequestHead, proxy: IPAddress, _ context: RecordingContext) {
        guard head.parts.count >= 2, let target = DetectorBytes.text(head.requestLine, head.parts.fields.1) else { return }
        guard connectTargets[proxy] != nil || connectTargets.count < context.limits.maxNames else { context.count(.tableLimit); return }
        if connectTargets[proxy, default: []].count < HTTPRecorder.maxConnectTargets { connectTargets[proxy, default: []].insert(target.asciiLowercased) }
    }

    func write(into inv: inout Inventory, from all: Recorders) {
        inv.http.requests = requests
        inv.http.hosts = hosts.map { Inventory.HTTPHost(host: $0.key, requests: $0.value) }.sorted { $0.host < $1.host }
    }
}
