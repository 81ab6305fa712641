/// Fetches one page of a site and lists its links: host names of absolute links
/// (collected as names, followed only within the scope) and the site's own paths.
public struct CrawlProbe: ProbeModule {
    public init() {}
    public var name: String { "crawl" }
    public var help: String { "crawls sites over HTTP from their home page (bounded pages and depth) and collects linked host names" }
    public var layer: ProbeLayer { .stream }
    public var transport: String { "tcp" }
    public var outputFields: [String] { ["status", "hosts", "paths"] }

    public func build(_ t: ProbeTarget, _ ctx: ProbeContext) -> [UInt8] { HTTPProbe().build(t, ctx) }
    public func complete(_ reply: [UInt8]) -> Bool { reply.count >= 262_144 }

    public func classify(_ reply: [UInt8], _ t: ProbeTarget) -> [String: String]? {
        guard let r = HTTPReply(reply) else { return nil }
        var hosts = Set<String>(), paths = Set<String>()
        for l in r.links.compactMap(CrawlLink.init) {
            if let h = l.host, h != t.name?.lowercased() { hosts.insert("\(l.scheme)://\(h)") } else if l.scheme == "http" { paths.insert(l.path) }
        }
        return ["status": "\(r.status)", "hosts": hosts.sorted().joined(separator: ","), "paths": paths.sorted().joined(separator: ",")]
    }
}
