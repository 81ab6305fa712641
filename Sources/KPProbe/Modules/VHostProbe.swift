import KPScope

/// One known name against one web server: GET / with that Host, or a ClientHello
/// with that SNI. The scanner compares the content hash with the server's default
/// site (no name / the address as Host) to tell real sites from the fallback.
public struct VHostProbe: ProbeModule {
    public let info = ProbeInfo(.vhost, .stream, .tcp, fields: ["content", "status", "title", "names"],
                                help: "every HTTP(S) server x every known name: Host/SNI probe; a site is a name with its own content")
    public init() {}

    public func build(_ t: InScope<ProbeTarget>, _ ctx: ProbeContext) -> [UInt8] {
        t.target.tls ? TLSProbe().build(t, ctx) : HTTPProbe().build(t, ctx)
    }

    public func complete(_ reply: [UInt8]) -> Bool { reply.count >= 262_144 || (reply.first == 22 && TLSProbe().complete(reply)) }

    public func classify(_ reply: [UInt8], _ t: ProbeTarget) -> VHostReading? {
        if t.tls {
            guard let r = TLSProbe().classify(reply, t), let c = r.content else { return nil }
            return VHostReading(content: c, names: r.names)
        }
        guard let r = HTTPReply(reply) else { return nil }
        return VHostReading(content: r.contentHash, status: r.status, title: r.title, names: [])
    }
}
