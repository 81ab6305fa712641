import CPcap
import Foundation
import Glibc

/// ZMap's split: a sender writes raw probes as fast as the rate limiter allows,
/// while a receiver thread reads replies with libpcap and validates each by its
/// keyed cookie alone. The only memory is the set of answers (duplicates dropped).
public final class PacketRunner {
    let scope: ScopeGuard
    let limiter: RateLimiter
    public var retries = 1
    /// Seconds to wait for late replies after the last probe of a round.
    public var cooldown = 0.5
    public private(set) var sent = 0

    public init(scope: ScopeGuard, limiter: RateLimiter) {
        self.scope = scope
        self.limiter = limiter
    }

    /// Whether this process may open raw sockets (CAP_NET_RAW).
    public static func rawAllowed() -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_RAW.rawValue), Int32(IPPROTO_RAW))
        if fd >= 0 { close(fd) }
        return fd >= 0
    }

    /// The classification of every target that answered, keyed by the target.
    public func run(_ module: any ProbeModule, _ targets: [ProbeTarget], _ cookie: ValidationCookie) throws -> [ProbeTarget: [String: String]] {
        guard let first = targets.first else { return [:] }
        guard let src = SourceAddress.toward(first.addr) else {
            throw ScanError("no route to \(IPv4Text.format(first.addr)) from this network namespace: nothing sent", exitCode: 3)
        }
        let ctx = ProbeContext(cookie: cookie, source: src)
        let icmp = module.transport == "icmp"
        let fd = socket(AF_INET, Int32(SOCK_RAW.rawValue), Int32(icmp ? IPPROTO_ICMP : IPPROTO_RAW))
        guard fd >= 0 else { throw ScanError("raw socket: \(String(cString: strerror(errno))) (needs CAP_NET_RAW)", exitCode: 3) }
        defer { close(fd) }
        let receiver = try Receiver(filter: module.captureFilter ?? "ip", module: module, ctx: ctx)
        let thread = Thread { receiver.loop() }
        thread.start()
        defer { receiver.stop() }
        for _ in 0 ... retries {
            let answered = receiver.answered()
            for t in targets where answered[ProbeTarget(addr: t.addr, port: t.port)] == nil {
                // The guard, where the packet is built.
                guard scope.allows(t.addr) else { continue }
                let bytes = module.build(t, ctx)
                limiter.wait()
                var sa = DatagramRunner.address(t)
                let n = withUnsafePointer(to: &sa) { p in
                    p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                if n > 0 { sent += 1 }
            }
            // Wait for late replies, but no longer than it takes every target to answer.
            let end = RateLimiter.monotonic() + cooldown
            while RateLimiter.monotonic() < end && receiver.answered().count < targets.count { usleep(5000) }
            if receiver.answered().count >= targets.count { break }
        }
        receiver.stop()
        while !receiver.finished() { usleep(1000) }
        return receiver.answered()
    }

    /// Reads replies with libpcap on every interface of the namespace ("any").
    final class Receiver: @unchecked Sendable {
        let handle: OpaquePointer
        let module: any ProbeModule
        let ctx: ProbeContext
        let linkHeader: Int
        let lock = NSLock()
        var results: [ProbeTarget: [String: String]] = [:]
        var stopFlag = false
        var done = false

        init(filter: String, module: any ProbeModule, ctx: ProbeContext) throws {
            var err = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
            guard let h = pcap_create("any", &err) else { throw ScanError("libpcap: \(String(cString: err))", exitCode: 3) }
            pcap_set_snaplen(h, 256)
            // Not immediate mode: the kernel hands over replies in blocks (at most 10 ms
            // late), so a fast scan does not wake this thread once per reply.
            pcap_set_timeout(h, 10)
            pcap_set_buffer_size(h, 8 << 20)
            guard pcap_activate(h) >= 0 else {
                let m = String(cString: pcap_geterr(h))
                pcap_close(h)
                throw ScanError("libpcap: cannot capture replies: \(m) (needs CAP_NET_RAW)", exitCode: 3)
            }
            var prog = bpf_program()
            guard pcap_compile(h, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) == 0, pcap_setfilter(h, &prog) == 0 else {
                let m = String(cString: pcap_geterr(h))
                pcap_close(h)
                throw ScanError("libpcap filter '\(filter)': \(m)", exitCode: 3)
            }
            pcap_freecode(&prog)
            pcap_setnonblock(h, 1, &err)
            switch pcap_datalink(h) {
            case DLT_LINUX_SLL: linkHeader = 16
            case 276: linkHeader = 20          // LINUX_SLL2
            case DLT_EN10MB: linkHeader = 14
            default: linkHeader = 0
            }
            handle = h
            self.module = module
            self.ctx = ctx
        }

        func loop() {
            var hdr: UnsafeMutablePointer<pcap_pkthdr>?
            var data: UnsafePointer<UInt8>?
            // Non-blocking reads, waiting in poll() (which also wakes when the kernel retires a block).
            var p = pollfd(fd: pcap_get_selectable_fd(handle), events: Int16(POLLIN), revents: 0)
            while !isStopped() {
                let r = pcap_next_ex(handle, &hdr, &data)
                if r == 0 {
                    p.revents = 0
                    _ = poll(&p, 1, 20)
                    continue
                }
                if r == 1, let h = hdr, let d = data, Int(h.pointee.caplen) > linkHeader {
                    let pkt = Array(UnsafeBufferPointer(start: d + linkHeader, count: Int(h.pointee.caplen) - linkHeader))
                    let probe = ProbeTarget(addr: 0, port: 0)
                    if let t = module.validate(pkt, from: probe, ctx), let c = module.classify(pkt, t) {
                        lock.lock()
                        if results[t] == nil { results[t] = c }
                        lock.unlock()
                    }
                } else if r < 0 {
                    break
                }
            }
            pcap_close(handle)
            lock.lock(); done = true; lock.unlock()
        }

        func isStopped() -> Bool { lock.lock(); defer { lock.unlock() }; return stopFlag }
        func stop() { lock.lock(); stopFlag = true; lock.unlock() }
        func finished() -> Bool { lock.lock(); defer { lock.unlock() }; return done }
        func answered() -> [ProbeTarget: [String: String]] { lock.lock(); defer { lock.unlock() }; return results }
    }
}
