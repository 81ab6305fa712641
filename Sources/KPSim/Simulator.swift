import Foundation
import KPWire
import KPModel

/// Writes the capture of a simulated intranet and its truth: deterministic for a
/// (spec, seed, duration), streaming (memory follows the size of the world, not
/// the number of packets).
public enum Simulator {
    public struct Result {
        public var truth: SimTruth
        public var packets: Int
        public var bytes: Int
        /// Wall-clock seconds spent generating and writing.
        public var seconds: Double
    }

    /// Simulates `spec` with `seed` into the pcap at `out`; `duration` (seconds) overrides the spec's.
    public static func run(spec: SimSpec, seed: UInt64, out: String, duration: Double? = nil,
                           progress: ((Double) -> Void)? = nil) throws -> Result {
        let clock = Date()
        let length = duration ?? spec.duration
        guard length > 0 else { throw SimError("--duration must be > 0 seconds") }
        var rng = SplitMix64(seed: seed)
        var worldRNG = rng.fork()
        let trafficRNG = rng.fork()
        let world = SimWorld(spec: spec, rng: &worldRNG)
        let writer = try PcapWriter(path: out)
        let gen = TrafficGenerator(world: world, spec: spec, rng: trafficRNG, out: writer, start: spec.startNanos ?? 0)
        try gen.run(duration: length, progress: progress)
        try writer.close()
        let truth = makeTruth(gen, spec: spec, seed: seed, duration: length, packets: writer.packets)
        return Result(truth: truth, packets: writer.packets, bytes: writer.bytes, seconds: Date().timeIntervalSince(clock))
    }

    static func makeTruth(_ gen: TrafficGenerator, spec: SimSpec, seed: UInt64, duration: Double, packets: Int) -> SimTruth {
        let w = gen.world
        let visited = gen.siteVisited.filter { $0 }.count
        let lookedUpOnly = zip(gen.siteVisited, gen.siteLookedUp).filter { !$0 && $1 }.count
        let active = w.devices.filter(\.active).count
        var perAddr: [SimTruth.AddressDevices] = []
        var activeAddrs = 0
        for c in w.clients {
            let devs = w.devices[c.devices]
            let act = devs.filter(\.active)
            if !act.isEmpty { activeAddrs += 1 }
            perAddr.append(SimTruth.AddressDevices(addr: TrafficGenerator.dotted(c.addr), kind: c.kind, devices: devs.count,
                                                   active: act.count, stacks: act.map { SimWorld.stacks[$0.stack].name }.sorted()))
        }
        var services: [UInt64: SimTruth.Service] = [:]
        func add(_ addr: UInt32, _ port: Int, _ udp: Bool, _ service: String, _ software: String?) {
            let key = UInt64(addr) << 16 | UInt64(port) | (udp ? 1 << 48 : 0)
            services[key] = SimTruth.Service(addr: TrafficGenerator.dotted(addr), port: port, transport: udp ? "udp" : "tcp",
                                             service: service, software: software, used: gen.serviceUsed.contains(key))
        }
        for s in w.sites {
            add(s.addr, s.https ? 443 : 80, false, s.https ? "tls" : "http",
                s.https ? nil : SimWorld.serverSoftware[Int(s.addr % UInt32(SimWorld.serverSoftware.count))])
        }
        for r in w.resolvers { add(r, 53, true, "dns", nil) }
        for m in w.mailServers { add(m, 25, false, "smtp", "mail-\(TrafficGenerator.dotted(m)).silibank.net.kp ESMTP Postfix") }
        return SimTruth(
            spec: spec.name, seed: seed, start: spec.start, duration: duration, packets: packets,
            sites: SimTruth.Sites(total: w.sites.count, visited: visited, lookedUpOnly: lookedUpOnly),
            users: SimTruth.Counts(total: w.devices.count, active: active),
            clientAddrs: SimTruth.Counts(total: w.clients.count, active: activeAddrs),
            devices: perAddr.sorted { $0.addr.ipv4Order < $1.addr.ipv4Order },
            services: services.keys.sorted().map { services[$0]! })
    }

    /// The truth as JSON: snake_case keys, sorted, indented.
    public static func encode(_ truth: SimTruth) throws -> Data {
        try CanonicalJSON.encode(truth, style: JSONStyle(layout: .foundationPretty, nils: .omitted, snakeCaseKeys: true))
    }

    public static func decodeTruth(_ data: Data) throws -> SimTruth {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return try d.decode(SimTruth.self, from: data)
    }
}

extension String {
    /// Dotted IPv4 as a number, for sorting addresses numerically.
    var ipv4Order: UInt32 { split(separator: ".").reduce(0) { $0 << 8 | (UInt32($1) ?? 0) } }
}
