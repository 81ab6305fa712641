import Foundation
import KPModel
import KPScope
import KPWire

/// The ports tried on each canary without `--thorough` (all 65,535 with it).
public let topPorts: [UInt16] = [21, 22, 23, 25, 53, 80, 110, 123, 143, 443, 445, 587, 993, 995, 1080, 3128, 3389, 5900, 8000, 8080, 8443, 8888]

/// What the active tests are asked to do.
public struct ActivePlan: Sendable {
    /// The inside namespace the probes leave from.
    public var netns: String
    public var canaries: [Canary]
    /// The outside namespace of the canaries: the listener records there, and the inbound tests leave from there.
    public var canaryNetns: String?
    public var resolvers: [IPAddress]
    public var proxies: [(addr: IPAddress, port: UInt16)]
    /// Inside addresses tried from outside (with `canaryNetns`).
    public var insideTargets: [IPAddress]
    public var thorough: Bool
    /// The outside name asked of inside resolvers and canaries.
    public var outsideName = "kpcensus-canary.example.com"
    /// Where the canary listener writes its record.
    public var recordPath: String

    public init(netns: String, canaries: [Canary], canaryNetns: String?, resolvers: [IPAddress], proxies: [(addr: IPAddress, port: UInt16)],
                insideTargets: [IPAddress], thorough: Bool, recordPath: String) {
        self.netns = netns
        self.canaries = canaries
        self.canaryNetns = canaryNetns
        self.resolvers = resolvers
        self.proxies = proxies
        self.insideTargets = insideTargets
        self.thorough = thorough
        self.recordPath = recordPath
    }
}

