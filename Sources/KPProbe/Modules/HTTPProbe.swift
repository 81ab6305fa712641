/// GET / (Host: the target's name or address): status, Server, title, content hash.
/// Redirects are recorded, never followed.
public struct HTTPProbe: ProbeModule {
    public init() {}
    public var name: String { "http" }
    public var help: String { "HTTP GET /: status, Server header, page title, Location (not followed), content hash" }
    public var layer: ProbeLayer { .stream }
    public var transport: String { "tcp" }
    public var outputFields: [String] { ["service", "status", "software", "title", "location", "content"] }

    public func build(_ t: ProbeTarget, _: ProbeContext) -> [UInt8] {
        HTTPReply.request(host: t.name ?? IPv4Text.format(t.addr), path: t.path ?? "/")
    }

    /// Read until the server closes (the request says Connection: close) or 256 KB.
    public func complete(_ reply: [UInt8]) -> Bool { reply.count >= 262_144 }

    public func classify(_ reply: [UInt8], _: ProbeTarget) -> [String: String]? {
        guard let r = HTTPReply(reply) else { return nil }
        var out = ["service": "http", "status": "\(r.status)", "content": r.contentHash]
        if let s = r.headers["server"] { out["software"] = s }
        if let t = r.title { out["title"] = t }
        if let l = r.headers["location"] { out["location"] = l }
        return out
    }
}
