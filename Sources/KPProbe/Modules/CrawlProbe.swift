import KPScope

/// Fetches one page of a site and lists its links: host names of absolute links
/// (collected as names, followed only within the scope) and the site's own paths.
public struct CrawlProbe: ProbeModule {
    public let info = ProbeInfo(.crawl, .stream, .tcp, fields: ["status", "hosts", "paths"],
                                help: "crawls sites over HTTP from their home page (bounded pages and depth) and collects linked host names")
    public init() {}

    public func build(_ t: InScope<ProbeTarget>, _ ctx: ProbeContext) -> [UInt8] { HTTPProbe().build(t, ctx) }
    public func complete(_ reply: [UInt8]) -> Bool { reply.count >= 262_144 }

    public func classify(_ reply: [UInt8], _ t: ProbeTarget) -> CrawlReading? {
        guard let r = HTTPReply(reply) else { return nil }
        var hosts = Set<LinkedHost>(), paths = Set<String>()
        for l in r.links.compactMap(CrawlLink.init) {
            if let h = l.host, h != t.name?.lowercased() { hosts.insert(LinkedHost(scheme: l.scheme, host: h)) } else if l.scheme == "http" { paths.insert(l.path) }
        }
        return CrawlReading(status: r.status, hosts: hosts.sorted(), paths: paths.sorted())
    }
}
