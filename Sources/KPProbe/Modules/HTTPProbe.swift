import KPScope

/// GET / (Host: the target's name or address): status, Server, title, content hash.
/// Redirects are recorded, never followed.
public struct HTTPProbe: ProbeModule {
    public let info = ProbeInfo(.http, .stream, .tcp, fields: ["status", "software", "title", "location", "content"],
                                help: "HTTP GET /: status, Server header, page title, Location (not followed), content hash")
    public init() {}

    public func build(_ t: InScope<ProbeTarget>, _: ProbeContext) -> [UInt8] {
        HTTPReply.request(host: t.target.name ?? t.address.description, path: t.target.path ?? "/")
    }

    /// Read until the server closes (the request says Connection: close) or 256 KB.
    public func complete(_ reply: [UInt8]) -> Bool { reply.count >= 262_144 }

    public func classify(_ reply: [UInt8], _: ProbeTarget) -> HTTPReading? {
        guard let r = HTTPReply(reply) else { return nil }
        return HTTPReading(status: r.status, software: r.headers["server"], title: r.title, location: r.headers["location"], content: r.contentHash)
    }
}
