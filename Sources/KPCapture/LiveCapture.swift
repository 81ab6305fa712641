import CPcap
import Foundation
import KPWire

/// Captures from a live interface (or "any") with libpcap, optionally inside another network namespace, and
/// optionally writes every packet to a pcap file flushed after each buffer (a
/// killed run leaves a readable file, at worst with a cut last record).
public final class LiveCapture {
    public let interface: String
    public let linkType: Int32
    private let handle: OpaquePointer
    private var dumper: OpaquePointer?
    private var body: ((PacketRecord) -> Void)?
    private let stopLock = NSLock()
    private var stopRequested = false
    public private(set) var packetsRead = 0

    /// Kernel counters from `pcap_stats`: packets received by the filter, dropped
    /// for lack of buffer space, dropped by the interface.
    public struct Stats: Equatable, Sendable {
        public var received: UInt32
        public var dropped: UInt32
        public var interfaceDropped: UInt32
    }

    /// Moves this thread into the network namespace /run/netns/NAME (as `ip netns
    /// exec` does). Call it before opening the capture, from the thread that reads.
    public static func enterNetns(_ name: String) throws {
        let path = "/run/netns/\(name)"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let err = errno
            if err == ENOENT {
                throw CaptureError("--netns \(name): no such network namespace (\(path)); see 'ip netns list' or 'kpcensus lab status'", exitCode: 3)
            }
            throw CaptureError("--netns \(name): cannot open \(path): \(String(cString: strerror(err)))", exitCode: 3)
        }
        defer { close(fd) }
        guard LiveCapture.setns(fd, LiveCapture.cloneNewNet) == 0 else {
            let err = errno
            if err == EPERM {
                throw CaptureError("--netns \(name): entering a network namespace needs CAP_SYS_ADMIN: run as root (sudo)", exitCode: 3)
            }
            throw CaptureError("--netns \(name): setns failed: \(String(cString: strerror(err)))", exitCode: 3)
        }
    }

    /// CLONE_NEWNET (linux/sched.h).
    static let cloneNewNet: Int32 = 0x4000_0000

    /// glibc's setns(2), looked up at run time: Swift's Glibc module does not
    /// export it (it needs _GNU_SOURCE).
    static let setns: @convention(c) (Int32, Int32) -> Int32 = {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setns") else {
            return { _, _ in errno = ENOSYS; return -1 }
        }
        return unsafeBitCast(sym, to: (@convention(c) (Int32, Int32) -> Int32).self)
    }()

    /// The interfaces of the current network namespace, sorted.
    public static func interfaceNames() -> [String] {
        guard let list = if_nameindex() else { return [] }
        defer { if_freenameindex(list) }
        var out: [String] = []
        var p = list
        while p.pointee.if_index != 0, let n = p.pointee.if_name {
            out.append(String(cString: n))
            p += 1
        }
        return out.sorted()
    }

    /// Opens `interface` (in the current network namespace; `place` names it in
    /// errors); `timeoutMS`: how late libpcap may hand packets over.
    /// Missing interface or privilege: `CaptureError` with exit code 3.
    public init(interface: String, place: String, snaplen: Int, filter: String?, timeoutMS: Int32 = 100) throws {
        self.interface = interface
        // "any" is libpcap's pseudo-device for every interface of the namespace (Linux cooked headers).
        guard interface == "any" || if_nametoindex(interface) != 0 else {
            throw CaptureError("-i \(interface): no such interface in \(place); its interfaces: \(LiveCapture.interfaceNames().joined(separator: ", "))", exitCode: 3)
        }
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let h = pcap_create(interface, &errbuf) else {
            throw CaptureError("-i \(interface): \(String(cString: errbuf))", exitCode: 3)
        }
        pcap_set_snaplen(h, Int32(snaplen))
        pcap_set_promisc(h, 1)
        // Not immediate mode: there libpcap's Linux ring (TPACKET_V2) has one slot of
        // the snapshot length per packet, 32 slots in 8 MB at 256 KB, and a burst of a
        // few dozen packets between two wake-ups was dropped by the kernel. Without it
        // (TPACKET_V3) packets are packed into blocks handed over when full or after
        // the 100 ms timeout.
        pcap_set_timeout(h, timeoutMS)
        pcap_set_buffer_size(h, 32 << 20)
        pcap_set_tstamp_precision(h, Int32(PCAP_TSTAMP_PRECISION_NANO))
        let rc = pcap_activate(h)
        if rc < 0 {
            let detail = String(cString: pcap_geterr(h))
            pcap_close(h)
            switch rc {
            case PCAP_ERROR_PERM_DENIED:
                throw CaptureError("-i \(interface): capturing needs CAP_NET_RAW (and CAP_NET_ADMIN for promiscuous mode): run as root (sudo) (\(detail))", exitCode: 3)
            case PCAP_ERROR_NO_SUCH_DEVICE:
                throw CaptureError("-i \(interface): no such interface in \(place); its interfaces: \(LiveCapture.interfaceNames().joined(separator: ", "))", exitCode: 3)
            default:
                throw CaptureError("-i \(interface): cannot start the capture: \(detail)", exitCode: 3)
            }
        }
        handle = h
        linkType = pcap_datalink(h)
        if let filter {
            var program = try FilterProgram.compile(filter, for: h)
            defer { pcap_freecode(&program) }
            if pcap_setfilter(h, &program) != 0 {
                throw CaptureError("--filter '\(filter)': \(String(cString: pcap_geterr(h)))")
            }
        }
    }

    deinit {
        if let d = dumper { pcap_dump_close(d) }
        pcap_close(handle)
    }

    /// Writes every captured packet to `path` (pcap, nanosecond timestamps).
    public func write(to path: String) throws {
        guard let d = pcap_dump_open(handle, path) else {
            throw CaptureError("--write \(path): cannot write: \(String(cString: pcap_geterr(handle)))")
        }
        dumper = d
    }

    /// Asks the loop to stop (safe from a signal handler's queue or another thread).
    public func stop() {
        stopLock.lock()
        stopRequested = true
        stopLock.unlock()
        pcap_breakloop(handle)
    }

    private var stopping: Bool {
        stopLock.lock()
        defer { stopLock.unlock() }
        return stopRequested
    }

    /// Captures until `stop()`, `count` packets or `duration` seconds, handing each
    /// packet to `body`. Returns nil, or what went wrong when the interface failed.
    public func run(count: Int?, duration: Double?, _ body: @escaping (PacketRecord) -> Void) -> String? {
        self.body = body
        defer { self.body = nil }
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        pcap_setnonblock(handle, 1, &errbuf)
        let fd = pcap_get_selectable_fd(handle)
        let deadline = duration.map { Date().addingTimeInterval($0) }
        let context = Unmanaged.passUnretained(self).toOpaque().assumingMemoryBound(to: UInt8.self)
        var failure: String?
        while !stopping {
            if let count, packetsRead >= count { break }
            var wait: Int32 = 100
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                if left <= 0 { break }
                wait = Int32(min(100, max(1, left * 1000)))
            }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&pfd, 1, wait)
            let limit = count.map { Int32($0 - packetsRead) } ?? -1
            let n = pcap_dispatch(handle, limit, { user, hdr, data in
                guard let user, let hdr, let data else { return }
                Unmanaged<LiveCapture>.fromOpaque(UnsafeRawPointer(user)).takeUnretainedValue().deliver(hdr, data)
            }, context)
            if n == PCAP_ERROR_BREAK { break }
            if n < 0 {
                failure = "-i \(interface): capture failed: \(String(cString: pcap_geterr(handle)))"
                break
            }
            if n > 0, let d = dumper { pcap_dump_flush(d) }
        }
        if let d = dumper { pcap_dump_flush(d) }
        return failure
    }

    private func deliver(_ hdr: UnsafePointer<pcap_pkthdr>, _ data: UnsafePointer<UInt8>) {
        packetsRead += 1
        if let d = dumper { pcap_dump(UnsafeMutableRawPointer(d).assumingMemoryBound(to: UInt8.self), hdr, data) }
        let h = hdr.pointee
        let ts = Int64(h.ts.tv_sec) * 1_000_000_000 + Int64(h.ts.tv_usec)
        body?(PacketRecord(timestamp: ts, bytes: UnsafeRawBufferPointer(start: data, count: Int(h.caplen)),
                           wireLength: Int(h.len), linkType: linkType, fileIndex: 0, packetIndex: packetsRead))
    }

    /// The kernel's counters for this capture so far.
    public func stats() -> Stats {
        var s = pcap_stat()
        guard pcap_stats(handle, &s) == 0 else { return Stats(received: 0, dropped: 0, interfaceDropped: 0) }
        return Stats(received: s.ps_recv, dropped: s.ps_drop, interfaceDropped: s.ps_ifdrop)
    }
}
