import Glibc
import KPScope
import KPWire

/// Runs datagram probes from one UDP socket: sends every query (paced, each
/// target admitted by the scope guard first), and matches replies by their
/// address, port and `matchKey`: no table of queries in flight. Unanswered queries are sent again.
public final class DatagramRunner: ProbeRunner {
    /// Seconds to wait for replies after each round.
    public var wait = 1.0

    /// The first valid reply to each target (nil when none came, or when the guard refused it), in target order.
    public func run(_ module: some ProbeModule, _ targets: [ProbeTarget], _ ctx: ProbeContext) -> [[UInt8]?] {
        var replies = [[UInt8]?](repeating: nil, count: targets.count)
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return replies }
        defer { close(fd) }
        let admitted = targets.map { try? scope.admit($0).get() }
        var index: [ProbeTarget: Int] = [:]
        for (i, t) in admitted.enumerated() {
            guard let t else { continue }
            index[ProbeTarget(addr: t.target.addr, port: t.target.port, name: module.matchKey(module.build(t, ctx)))] = i
        }
        for _ in 0 ... retries {
            let pending = targets.indices.filter { replies[$0] == nil }
            if pending.isEmpty { break }
            for i in pending {
                guard let t = admitted[i] else { continue }
                let bytes = module.build(t, ctx)
                while !limiter.tryTake() { receive(fd, module, ctx, index, &replies, timeoutMS: 1) }
                _ = SocketAddress.send(fd, bytes, to: t)
                sent += 1
                receive(fd, module, ctx, index, &replies, timeoutMS: 0)
            }
            let end = RateLimiter.monotonic() + wait
            while RateLimiter.monotonic() < end && replies.contains(where: { $0 == nil }) {
                receive(fd, module, ctx, index, &replies, timeoutMS: 20)
            }
        }
        return replies
    }

    func receive(_ fd: Int32, _ module: some ProbeModule, _ ctx: ProbeContext, _ index: [ProbeTarget: Int],
                 _ replies: inout [[UInt8]?], timeoutMS: Int32) {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while poll(&p, 1, timeoutMS) > 0 {
            var buf = [UInt8](repeating: 0, count: 65536)
            var sa = sockaddr_in()
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            let n = buf.withUnsafeMutableBytes { b in
                withUnsafeMutablePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, b.baseAddress, b.count, 0, $0, &len) } }
            }
            guard n > 0 else { return }
            let reply = Array(buf[0 ..< n])
            let from = ProbeTarget(addr: IPAddress(v4: UInt32(bigEndian: sa.sin_addr.s_addr)), port: UInt16(bigEndian: sa.sin_port))
            if let t = module.validate(reply, from: from, ctx),
               let i = index[ProbeTarget(addr: t.addr, port: t.port, name: module.matchKey(reply))], replies[i] == nil {
                replies[i] = reply
            }
            p.revents = 0
        }
    }
}

extension Array where Element == UInt8 {
    /// The question of a DNS message as "name/type" (how a reply is matched to its query).
    var questionKey: String? {
        guard let m = DNSWire.parse(self), let q = m.questions.first else { return nil }
        return "\(q.name.lowercased())/\(q.type)"
    }
}
