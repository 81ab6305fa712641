import Foundation
import KPWire

/// Streams Ethernet/IPv4 frames into a classic pcap file (µs timestamps, link
/// type EN10MB) through one large buffer: no libpcap, no allocation per packet.
/// Headers are built in place with correct IPv4 and TCP checksums (UDP's is 0,
/// "none", allowed for IPv4 by RFC 768). Sessions overlap in time, so frames
/// are staged in an arena and written in timestamp order once `release(until:)`
/// says that nothing earlier can come (memory follows the concurrent sessions).
/// A full buffer goes to the file on a writer thread while the other one fills:
/// the kernel's copying into the page cache overlaps making the next packets.
final class PcapWriter: @unchecked Sendable {
    let file: UnsafeMutablePointer<FILE>
    let path: String
    let capacity = 4 << 20
    /// The buffer being filled; `other` is being written (or idle).
    var buf: UnsafeMutableRawPointer
    var other: UnsafeMutableRawPointer
    let writer = DispatchQueue(label: "kpcensus.simulate.pcap-writer")
    let writing = DispatchGroup()
    /// Set by the writer thread when fwrite fails; read after `writing.wait()`.
    var writeFailure: String?
    var pos = 0
    private(set) var packets = 0
    private(set) var bytes = 0

    /// A staged frame: its time, the order it was made in (ties keep it), and where its bytes are.
    struct Pending { var ts: Int64; var order: Int; var off: Int; var len: Int; var device: Int32 }
    /// Gives a client device's next IP ID for a destination, asked when its frame
    /// is written: a stack numbers packets in the order it sends them, and
    /// overlapping sessions are only put in that order here.
    var ipidFor: (Int32, UInt32) -> UInt16 = { _, _ in 0 }
    var arena: [UInt8] = []
    /// The arena compaction copies into (then they swap): both keep their capacity, so
    /// a long run allocates (and faults in) no new memory after its first minutes.
    var spare: [UInt8] = []
    /// Compaction starts past this many staged bytes: far above what the sessions in
    /// flight hold (a few MiB for the large spec), small enough to stay in already
    /// faulted-in memory; never while more than half the arena is still staged.
    static let arenaLimit = 16 << 20
    var heap: [Pending] = []
    var made = 0
    /// Bytes of the frames staged now (the live part of the arena).
    var staged = 0

    init(path: String) throws {
        guard let f = fopen(path, "wb") else {
            throw SimError("--out \(path): cannot create: \(String(cString: strerror(errno)))")
        }
        file = f
        self.path = path
        buf = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        other = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        arena.reserveCapacity(PcapWriter.arenaLimit + (1 << 20))
        spare.reserveCapacity(PcapWriter.arenaLimit + (1 << 20))
        // Global header: magic, version 2.4, zone 0, sigfigs 0, snaplen 65535, EN10MB.
        put32(0xa1b2_c3d4); put16(2); put16(4); put32(0); put32(0); put32(65535); put32(1)
    }

    deinit {
        writing.wait()
        buf.deallocate()
        other.deallocate()
    }

    @inline(__always) func put8(_ v: UInt8) { buf.storeBytes(of: v, toByteOffset: pos, as: UInt8.self); pos += 1 }
    /// Little-endian (the pcap headers, in the writer's byte order as the magic says).
    @inline(__always) func put16(_ v: UInt16) { buf.storeBytes(of: v.littleEndian, toByteOffset: pos, as: UInt16.self); pos += 2 }
    @inline(__always) func put32(_ v: UInt32) { buf.storeBytes(of: v.littleEndian, toByteOffset: pos, as: UInt32.self); pos += 4 }
    /// Network byte order (the packet headers).
    @inline(__always) func be16(_ v: UInt16, at p: Int) { buf.storeBytes(of: v.bigEndian, toByteOffset: p, as: UInt16.self) }
    @inline(__always) func be32(_ v: UInt32, at p: Int) { buf.storeBytes(of: v.bigEndian, toByteOffset: p, as: UInt32.self) }

