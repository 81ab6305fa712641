import Foundation
import KPWire

/// Turns the simulated world into packets: sessions start as a Poisson process
/// (thinned by the hour of day when the spec asks for a daily rhythm); a session
/// is a device visiting a site (DNS lookup, TCP handshake, HTTP or TLS pages,
/// close) or sending mail. A session's packets are made at once and staged; the
/// writer puts them in time order before they reach the file.
final class TrafficGenerator {
    var world: SimWorld
    let spec: SimSpec
    var rng: SplitMix64
    let out: PcapWriter
    let start: Int64

    var siteVisited: [Bool]
    var siteLookedUp: [Bool]
    var serviceUsed: Set<UInt64> = []
    var siteQName: [[UInt8]]
    var siteHost: [[UInt8]]
    var siteSNI: [[UInt8]]
    let userAgents: [[UInt8]]
    let software: [[UInt8]]
    var dnsID: UInt16 = 1

    var scratch: [UInt8] = []
    var head: [UInt8] = []

    init(world: SimWorld, spec: SimSpec, rng: SplitMix64, out: PcapWriter, start: Int64) {
        self.world = world
        self.spec = spec
        self.rng = rng
        self.out = out
        self.start = start
        siteVisited = Array(repeating: false, count: world.sites.count)
        siteLookedUp = siteVisited
        siteQName = world.sites.map { Payloads.labels($0.name) }
        siteHost = world.sites.map { Array($0.name.utf8) }
        siteSNI = siteHost
        userAgents = SimWorld.userAgents.map { Array($0.utf8) }
        software = SimWorld.serverSoftware.map { Array($0.utf8) }
        scratch.reserveCapacity(4096)
        out.ipidFor = { [unowned self] d, dst in self.ipid(Int(d), to: dst) }
        head.reserveCapacity(1024)
    }

    /// Sessions per second relative to the daily peak, by hour of day (UTC as local time).
    static func rhythm(_ secondOfDay: Double) -> Double {
        let h = secondOfDay / 3600
        let evening = exp(-pow((h - 20) / 3.5, 2)), midday = 0.6 * exp(-pow((h - 12.5) / 3, 2))
        return min(1, 0.08 + evening + midday)
    }

    /// Writes every session of the window; `progress` gets the fraction of the
    /// window done now and then (every 4096 sessions).
    func run(duration: Double, progress: ((Double) -> Void)? = nil) throws {
        let rate = world.totalRate * (spec.dailyRhythm ? 1 : 0.6)
        guard rate > 0 else { return }
        let dayOffset = Double((start / 1_000_000_000) % 86400)
        var t = 0.0
        var sessions = 0
        while true {
            t += rng.exponential(mean: 1 / rate)
            if t >= duration { break }
            sessions &+= 1
            if sessions & 0xfff == 0 { progress?(t / duration) }
            if spec.dailyRhythm && !rng.chance(TrafficGenerator.rhythm((dayOffset + t).truncatingRemainder(dividingBy: 86400))) { continue }
            try out.release(until: start + Int64(t * 1e9))
            let d = world.deviceRate.draw(&rng)
            world.devices[d].active = true
            if spec.session.mailShare > 0 && rng.chance(spec.session.mailShare) {
                try mail(device: d, at: t)
            } else {
                try web(device: d, site: world.sitePopularity.draw(&rng), at: t)
            }
        }
    }

    @inline(__always) func nanos(_ t: Double) -> Int64 { start + Int64(t * 1e9) }

    @inline(__always) func ipid(_ d: Int, to dst: UInt32) -> UInt16 {
        switch world.devices[d].ipidMode {
        case .global:
            world.devices[d].ipid &+= 1
            return world.devices[d].ipid
        case .perDestination:
            world.devices[d].ipid &+= 1
            let h = (dst ^ world.devices[d].secret) &* 0x9e37_79b1
            return UInt16(truncatingIfNeeded: h >> 16) &+ world.devices[d].ipid
        case .random: return UInt16(truncatingIfNeeded: rng.next())
        case .zero: return 0
        }
    }

    /// The device's TCP timestamp clock at time t (its own offset and skew), nil without timestamps.
    @inline(__always) func tsval(_ d: Int, _ t: Double) -> UInt32? {
        let dev = world.devices[d]
        guard dev.tsHz > 0 else { return nil }
        return dev.tsOffset &+ UInt32(truncatingIfNeeded: Int64(t * dev.tsHz * (1 + dev.tsSkew)))
    }

    func serverTS(_ server: UInt32, _ t: Double) -> UInt32 { server &* 2_654_435_761 &+ UInt32(truncatingIfNeeded: Int64(t * 1000)) }

    func port(_ d: Int) -> UInt16 {
        let p = world.devices[d].nextPort
        world.devices[d].nextPort = p >= 60999 ? 32768 : p + 1
        return p
    }

