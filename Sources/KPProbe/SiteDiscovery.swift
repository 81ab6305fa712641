/// Sites: every HTTP(S) server x every known name. A name is a site at a server
/// when it gets content of its own (another page than the default site's; a
/// certificate naming it), or when it resolves there and gets the default site
/// without being a site elsewhere on that address. Then the crawler follows links
/// from the sites' pages, within the scope, and new names get a second vhost round.
struct SiteDiscovery {
    let scanner: Scanner

    func run() {
        let s = scanner
        guard s.has("vhost") || s.has("crawl"), !s.findings.webServers.isEmpty else { return }
        var tried = Set<String>()
        if s.has("vhost") {
            let names = knownNames()
            vhost(names)
            tried = Set(names)
        }
        if s.has("crawl") {
            crawl()
            let fresh = Set(s.findings.crawlNames).subtracting(tried)
            if s.has("vhost") && !fresh.isEmpty { vhost(fresh.union(tried).sorted()) }
        }
    }

    /// Names from DNS answers, PTRs, certificates, the wordlist and the crawl.
    func knownNames() -> [String] {
        let f = scanner.findings
        var out = Set(f.names.keys)
        for ns in f.ptr.values { out.formUnion(ns) }
        out.formUnion(f.certificateNames.keys.filter { !$0.hasPrefix("*") })
        out.formUnion(DNSEnumeration(scanner: scanner).candidates())
        out.formUnion(f.crawlNames)
        return out.filter { !$0.hasPrefix(DNSEnumeration.wildcardLabel) }.sorted()
    }

    func vhost(_ names: [String]) {
        let s = scanner
        let servers = s.findings.webServers.filter { s.options.scope.allows($0.addr) }
        var targets: [ProbeTarget] = []
        for w in servers {
            targets.append(ProbeTarget(addr: w.addr, port: w.port, name: nil, tls: w.tls))
            for n in names { targets.append(ProbeTarget(addr: w.addr, port: w.port, name: n, tls: w.tls)) }
        }
        let r = s.streams(connectTimeout: 1, readTimeout: 3)
        let out = r.run(VHostProbe(), targets, s.ctx)
        s.findings.probesSent += r.attempts
        var content: [ProbeTarget: [String: String]] = [:]
        for (t, o) in zip(targets, out) {
            if case .reply(let b) = o, let c = VHostProbe().classify(b, t) { content[t] = c }
        }
        // First the names with content of their own, then the default sites.
        var distinct = Set<ScanFindings.Site>()
        for w in servers {
            let def = content[ProbeTarget(addr: w.addr, port: w.port, name: nil, tls: w.tls)]?["content"]
            for n in names {
                guard let c = content[ProbeTarget(addr: w.addr, port: w.port, name: n, tls: w.tls)] else { continue }
                let own = w.tls ? (c["names"] ?? "").split(separator: ",").contains { SiteDiscovery.matches(String($0), n) } : c["content"] != def
                if own { distinct.insert(.init(name: n, addr: w.addr, port: w.port, tls: w.tls, evidence: "vhost")) }
            }
        }
        var sites = distinct
        for w in servers where !w.tls {
            let def = content[ProbeTarget(addr: w.addr, port: w.port, name: nil, tls: false)]?["content"]
            for n in names where s.findings.names[n]?.contains(w.addr) == true {
                guard content[ProbeTarget(addr: w.addr, port: w.port, name: n, tls: false)]?["content"] == def, def != nil,
                      !distinct.contains(where: { $0.name == n && $0.addr == w.addr }) else { continue }
                sites.insert(.init(name: n, addr: w.addr, port: w.port, tls: false, evidence: "vhost-default"))
            }
        }
        // One site per distinct content at (addr, port): the name its page title
        // gives, else the shortest, stands for its aliases (www., the host's own name).
        var groups: [String: ScanFindings.Site] = [:]
        func rank(_ site: ScanFindings.Site) -> (Int, Int, String) {
            let title = content[ProbeTarget(addr: site.addr, port: site.port, name: site.name, tls: site.tls)]?["title"]?.lowercased() ?? ""
            return (title.contains(site.name) ? 0 : 1, site.name.count, site.name)
        }
        for site in sites {
            let c = content[ProbeTarget(addr: site.addr, port: site.port, name: site.name, tls: site.tls)]?["content"] ?? site.name
            let k = "\(site.addr)/\(site.port)/\(c)"
            if let g = groups[k], rank(g) <= rank(site) { continue }
            groups[k] = site
        }
        s.findings.sites.formUnion(groups.values)
        s.log("vhost: \(groups.count) sites on \(servers.count) web servers from \(names.count) names")
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
    func crawl() {
        let s = scanner
        var queue: [(t: ProbeTarget, depth: Int)] = s.findings.sites.filter { !$0.tls }.sorted()
            .map { (ProbeTarget(addr: $0.addr, port: $0.port, name: $0.name, path: "/"), 0) }
        var seen = Set(queue.map(\.t))
        var pages = 0
        while !queue.isEmpty && pages < s.options.crawlPages {
            let batch = Array(queue.prefix(s.options.crawlPages - pages))
            queue.removeFirst(batch.count)
            let r = s.streams(connectTimeout: 1, readTimeout: 3)
            let out = r.run(CrawlProbe(), batch.map(\.t), s.ctx)
            s.findings.probesSent += r.attempts
            pages += batch.count
            for ((t, depth), o) in zip(batch, out) {
                guard case .reply(let b) = o, let c = CrawlProbe().classify(b, t), depth < s.options.crawlDepth else { continue }
                for p in (c["paths"] ?? "").split(separator: ",") {
                    let next = ProbeTarget(addr: t.addr, port: t.port, name: t.name, path: String(p))
                    if seen.insert(next).inserted { queue.append((next, depth + 1)) }
                }
                for link in (c["hosts"] ?? "").split(separator: ",") {
                    let parts = link.split(separator: "/", omittingEmptySubsequences: true)
                    guard parts.count == 2 else { continue }
                    let name = String(parts[1])
                    s.findings.crawlNames.insert(name)
                    guard parts[0] == "http:" else { continue }
                    let addrs = s.findings.names[name] ?? []
                    for a in addrs.sorted() {
                        if let why = s.options.scope.refusal(a) { s.findings.outOfScope.insert("\(name) (\(why))"); continue }
                        let next = ProbeTarget(addr: a, port: 80, name: name, path: "/")
                        if seen.insert(next).inserted { queue.append((next, depth + 1)) }
                    }
                }
            }
        }
        s.findings.crawledPages += pages
        s.log("crawl: \(pages) pages, \(s.findings.crawlNames.count) linked names")
    }
}
