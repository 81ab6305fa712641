import Foundation
import Glibc
import KPCapture
import KPScope
import KPWire
import Synchronization

/// ZMap's split: a sender writes raw probes as fast as the rate limiter allows,
/// while a receiver thread reads replies with KPCapture's live source and
/// KPWire's frame decoder and validates each by its keyed cookie alone. The only
/// memory is the set of answers (duplicates dropped).
public final class PacketRunner: ProbeRunner {
    /// Seconds to wait for late replies after the last probe of a round.
    public var cooldown = 0.5

    /// Whether this process may open raw sockets (CAP_NET_RAW).
    public static func rawAllowed() -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_RAW.rawValue), Int32(IPPROTO_RAW))
        if fd >= 0 { close(fd) }
        return fd >= 0
    }

    /// The reading of every target that answered, keyed by the target.
    func run<M: PacketProbe>(_ module: M, _ targets: [ProbeTarget], _ cookie: ValidationCookie,
                             checkpoint: RunnerCheckpoint<M.Output>? = nil) throws -> [ProbeTarget: M.Output] {
        guard let first = targets.lazy.compactMap({ try? self.scope.admit($0).get() }).first else { return [:] }
        guard let src = SourceAddress.toward(first) else {
            throw ScanError("no route to \(first.address) from this network namespace: nothing sent", exitCode: 3)
        }
        let ctx = ProbeContext(cookie: cookie, source: src)
        let icmp = module.transport == .icmp
        let fd = socket(AF_INET, Int32(SOCK_RAW.rawValue), Int32(icmp ? IPPROTO_ICMP : IPPROTO_RAW))
        guard fd >= 0 else { throw ScanError("raw socket: \(String(cString: strerror(errno))) (needs CAP_NET_RAW)", exitCode: 3) }
        defer { close(fd) }
        let receiver = try Receiver(module: module, ctx: ctx, known: checkpoint?.answered ?? [:])
        let thread = Thread { receiver.loop() }
        thread.start()
        defer { receiver.stop() }
        let firstRound = checkpoint?.round ?? 0
        var lastSave = RateLimiter.monotonic()
        for round in stride(from: firstRound, through: retries, by: 1) {
            let answered = receiver.answered()
            let start = round == firstRound ? min(checkpoint?.next ?? 0, targets.count) : 0
            var settled = start
            for i in start ..< targets.count {
                let t = targets[i]
                if let cp = checkpoint, i & 63 == 0, RateLimiter.monotonic() - lastSave >= cp.interval {
                    // Probes before `settled` left before the last save: their replies are in.
                    cp.save(round, settled, receiver.answered())
                    (settled, lastSave) = (i, RateLimiter.monotonic())
                }
                guard answered[ProbeTarget(addr: t.addr, port: t.port)] == nil else { continue }
                // The guard, where the packet is built.
                guard case .success(let admitted) = scope.admit(t) else { continue }
                let bytes = module.build(admitted, ctx)
                limiter.wait()
                if SocketAddress.send(fd, bytes, to: admitted) > 0 { sent += 1 }
            }
            // Wait for late replies, but no longer than it takes every target to answer.
            let end = RateLimiter.monotonic() + cooldown
            while RateLimiter.monotonic() < end && receiver.answered().count < targets.count { usleep(5000) }
            checkpoint?.save(round + 1, 0, receiver.answered())
            if receiver.answered().count >= targets.count { break }
        }
        receiver.stop()
        while !receiver.finished() { usleep(1000) }
        return receiver.answered()
    }

    /// Reads replies on every interface of the namespace ("any"), whatever their link type.
    final class Receiver<M: PacketProbe>: Sendable {
        let capture: LiveCapture
        let module: M
        let ctx: ProbeContext
        let results: Mutex<[ProbeTarget: M.Output]>
        let done = Mutex(false)

        init(module: M, ctx: ProbeContext, known: [ProbeTarget: M.Output]) throws {
            results = Mutex(known)
            do {
                // A 10 ms timeout: the kernel hands over replies in blocks at most 10 ms
                // late, so a fast scan does not wake this thread once per reply.
                capture = try LiveCapture(interface: "any", place: "this network namespace", snaplen: 256,
                                          filter: module.captureFilter ?? "ip", timeoutMS: 10)
            } catch let e as CaptureError {
                throw ScanError("libpcap: cannot capture replies: \(e.message)", exitCode: 3)
            }
            self.module = module
            self.ctx = ctx
        }

        func loop() {
            _ = capture.run(count: nil, duration: nil) { [self] record in
                let f = FrameDecoder.decode(linkType: record.linkType, bytes: record.bytes, wireLength: record.wireLength)
                guard let t = module.validate(frame: f, record.bytes, ctx), let reading = module.classify(frame: f) else { return }
                results.withLock { if $0[t] == nil { $0[t] = reading } }
            }
            done.withLock { $0 = true }
        }

        func stop() { capture.stop() }
        func finished() -> Bool { done.withLock { $0 } }
        func answered() -> [ProbeTarget: M.Output] { results.withLock { $0 } }
    }
}
