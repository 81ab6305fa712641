import Foundation
import KPWire

/// A tiny pcap writer for crafted test captures: Ethernet, IPv4/IPv6, TCP, UDP,
/// ICMP, ARP and raw IP payloads (checksums zero: the decoders do not check them).
final class TestPcap {
    private(set) var data = Data()
    /// The time of the last frame (seconds); each frame comes one second after the previous one.
    var t: UInt32 = 1_700_000_000

    init() {
        // Global header: magic, 2.4, zone, sigfigs, snaplen 65535, EN10MB.
        le32(0xa1b2_c3d4); le16(2); le16(4); le32(0); le32(0); le32(65535); le32(1)
    }

    private func le16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    private func le32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xff)] }
    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }
    static func v4(_ s: String) -> [UInt8] { be32(IPAddress(s)!.v4) }
    static func v6(_ s: String) -> [UInt8] { let a = IPAddress(s)!; return (0 ..< 8).map { UInt8(truncatingIfNeeded: a.hi >> (56 - 8 * UInt64($0))) } + (0 ..< 8).map { UInt8(truncatingIfNeeded: a.lo >> (56 - 8 * UInt64($0))) } }
    static func mac(_ v: UInt64) -> [UInt8] { (0 ..< 6).map { UInt8(truncatingIfNeeded: v >> (40 - 8 * UInt64($0))) } }

    /// The source MAC of frames that do not give one (another value for an outside
    /// capture keeps its frames from looking like the inside machine's).
    var defaultMAC: UInt64 = 0x02_0000_0001

    /// Appends one frame one second after the previous one.
    func frame(src: UInt64 = 0x02_0000_0001, dst: UInt64 = 0x02_0000_0002, type: UInt16, _ body: [UInt8]) {
        t += 1
        let bytes = TestPcap.mac(dst) + TestPcap.mac(src == 0x02_0000_0001 ? defaultMAC : src) + TestPcap.be16(type) + body
        le32(t); le32(0); le32(UInt32(bytes.count)); le32(UInt32(bytes.count))
        data.append(contentsOf: bytes)
    }

    /// Appends a whole Ethernet frame captured at `ns` (nanoseconds since the epoch).
    func record(_ bytes: [UInt8], ns: Int64) {
        le32(UInt32(ns / 1_000_000_000)); le32(UInt32(ns % 1_000_000_000 / 1000)); le32(UInt32(bytes.count)); le32(UInt32(bytes.count))
        data.append(contentsOf: bytes)
    }

    func ip(_ src: String, _ dst: String, proto: UInt8, ttl: UInt8 = 64, id: UInt16 = 1, mac: UInt64 = 0x02_0000_0001, _ l4: [UInt8]) {
        if src.contains(":") {
            let h: [UInt8] = [0x60, 0, 0, 0] + TestPcap.be16(UInt16(l4.count)) + [proto, ttl] + TestPcap.v6(src) + TestPcap.v6(dst)
            frame(src: mac, type: 0x86dd, h + l4)
            return
        }
        let h: [UInt8] = [0x45, 0] + TestPcap.be16(UInt16(20 + l4.count)) + TestPcap.be16(id) + [0x40, 0, ttl, proto, 0, 0]
            + TestPcap.v4(src) + TestPcap.v4(dst)
        frame(src: mac, type: 0x0800, h + l4)
    }

    /// A TCP segment; `tsVal` adds the timestamps option (NOP, NOP, TS: a 32-byte header).
    func tcp(_ src: String, _ sp: UInt16, _ dst: String, _ dp: UInt16, flags: UInt8, seq: UInt32 = 1000, ttl: UInt8 = 64, mac: UInt64 = 0x02_0000_0001,
             payload: String = "", bytes: [UInt8] = [], tsVal: UInt32? = nil) {
        let p = Array(payload.utf8) + bytes
        let opts: [UInt8] = tsVal.map { [1, 1, 8, 10] + TestPcap.be32($0) + TestPcap.be32(0) } ?? []
        let h = TestPcap.be16(sp) + TestPcap.be16(dp) + TestPcap.be32(seq) + TestPcap.be32(0) + [UInt8((20 + opts.count) / 4) << 4, flags]
            + TestPcap.be16(65535) + [0, 0, 0, 0] + opts
        ip(src, dst, proto: 6, ttl: ttl, mac: mac, h + p)
    }

    func udp(_ src: String, _ sp: UInt16, _ dst: String, _ dp: UInt16, ttl: UInt8 = 64, id: UInt16 = 1, mac: UInt64 = 0x02_0000_0001, _ payload: [UInt8]) {
        let h = TestPcap.be16(sp) + TestPcap.be16(dp) + TestPcap.be16(UInt16(8 + payload.count)) + [0, 0]
        ip(src, dst, proto: 17, ttl: ttl, id: id, mac: mac, h + payload)
    }

    func icmpEcho(_ src: String, _ dst: String, reply: Bool, ttl: UInt8 = 64, mac: UInt64 = 0x02_0000_0001) {
        ip(src, dst, proto: 1, ttl: ttl, mac: mac, [reply ? 0 : 8, 0, 0, 0, 0, 1, 0, 1] + [UInt8](repeating: 0x61, count: 16))
    }

    /// An ICMP error (type/code) from `router` about a UDP packet `qsrc` → `qdst`:`port`.
    func icmpError(_ router: String, to: String, type: UInt8, code: UInt8, qsrc: String, qdst: String, port: UInt16) {
        let quotedIP: [UInt8] = [0x45, 0, 0, 28, 0, 1, 0, 0, 1, 17, 0, 0] + TestPcap.v4(qsrc) + TestPcap.v4(qdst)
        let quotedUDP = TestPcap.be16(40000) + TestPcap.be16(port) + [0, 8, 0, 0]
        ip(router, to, proto: 1, [type, code, 0, 0, 0, 0, 0, 0] + quotedIP + quotedUDP)
    }

    func arpReply(ip: String, mac: UInt64) {
        frame(src: mac, dst: 0xffff_ffff_ffff, type: 0x0806,
              [0, 1, 8, 0, 6, 4, 0, 2] + TestPcap.mac(mac) + TestPcap.v4(ip) + TestPcap.mac(0) + TestPcap.v4("0.0.0.0"))
    }

    /// A DNS query or an A answer (RFC 1035).
    static func dns(_ name: String, id: UInt16 = 7, answer: String? = nil) -> [UInt8] {
        var q = TestPcap.be16(id) + (answer != nil ? [0x81, 0x80] : [0x01, 0x00]) + [0, 1, 0, answer != nil ? 1 : 0, 0, 0, 0, 0]
        for l in name.split(separator: ".") { q.append(UInt8(l.utf8.count)); q += l.utf8 }
        q += [0, 0, 1, 0, 1]
        if let a = answer { q += [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4] + TestPcap.v4(a) }
        return q
    }

    /// Some ordinary inside traffic (an HTTP exchange between two inside hosts), enough for a verdict.
    func insideChatter(_ n: Int = 12) {
        for i in 0 ..< n {
            tcp("10.1.0.10", 40000 + UInt16(i), "10.2.0.80", 80, flags: 0x02)
            tcp("10.2.0.80", 80, "10.1.0.10", 40000 + UInt16(i), flags: 0x12)
        }
    }

    func write() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kpairgap-\(UUID().uuidString).pcap").path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }
}