    /// One TCP segment from the client device (true) or the server.
    func seg(_ d: Int, client: UInt32, server: UInt32, cport: UInt16, sport: UInt16, fromClient: Bool, t: Double,
             seq: UInt32, ack: UInt32, flags: UInt8, payload: UnsafeRawBufferPointer) throws {
        let dev = world.devices[d]
        let cts = tsval(d, t)
        if fromClient {
            let opt = cts.map { PcapWriter.TCPTimestamps(val: $0, ecr: flags & 0x10 != 0 ? serverTS(server, t) : 0) }
            try out.tcp(ts: nanos(t), src: client, dst: server, sport: cport, dport: sport, seq: seq, ack: ack, flags: flags,
                        ipid: 0, ttl: dev.ttl, df: dev.ipidMode != .global, tsopt: opt, payload: payload, device: Int32(d))
        } else {
            let opt = cts.map { PcapWriter.TCPTimestamps(val: serverTS(server, t), ecr: $0) }
            try out.tcp(ts: nanos(t), src: server, dst: client, sport: sport, dport: cport, seq: seq, ack: ack, flags: flags,
                        ipid: 0, ttl: 62, df: true, tsopt: opt, payload: payload)
        }
    }

    static var empty: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: nil, count: 0) }

    func web(device d: Int, site s: Int, at t0: Double) throws {
        let dev = world.devices[d]
        let client = world.clients[dev.client]
        let site = world.sites[s]
        let rtt = (client.kind == "mobile" ? 0.04 : 0.008) * (0.5 + rng.unit())
        var t = t0
        let resolver = world.resolvers[dev.client % world.resolvers.count]
        if rng.chance(spec.session.dnsLookupShare) {
            try lookup(d, site: s, resolver: resolver, t: t)
            t += rtt
            siteLookedUp[s] = true
        }
        if spec.session.prefetchShare > 0 && rng.chance(spec.session.prefetchShare) {
            let other = world.sitePopularity.draw(&rng)
            try lookup(d, site: other, resolver: resolver, t: t)
            siteLookedUp[other] = true
        }
        siteVisited[s] = true
        let sport: UInt16 = site.https ? 443 : 80
        serviceUsed.insert(UInt64(site.addr) << 16 | UInt64(sport))
        let cport = port(d)
        var cseq = UInt32(truncatingIfNeeded: rng.next()), sseq = UInt32(truncatingIfNeeded: rng.next())
        let e = TrafficGenerator.empty
        try seg(d, client: client.addr, server: site.addr, cport: cport, sport: sport, fromClient: true, t: t, seq: cseq, ack: 0, flags: 0x02, payload: e)
        cseq &+= 1
        t += rtt
        try seg(d, client: client.addr, server: site.addr, cport: cport, sport: sport, fromClient: false, t: t, seq: sseq, ack: cseq, flags: 0x12, payload: e)
        sseq &+= 1
        t += 0.0002
        try seg(d, client: client.addr, server: site.addr, cport: cport, sport: sport, fromClient: true, t: t, seq: cseq, ack: sseq, flags: 0x10, payload: e)
        if site.https {
            Payloads.clientHello(&scratch, sni: siteSNI[s], rng: &rng)
            try send(d, client.addr, site.addr, cport, sport, true, &t, &cseq, sseq, scratch)
            t += rtt
            Payloads.serverHello(&scratch, rng: &rng, appData: 600 + rng.below(1400))
            try send(d, client.addr, site.addr, cport, sport, false, &t, &sseq, cseq, scratch)
        }
        let pages = rng.int(spec.session.pages[0] ... spec.session.pages[1])
        let server = software[Int(site.addr % UInt32(software.count))]
        for _ in 0 ..< pages {
            t += 0.05 + rng.exponential(mean: 2)
            let body = 400 + rng.below(2400)
            if site.https {
                Payloads.applicationData(&scratch, count: 300 + rng.below(200), rng: &rng)
                try send(d, client.addr, site.addr, cport, sport, true, &t, &cseq, sseq, scratch)
                t += rtt
                Payloads.applicationData(&scratch, count: body, rng: &rng)
            } else {
                Payloads.httpRequest(&scratch, path: Payloads.paths[rng.below(Payloads.paths.count)], host: siteHost[s],
                                     userAgent: userAgents[dev.userAgent])
                try send(d, client.addr, site.addr, cport, sport, true, &t, &cseq, sseq, scratch)
                t += rtt
                Payloads.httpResponseHead(&head, server: server, bodyLength: body)
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: head)
                var left = body
                while left > 0 {
                    let n = min(left, Payloads.filler.count)
                    scratch.append(contentsOf: Payloads.filler[0 ..< n])
                    left -= n
                }
            }
            try send(d, client.addr, site.addr, cport, sport, false, &t, &sseq, cseq, scratch)
            t += 0.0005
            try seg(d, client: client.addr, server: site.addr, cport: cport, sport: sport, fromClient: true, t: t, seq: cseq, ack: sseq, flags: 0x10, payload: e)
        }
        t += 0.1 + rng.exponential(mean: 1)
        try close(d, client.addr, site.addr, cport, sport, &t, &cseq, &sseq, rtt)
    }

    /// Sends bytes as segments of at most 1448 bytes (PSH on the last), advancing seq.
    func send(_ d: Int, _ c: UInt32, _ s: UInt32, _ cport: UInt16, _ sport: UInt16, _ fromClient: Bool, _ t: inout Double,
              _ seq: inout UInt32, _ ack: UInt32, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { all in
            var off = 0
            while off < all.count {
                let n = min(1448, all.count - off)
                let flags: UInt8 = off + n == all.count ? 0x18 : 0x10
                try seg(d, client: c, server: s, cport: cport, sport: sport, fromClient: fromClient, t: t, seq: seq, ack: ack,
                        flags: flags, payload: UnsafeRawBufferPointer(rebasing: all[off ..< off + n]))
                seq &+= UInt32(n)
                off += n
                t += 0.0001
            }
        }
    }

    func close(_ d: Int, _ c: UInt32, _ s: UInt32, _ cport: UInt16, _ sport: UInt16, _ t: inout Double,
               _ cseq: inout UInt32, _ sseq: inout UInt32, _ rtt: Double) throws {
        let e = TrafficGenerator.empty
        try seg(d, client: c, server: s, cport: cport, sport: sport, fromClient: true, t: t, seq: cseq, ack: sseq, flags: 0x11, payload: e)
        cseq &+= 1
        t += rtt
        try seg(d, client: c, server: s, cport: cport, sport: sport, fromClient: false, t: t, seq: sseq, ack: cseq, flags: 0x11, payload: e)
        sseq &+= 1
        t += 0.0002
        try seg(d, client: c, server: s, cport: cport, sport: sport, fromClient: true, t: t, seq: cseq, ack: sseq, flags: 0x10, payload: e)
    }

    func lookup(_ d: Int, site s: Int, resolver: UInt32, t: Double) throws {
        let dev = world.devices[d]
        let client = world.clients[dev.client]
        let id = dnsID
        dnsID &+= 1
        let p = port(d)
        serviceUsed.insert(UInt64(resolver) << 16 | 53 | 1 << 48)
        Payloads.dnsQuery(&scratch, id: id, qname: siteQName[s])
        try scratch.withUnsafeBytes {
            try out.udp(ts: nanos(t), src: client.addr, dst: resolver, sport: p, dport: 53, ipid: 0, ttl: dev.ttl, payload: $0, device: Int32(d))
        }
        Payloads.dnsAnswer(&scratch, id: id, qname: siteQName[s], addr: world.sites[s].addr, ttl: 3600)
        try scratch.withUnsafeBytes {
            try out.udp(ts: nanos(t + 0.001), src: resolver, dst: client.addr, sport: 53, dport: p, ipid: 0, ttl: 63, payload: $0)
        }
    }

    func mail(device d: Int, at t0: Double) throws {
        let dev = world.devices[d]
        let client = world.clients[dev.client]
        let server = world.mailServers[rng.below(world.mailServers.count)]
        serviceUsed.insert(UInt64(server) << 16 | 25)
        let cport = port(d)
        var t = t0
        let rtt = 0.01
        var cseq = UInt32(truncatingIfNeeded: rng.next()), sseq = UInt32(truncatingIfNeeded: rng.next())
        let e = TrafficGenerator.empty
        try seg(d, client: client.addr, server: server, cport: cport, sport: 25, fromClient: true, t: t, seq: cseq, ack: 0, flags: 0x02, payload: e)
        cseq &+= 1; t += rtt
        try seg(d, client: client.addr, server: server, cport: cport, sport: 25, fromClient: false, t: t, seq: sseq, ack: cseq, flags: 0x12, payload: e)
        sseq &+= 1; t += 0.0002
        try seg(d, client: client.addr, server: server, cport: cport, sport: 25, fromClient: true, t: t, seq: cseq, ack: sseq, flags: 0x10, payload: e)
        let host = TrafficGenerator.dotted(server)
        for (fromClient, text) in [(false, "220 mail-\(host).silibank.net.kp ESMTP Postfix"), (true, "EHLO pc.kp"),
                                   (false, "250 mail-\(host).silibank.net.kp"), (true, "QUIT"), (false, "221 2.0.0 Bye")] {
            t += rtt
            Payloads.line(&scratch, text)
            if fromClient {
                try send(d, client.addr, server, cport, 25, true, &t, &cseq, sseq, scratch)
            } else {
                try send(d, client.addr, server, cport, 25, false, &t, &sseq, cseq, scratch)
            }
        }
        try close(d, client.addr, server, cport, 25, &t, &cseq, &sseq, rtt)
    }

    static func dotted(_ a: UInt32) -> String { "\(a >> 24).\(a >> 16 & 0xff).\(a >> 8 & 0xff).\(a & 0xff)" }
}
