import KPWire

/// Sites: every HTTP(S) server x every known name. A name is a site at a server
/// when it gets content of its own (another page than the default site's; a
/// certificate naming it), or when it resolves there and gets the default site
/// without being a site elsewhere on that address. Then the crawler follows links
/// from the sites' pages, within the scope, and new names get a second vhost round.
enum SiteDiscovery {
    static func run(_ known: ScanFindings, _ env: ScanEnvironment) -> ScanFindings {
        var f = known
        guard env.has(.vhost) || env.has(.crawl), !f.webServers.isEmpty else { return f }
        var tried = Set<String>()
        if env.has(.vhost) {
            let names = knownNames(f, env.options)
            vhost(names, &f, env)
            tried = Set(names)
        }
        if env.has(.crawl) {
            crawl(&f, env)
            let fresh = Set(f.crawlNames).subtracting(tried)
            if env.has(.vhost) && !fresh.isEmpty { vhost(fresh.union(tried).sorted(), &f, env) }
        }
        return f
    }

    /// Names from DNS answers, PTRs, certificates, the wordlist and the crawl.
    static func knownNames(_ f: ScanFindings, _ o: ScanOptions) -> [String] {
        var out = Set(f.names.keys)
        for ns in f.ptr.values { out.formUnion(ns) }
        out.formUnion(f.certificateNames.keys.filter { !$0.hasPrefix("*") })
        out.formUnion(DNSEnumeration.candidates(f, o))
        out.formUnion(f.crawlNames)
        return out.filter { !$0.hasPrefix(DNSEnumeration.wildcardLabel) }.sorted()
    }

    static func vhost(_ names: [String], _ f: inout ScanFindings, _ env: ScanEnvironment) {
        let servers = f.webServers.filter { env.scope.allows($0.addr) }
        var targets: [ProbeTarget] = []
        for w in servers {
            targets.append(ProbeTarget(addr: w.addr, port: w.port, name: nil, tls: w.tls))
            for n in names { targets.append(ProbeTarget(addr: w.addr, port: w.port, name: n, tls: w.tls)) }
        }
        let out = env.stream(VHostProbe(), targets, into: &f)
        var content: [ProbeTarget: VHostReading] = [:]
        for (t, o) in zip(targets, out) {
            if case .reply(let b) = o, let c = VHostProbe().classify(b, t) { content[t] = c }
        }
        // First the names with content of their own, then the default sites.
        var distinct = Set<ScanFindings.Site>()
        for w in servers {
            let def = content[ProbeTarget(addr: w.addr, port: w.port, name: nil, tls: w.tls)]?.content
            for n in names {
                guard let c = content[ProbeTarget(addr: w.addr, port: w.port, name: n, tls: w.tls)] else { continue }
                let own = w.tls ? c.names.contains { SiteDiscovery.matches($0, n) } : c.content != def
                if own { distinct.insert(.init(name: n, addr: w.addr, port: w.port, tls: w.tls, evidence: "vhost")) }
            }
        }
        var sites = distinct
        for w in servers where !w.tls {
            let def = content[ProbeTarget(addr: w.addr, port: w.port, name: nil, tls: false)]?.content
            for n in names where f.names[n]?.contains(w.addr) == true {
                guard content[ProbeTarget(addr: w.addr, port: w.port, name: n, tls: false)]?.content == def, def != nil,
                      !distinct.contains(where: { $0.name == n && $0.addr == w.addr }) else { continue }
                sites.insert(.init(name: n, addr: w.addr, port: w.port, tls: false, evidence: "vhost-default"))
            }
        }
        // One site per distinct content at (addr, port): the name its page title
        // gives, else the shortest, stands for its aliases (www., the host's own name).
        var groups: [String: ScanFindings.Site] = [:]
        func rank(_ site: ScanFindings.Site) -> (Int, Int, String) {
            let title = content[ProbeTarget(addr: site.addr, port: site.port, name: site.name, tls: site.tls)]?.title?.lowercased() ?? ""
            return (title.contains(site.name) ? 0 : 1, site.name.count, site.name)
        }
        for site in sites {
            let c = content[ProbeTarget(addr: site.addr, port: site.port, name: site.name, tls: site.tls)]?.content ?? site.name
            let k = "\(site.addr)/\(site.port)/\(c)"
            if let g = groups[k], rank(g) <= rank(site) { continue }
            groups[k] = site
        }
        f.sites.formUnion(groups.values)
        env.log("vhost: \(groups.count) sites on \(servers.count) web servers from \(names.count) names")
    }

    /// Certificate name `pattern` (maybe *.zone) covers `name`.
    static func matches(_ pattern: String, _ name: String) -> Bool {
        if pattern == name { return true }
        if pattern.hasPrefix("*."), let dot = name.firstIndex(of: ".") { return name[dot...].dropFirst() == pattern.dropFirst(2) }
        return false
    }

    /// Breadth-first from every HTTP site's home page: the site's own paths to
    /// --crawl depth, names of absolute links collected; a linked name is fetched
    /// only when it resolves to an address the scope guard allows.
    static func crawl(_ f: inout ScanFindings, _ env: ScanEnvironment) {
        let o = env.options
        var queue: [(t: ProbeTarget, depth: Int)] = f.sites.filter { !$0.tls }.sorted()
            .map { (ProbeTarget(addr: $0.addr, port: $0.port, name: $0.name, path: "/"), 0) }
        var seen = Set(queue.map(\.t))
        var pages = 0
        while !queue.isEmpty && pages < o.crawlPages {
            let batch = Array(queue.prefix(o.crawlPages - pages))
            queue.removeFirst(batch.count)
            let out = env.stream(CrawlProbe(), batch.map(\.t), into: &f)
            pages += batch.count
            for ((t, depth), outcome) in zip(batch, out) {
                guard case .reply(let b) = outcome, let c = CrawlProbe().classify(b, t), depth < o.crawlDepth else { continue }
                for p in c.paths {
                    let next = ProbeTarget(addr: t.addr, port: t.port, name: t.name, path: p)
                    if seen.insert(next).inserted { queue.append((next, depth + 1)) }
                }
                for link in c.hosts {
                    let name = link.host
                    f.crawlNames.insert(name)
                    guard link.scheme == "http" else { continue }
                    let addrs = f.names[name] ?? []
                    for a in addrs.sorted() {
                        if let why = env.scope.refusal(a) { f.outOfScope.insert("\(name) (\(why))"); continue }
                        let next = ProbeTarget(addr: a, port: 80, name: name, path: "/")
                        if seen.insert(next).inserted { queue.append((next, depth + 1)) }
                    }
                }
            }
        }
        f.crawledPages += pages
        env.log("crawl: \(pages) pages, \(f.crawlNames.count) linked names")
    }
}