    /// Hands the filled buffer to the writer thread (after the previous write is done)
    /// and goes on in the other one.
    func flush() throws {
        guard pos > 0 else { return }
        writing.wait()
        if let writeFailure { throw SimError("--out \(path): write failed: \(writeFailure)") }
        // The address as a number: the writer owns those bytes until it leaves the group.
        let full = UInt(bitPattern: buf), count = pos
        swap(&buf, &other)
        pos = 0
        writing.enter()
        writer.async { [self] in
            if fwrite(UnsafeRawPointer(bitPattern: full), 1, count, file) != count { writeFailure = String(cString: strerror(errno)) }
            writing.leave()
        }
    }

    func close() throws {
        try release(until: .max)
        try flush()
        writing.wait()
        if let writeFailure { throw SimError("--out \(path): write failed: \(writeFailure)") }
        guard fclose(file) == 0 else { throw SimError("--out \(path): close failed: \(String(cString: strerror(errno)))") }
    }

    /// Room for one frame of `len` bytes (flushing first when the buffer is full).
    @inline(__always) func reserve(_ len: Int) throws {
        if pos + len + 16 > capacity { try flush() }
    }

    /// Moves the frame just built at `start ..< pos` of the buffer into the arena.
    @inline(__always) func stage(ts: Int64, from start: Int, device: Int32) {
        let len = pos - start
        let off = arena.count
        arena.append(contentsOf: UnsafeRawBufferPointer(start: buf + start, count: len))
        pos = start
        push(Pending(ts: ts, order: made, off: off, len: len, device: device))
        staged += len
        made += 1
    }

    /// Writes every staged frame up to time `t` (nanoseconds), in time order.
    func release(until t: Int64) throws {
        while let top = heap.first, top.ts <= t {
            pop()
            staged -= top.len
            if pos + top.len > capacity { try flush() }
            arena.withUnsafeBytes { a in (buf + pos).copyMemory(from: a.baseAddress! + top.off, byteCount: top.len) }
            if top.device >= 0 {
                let ip = pos + 16 + 14
                let dst = UInt32(bigEndian: buf.loadUnaligned(fromByteOffset: ip + 16, as: UInt32.self))
                be16(ipidFor(top.device, dst), at: ip + 4)
                be16(0, at: ip + 10)
                be16(InternetChecksum.checksum(buf + ip, count: 20), at: ip + 10)
            }
            pos += top.len
        }
        if heap.isEmpty {
            arena.removeAll(keepingCapacity: true)
        } else if arena.count > PcapWriter.arenaLimit && arena.count > 2 * staged {
            // Compact: keep only the staged frames' bytes.
            spare.removeAll(keepingCapacity: true)
            for i in heap.indices {
                let p = heap[i]
                heap[i].off = spare.count
                spare.append(contentsOf: arena[p.off ..< p.off + p.len])
            }
            swap(&arena, &spare)
        }
    }

    @inline(__always) static func before(_ a: Pending, _ b: Pending) -> Bool { a.ts != b.ts ? a.ts < b.ts : a.order < b.order }