/// Runs the active tests inside a lab namespace, through the scope guard.
public enum ActiveRunner {
    /// `log` receives a line per test as it starts (`--verbose`).
    public static func run(_ plan: ActivePlan, scope: InsideScope, log: (String) -> Void = { _ in }) throws -> (findings: [Finding], coverage: ActiveCoverage) {
        guard !plan.canaries.isEmpty else { throw AirgapError("--active: give at least one --canary ADDR (an outside address set up to be probed)") }
        // Everything is checked before the first probe: the namespaces' names, the scanner's
        // scope guard (canaries and inside prefixes), every target against it, then that the
        // namespaces exist and that the canaries' prefixes are the lab's own.
        for (ns, option) in [(plan.netns, "--netns")] + (plan.canaryNetns.map { [($0, "--canary-netns")] } ?? []) where ActiveScope.lab(ofNetns: ns) == nil {
            try ActiveScope.checkNetns(ns, option: option)
        }
        let guardian = try ActiveScope.scopeGuard(canaries: plan.canaries, inside: scope)
        for r in plan.resolvers { try ActiveScope.check(guardian, r, for: "DNS recursion test") }
        for p in plan.proxies { try ActiveScope.check(guardian, p.addr, for: "proxy test") }
        for t in plan.insideTargets {
            guard scope.isInside(t) else { throw AirgapError("--inside-target \(t): not inside --inside; inbound tests go only to inside addresses") }
            try ActiveScope.check(guardian, t, for: "inbound test")
        }
        try ActiveScope.checkNetns(plan.netns, option: "--netns")
        if let c = plan.canaryNetns { try ActiveScope.checkNetns(c, option: "--canary-netns") }
        try Tool.require(["ip", "ping", "dig", "curl"] + (plan.canaryNetns != nil ? ["tcpdump"] : []))
        try ActiveScope.checkLabOwns(plan.canaries, netns: plan.netns, canaryNetns: plan.canaryNetns, ownAddresses: ownAddresses)
        log("scope guard: \(guardian.scopeText)")

        let book = FindingBook()
        var tests: [ActiveCoverage.Test] = []
        let from = try ownAddresses(plan.netns).filter(scope.isInside)
        let listener = try plan.canaryNetns.map { try CanaryListener(netns: $0, path: plan.recordPath) }
        var hopsBefore: [IPAddress: String] = [:]
        var answeredOut: [IPAddress: [String]] = [:]

        for c in plan.canaries {
            let canary = try ActiveScope.check(guardian, c.addr, for: "canary test")
            let target = c.addr.description
            log("canary \(target): TTL-stepped pings, ICMP echo, TCP, UDP DNS and NTP from \(plan.netns)")
            // Where the path goes: TTL-stepped pings name each hop and the one before the canary.
            let hops = try ttlSteps(plan.netns, canary, maxHops: 8)
            let reached = hops.firstIndex { $0 == target }
            if let r = reached, r > 0 { hopsBefore[c.addr] = hops[r - 1] }
            tests.append(.init(test: "ttl", target: target, probes: 8, answered: reached != nil,
                               detail: hops.enumerated().map { "\($0.offset + 1):\($0.element.isEmpty ? "*" : $0.element)" }.joined(separator: " ")))
            for (i, h) in hops.enumerated() where !h.isEmpty && h != target && reached == nil {
                if i == hops.lastIndex(where: { !$0.isEmpty }) {
                    book.add("route-towards-outside", .warning, inside: from.map(\.description), outside: [target], bridge: h, time: nil,
                             evidence: Evidence(file: "active:ttl", packet: 0, decode: "ping -t \(i + 1) \(target): time exceeded from \(h)"),
                             explanation: "TTL-stepped pings towards \(target) get as far as \(h), which forwards them on; beyond it nothing answers.")
                }
            }
            let ping = try Tool.probe(plan.netns, canary, timeout: 5) { ["ping", "-n", "-c", "2", "-i", "0.2", "-W", "1", $0] }
            let pingOK = ping.output.contains("bytes from \(target)")
            tests.append(.init(test: "icmp", target: target, probes: 2, answered: pingOK, detail: pingOK ? "echo reply" : "no reply"))
            if pingOK { answeredOut[c.addr, default: []].append("ICMP echo") }

            let ports = c.ports ?? (plan.thorough ? Array(1 ... 65535) : topPorts)
            let tcp = try Netns.run(plan.netns) { SocketProbes.tcpOpen(canary, ports: ports, timeout: plan.thorough ? 2 : 1.5) }
            tests.append(.init(test: "tcp", target: target, probes: ports.count, answered: !tcp.open.isEmpty,
                               detail: tcp.open.isEmpty ? "no port answered (\(tcp.refused) refused)" : "open: \(tcp.open.map(String.init).joined(separator: ","))"))
            if !tcp.open.isEmpty { answeredOut[c.addr, default: []].append("TCP \(tcp.open.map(String.init).joined(separator: ","))") }

            let dnsQ = SocketProbes.dnsQuery(plan.outsideName)
            let udpDNS = try Netns.run(plan.netns) { SocketProbes.udpAnswered(canary, port: 53, payload: dnsQ, timeout: 1) }
            tests.append(.init(test: "udp-dns", target: "\(target):53", probes: 1, answered: udpDNS, detail: udpDNS ? "answered" : "no answer"))
            if udpDNS { answeredOut[c.addr, default: []].append("UDP 53") }
            let udpNTP = try Netns.run(plan.netns) { SocketProbes.udpAnswered(canary, port: 123, payload: SocketProbes.ntpRequest, timeout: 1) }
            tests.append(.init(test: "udp-ntp", target: "\(target):123", probes: 1, answered: udpNTP, detail: udpNTP ? "answered" : "no answer"))
            if udpNTP { answeredOut[c.addr, default: []].append("UDP 123") }
        }
        for (addr, what) in answeredOut {
            let bridge = hopsBefore[addr]
            let ev = Evidence(file: "active:\(plan.netns)", packet: 0, decode: "\(addr) answered: \(what.joined(separator: "; "))")
            book.add("outside-answered", .breach, inside: from.map(\.description), outside: [addr.description], bridge: bridge, time: nil, evidence: ev,
                     explanation: "The canary \(addr) answered probes from \(plan.netns) (\(what.joined(separator: "; ")))\(bridge.map { "; the last hop before it is \($0)" } ?? ""): the gap is open.")
            if what == ["ICMP echo"] {
                book.add("icmp-only", .breach, inside: from.map(\.description), outside: [addr.description], bridge: bridge, time: nil, evidence: ev,
                         explanation: "Only ICMP gets through to \(addr): enough for a covert channel.")
            }
        }

        for r in plan.resolvers {
            let resolver = try ActiveScope.check(guardian, r, for: "DNS recursion test")
            log("resolver \(r): recursion for \(plan.outsideName)")
            let out = try Tool.probe(plan.netns, resolver, timeout: 6) { ["dig", "+time=2", "+tries=1", "+short", "@\($0)", plan.outsideName, "A"] }
            let addrs = out.output.split(separator: "\n").compactMap { IPAddress(String($0)) }
            tests.append(.init(test: "dns-recursion", target: r.description, probes: 1, answered: !addrs.isEmpty,
                               detail: addrs.isEmpty ? "no address for \(plan.outsideName)" : "\(plan.outsideName) → \(addrs.map(\.description).joined(separator: ", "))"))
            let ev = Evidence(file: "active:dig", packet: 0, decode: "dig @\(r) \(plan.outsideName) A → \(addrs.map(\.description).joined(separator: ", "))")
            if addrs.contains(where: scope.isOutside) {
                book.add("dns-forwarder", .breach, inside: [r.description], outside: [plan.outsideName], bridge: r.description, time: nil, evidence: ev,
                         explanation: "The inside resolver \(r) resolved \(plan.outsideName), an outside name, to an outside address: it forwards across the gap.")
            } else if !addrs.isEmpty {
                book.add("dns-outside-name-local", .warning, inside: [r.description], outside: [plan.outsideName], time: nil, evidence: ev,
                         explanation: "The inside resolver \(r) answers \(plan.outsideName) with an inside address: a local override.")
            }
        }
        for p in plan.proxies {
            let proxy = try ActiveScope.check(guardian, p.addr, for: "proxy test")
            for c in plan.canaries {
                let canary = try ActiveScope.check(guardian, c.addr, for: "proxy test")
                log("proxy \(p.addr):\(p.port): fetching \(c.addr)")
                let url = "http://\(canary.address.isV4 ? canary.address.description : "[\(canary.address)]")/"
                let out = try Tool.probe(plan.netns, proxy, timeout: 8, bracketV6: true) {
                    ["curl", "-s", "-m", "4", "-o", "/dev/null", "-w", "%{http_code}", "-x", "http://\($0):\(p.port)", url]
                }
                let code = Int(out.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
                let ok = (200 ..< 400).contains(code)
                tests.append(.init(test: "http-proxy", target: "\(p.addr):\(p.port) → \(url)", probes: 1, answered: ok, detail: "HTTP status \(code)"))
                if ok {
                    book.add("http-proxy", .breach, inside: [p.addr.description], outside: [c.addr.description], bridge: p.addr.description, time: nil,
                             evidence: Evidence(file: "active:curl", packet: 0, decode: "curl -x http://\(p.addr):\(p.port) \(url) → \(code)"),
                             explanation: "The inside proxy \(p.addr):\(p.port) fetched \(url) (status \(code)): it has a leg outside.")
                }
            }
        }
        if let cn = plan.canaryNetns {
            for t in plan.insideTargets {
                let target = try ActiveScope.check(guardian, t, for: "inbound test")
                log("inbound: \(t) from \(cn)")
                let ping = try Tool.probe(cn, target, timeout: 4) { ["ping", "-n", "-c", "1", "-W", "1", $0] }
                let pingOK = ping.output.contains("bytes from \(t)")
                let tcp = try Netns.run(cn) { SocketProbes.tcpOpen(target, ports: topPorts, timeout: 1) }
                tests.append(.init(test: "inbound", target: t.description, probes: 1 + topPorts.count, answered: pingOK || !tcp.open.isEmpty,
                                   detail: "from \(cn): echo \(pingOK ? "reply" : "none"), open: \(tcp.open.isEmpty ? "none" : tcp.open.map(String.init).joined(separator: ","))"))
                if pingOK || !tcp.open.isEmpty {
                    book.add("inbound-answered", .breach, inside: [t.description], outside: [], time: nil,
                             evidence: Evidence(file: "active:\(cn)", packet: 0, decode: "from \(cn) to \(t): echo \(pingOK ? "reply" : "none"), TCP open \(tcp.open)"),
                             explanation: "\(t), inside, answered probes sent from the outside namespace \(cn): the gap is open inwards.")
                }
            }
        }
        var received = 0, dropped: Int?
        if let l = listener {
            l.stop()
            log("canary listener: reading its record \(l.path)")
            received = try l.findings(canaries: Set(plan.canaries.map(\.addr)), scope: scope, book: book)
            dropped = l.droppedByKernel()
            try? FileManager.default.removeItem(atPath: l.reportPath)
        }
        let coverage = ActiveCoverage(netns: plan.netns, from: from.map(\.description), canaries: plan.canaries.map(\.addr.description),
                                      tests: tests, probes: tests.reduce(0) { $0 + $1.probes }, canaryListening: listener != nil,
                                      canaryRecord: listener?.path, canaryReceived: received, canaryDropped: dropped)
        return (sortFindings(book.findings), coverage)
    }

    /// The namespace's own global addresses.
    static func ownAddresses(_ ns: String) throws -> [IPAddress] {
        let out = try Tool.run(ns, ["ip", "-o", "addr", "show", "scope", "global"], timeout: 5)
        return out.output.split(separator: "\n").compactMap { line in
            let f = line.split(separator: " ")
            guard let i = f.firstIndex(where: { $0 == "inet" || $0 == "inet6" }), i + 1 < f.count else { return nil }
            return IPAddress(String(f[i + 1].split(separator: "/")[0]))
        }.sorted()
    }

    /// One ping per TTL 1…`maxHops` at once; each element is the address that
    /// answered at that hop ("" for none), up to the first hop where the target answered.
    static func ttlSteps(_ ns: String, _ scoped: InScope<IPAddress>, maxHops: Int) throws -> [String] {
        let target = scoped.address
        let hops = Box<[String]>()
        hops.value = [String](repeating: "", count: maxHops)
        let group = DispatchGroup()
        let lock = NSLock()
        for h in 1 ... maxHops {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                do {
                    let out = try Tool.probe(ns, scoped, timeout: 4) { ["ping", "-n", "-c", "1", "-W", "1", "-t", "\(h)", $0] }.output
                    var who = ""
                    if out.contains("bytes from \(target)") { who = target.description }
                    else if let line = out.split(separator: "\n").first(where: { $0.hasPrefix("From ") && $0.contains("exceeded") }) {
                        who = String(line.split(separator: " ")[1]).trimmingCharacters(in: CharacterSet(charactersIn: ":"))
                    }
                    lock.lock(); hops.value![h - 1] = who; lock.unlock()
                } catch { lock.lock(); hops.failure = "\(error)"; lock.unlock() }
            }
        }
        group.wait()
        if let f = hops.failure { throw AirgapError(f, exitCode: 3) }
        let all = hops.value!
        if let r = all.firstIndex(of: target.description) { return Array(all[...r]) }
        return all
    }
}