    func push(_ p: Pending) {
        heap.append(p)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard PcapWriter.before(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    func pop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && PcapWriter.before(heap[l], heap[m]) { m = l }
            if r < heap.count && PcapWriter.before(heap[r], heap[m]) { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
    }

    static func mac(_ addr: UInt32) -> UInt64 { 0x0200_0000_0000 | UInt64(addr) }

    /// Writes the record header, Ethernet and IPv4 headers; returns the offset of the transport header.
    @inline(__always)
    func begin(ts: Int64, src: UInt32, dst: UInt32, proto: UInt8, ipid: UInt16, ttl: UInt8, df: Bool, l4: Int) -> Int {
        let ipLen = 20 + l4
        let frameLen = 14 + ipLen
        put32(UInt32(truncatingIfNeeded: ts / 1_000_000_000))
        put32(UInt32(truncatingIfNeeded: (ts % 1_000_000_000) / 1000))
        put32(UInt32(frameLen)); put32(UInt32(frameLen))
        // Ethernet: the capture point sees the routers' MACs, one per side.
        let e = pos
        let dmac = PcapWriter.mac(dst & 0xffff_0000), smac = PcapWriter.mac(src & 0xffff_0000)
        be16(UInt16(dmac >> 32), at: e); be32(UInt32(truncatingIfNeeded: dmac), at: e + 2)
        be16(UInt16(smac >> 32), at: e + 6); be32(UInt32(truncatingIfNeeded: smac), at: e + 8)
        be16(0x0800, at: e + 12)
        let ip = e + 14
        be16(0x4500, at: ip)
        be16(UInt16(ipLen), at: ip + 2)
        be16(ipid, at: ip + 4)
        be16(df ? 0x4000 : 0, at: ip + 6)
        buf.storeBytes(of: ttl, toByteOffset: ip + 8, as: UInt8.self)
        buf.storeBytes(of: proto, toByteOffset: ip + 9, as: UInt8.self)
        be16(0, at: ip + 10)
        be32(src, at: ip + 12)
        be32(dst, at: ip + 16)
        be16(InternetChecksum.checksum(buf + ip, count: 20), at: ip + 10)
        pos = ip + ipLen
        packets += 1
        bytes += frameLen
        return ip + 20
    }

    /// TCP options a stack sends: on a SYN MSS, SACK permitted, window scale and
    /// (with `ts`) timestamps; later segments only the timestamps.
    struct TCPTimestamps { var val: UInt32; var ecr: UInt32 }

    /// `device` >= 0: a client device's frame, whose IP ID is set when it is written (`ipidFor`).
    func tcp(ts: Int64, src: UInt32, dst: UInt32, sport: UInt16, dport: UInt16, seq: UInt32, ack: UInt32, flags: UInt8,
             ipid: UInt16, ttl: UInt8, df: Bool, tsopt: TCPTimestamps?, payload: UnsafeRawBufferPointer, device: Int32 = -1) throws {
        let syn = flags & 0x02 != 0
        let optLen = syn ? (tsopt != nil ? 20 : 12) : (tsopt != nil ? 12 : 0)
        let hlen = 20 + optLen
        try reserve(34 + hlen + payload.count)
        let start = pos
        defer { stage(ts: ts, from: start, device: device) }
        let t = begin(ts: ts, src: src, dst: dst, proto: 6, ipid: ipid, ttl: ttl, df: df, l4: hlen + payload.count)
        be16(sport, at: t); be16(dport, at: t + 2)
        be32(seq, at: t + 4); be32(ack, at: t + 8)
        be16(UInt16(hlen / 4) << 12 | UInt16(flags), at: t + 12)
        be16(syn ? 64240 : 502, at: t + 14)
        be32(0, at: t + 16)                                     // checksum, urgent pointer
        var o = t + 20
        if syn {
            be32(0x0204_05b4, at: o); o += 4                    // MSS 1460
            if let tsopt {
                be16(0x0402, at: o); o += 2                     // SACK permitted
                be16(0x080a, at: o); be32(tsopt.val, at: o + 2); be32(tsopt.ecr, at: o + 6); o += 10
                be32(0x0103_0307, at: o); o += 4                // NOP, window scale 7
            } else {
                be32(0x0103_0308, at: o); o += 4                // NOP, window scale 8
                be32(0x0101_0402, at: o); o += 4                // NOP, NOP, SACK permitted
            }
        } else if let tsopt {
            be32(0x0101_080a, at: o); be32(tsopt.val, at: o + 4); be32(tsopt.ecr, at: o + 8); o += 12
        }
        if payload.count > 0 { (buf + o).copyMemory(from: payload.baseAddress!, byteCount: payload.count) }
        let len = hlen + payload.count
        let pseudo = InternetChecksum.pseudoHeader(src: src, dst: dst, proto: 6, length: len)
        be16(InternetChecksum.checksum(buf + t, count: len, initial: pseudo), at: t + 16)
    }

    func udp(ts: Int64, src: UInt32, dst: UInt32, sport: UInt16, dport: UInt16, ipid: UInt16, ttl: UInt8,
             payload: UnsafeRawBufferPointer, device: Int32 = -1) throws {
        try reserve(42 + payload.count)
        let start = pos
        defer { stage(ts: ts, from: start, device: device) }
        let u = begin(ts: ts, src: src, dst: dst, proto: 17, ipid: ipid, ttl: ttl, df: false, l4: 8 + payload.count)
        be16(sport, at: u); be16(dport, at: u + 2)
        be16(UInt16(8 + payload.count), at: u + 4); be16(0, at: u + 6)
        if payload.count > 0 { (buf + u + 8).copyMemory(from: payload.baseAddress!, byteCount: payload.count) }
    }
}
