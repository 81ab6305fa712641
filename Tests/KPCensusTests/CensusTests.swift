import KPCapture
@testable import KPCensus
import KPWire
import XCTest

/// Census behaviour on packets written here byte by byte: roles without a
/// handshake, flow expiry, the flow-table limit, VLAN-aware flow keys.
final class CensusTests: XCTestCase {
    static let client = "0a010001", server = "0a0100fe"

    /// An Ethernet/IPv4/TCP packet; `vlan` adds an 802.1Q tag.
    func tcp(from src: String, to dst: String, _ sp: UInt16, _ dp: UInt16, flags: UInt8, payload: String = "", vlan: UInt16? = nil) -> [UInt8] {
        tcp(from: src, to: dst, sp, dp, flags: flags, bytes: Array(payload.utf8), vlan: vlan)
    }

    func tcp(from src: String, to dst: String, _ sp: UInt16, _ dp: UInt16, flags: UInt8, bytes body: [UInt8], seq: UInt32 = 1, vlan: UInt16? = nil) -> [UInt8] {
        let s: [UInt8] = [UInt8(seq >> 24), UInt8(seq >> 16 & 0xff), UInt8(seq >> 8 & 0xff), UInt8(seq & 0xff)]
        let tcp: [UInt8] = [UInt8(sp >> 8), UInt8(sp & 0xff), UInt8(dp >> 8), UInt8(dp & 0xff)] + s + [0, 0, 0, 0, 0x50, flags, 0xff, 0xff, 0, 0, 0, 0] + body
        var eth: [UInt8] = [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]
        if let vlan { eth += [0x81, 0x00, UInt8(vlan >> 8), UInt8(vlan & 0xff)] }
        eth += [0x08, 0x00]
        let total = 20 + tcp.count
        let ip: [UInt8] = [0x45, 0, UInt8(total >> 8), UInt8(total & 0xff), 0, 1, 0x40, 0, 64, 6, 0, 0] + bytes(src) + bytes(dst)
        return eth + ip + tcp
    }

    func udp(from src: String, to dst: String, _ sp: UInt16, _ dp: UInt16) -> [UInt8] {
        let u: [UInt8] = [UInt8(sp >> 8), UInt8(sp & 0xff), UInt8(dp >> 8), UInt8(dp & 0xff), 0, 9, 0, 0, 0x41]
        let total = 20 + u.count
        let ip: [UInt8] = [0x45, 0, UInt8(total >> 8), UInt8(total & 0xff), 0, 1, 0x40, 0, 64, 17, 0, 0] + bytes(src) + bytes(dst)
        return [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00] + ip + u
    }

    func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map { i in
            let s = hex.index(hex.startIndex, offsetBy: i)
            return UInt8(hex[s ..< hex.index(s, offsetBy: 2)], radix: 16)!
        }
    }

    func feed(_ census: Census, _ packets: [[UInt8]], startSeconds: Int64 = 1_700_000_000, step: Int64 = 1_000_000) {
        for (n, p) in packets.enumerated() {
            p.withUnsafeBytes { buf in
                census.ingest(PacketRecord(timestamp: startSeconds * 1_000_000_000 + Int64(n) * step, bytes: buf,
                                           wireLength: buf.count, linkType: LinkType.ethernet, fileIndex: 0, packetIndex: n + 1))
            }
        }
    }

    func testMidStreamFlowGetsRolesFromContent() {
        // No SYN: the server speaks first on port 40000 (SSH), the client answers.
        let c = Census()
        feed(c, [tcp(from: Self.server, to: Self.client, 40000, 51000, flags: 0x18, payload: "SSH-2.0-OpenSSH_9.2p1\r\n"),
                 tcp(from: Self.client, to: Self.server, 51000, 40000, flags: 0x18, payload: "SSH-2.0-PuTTY\r\n")])
        let inv = c.finish()
        XCTAssertEqual(inv.services.map { "\($0.addr):\($0.port) \($0.service ?? "-") \($0.software ?? "-")" },
                       ["10.1.0.254:40000 ssh OpenSSH_9.2p1"])
        XCTAssertEqual(inv.flows.tcpWithoutHandshake, 1)
        XCTAssertEqual(inv.hosts.first { $0.addr == "10.1.0.1" }?.roles, ["client"])
    }

    func testTLS13ServerStreamIsReadOnce() {
        // ClientHello, then a server flight (ServerHello for TLS 1.3 + ChangeCipherSpec +
        // encrypted data) over two segments and more encrypted data: the reader stops after
        // the ServerHello and never mistakes the encrypted rest for a new handshake.
        let hello: [UInt8] = [0x16, 0x03, 0x01, 0x00, 0x2d, 0x01, 0x00, 0x00, 0x29, 0x03, 0x03] + [UInt8](repeating: 7, count: 32)
            + [0x00, 0x00, 0x02, 0x13, 0x01, 0x01, 0x00]
        let shBody: [UInt8] = [0x03, 0x03] + [UInt8](repeating: 9, count: 32) + [0x00, 0x13, 0x01, 0x00, 0x00, 0x06, 0x00, 0x2b, 0x00, 0x02, 0x03, 0x04]
        let flight: [UInt8] = [0x16, 0x03, 0x03, 0x00, UInt8(shBody.count + 4), 0x02, 0x00, 0x00, UInt8(shBody.count)] + shBody
            + [0x14, 0x03, 0x03, 0x00, 0x01, 0x01] + [0x17, 0x03, 0x03, 0x01, 0x00] + [UInt8](repeating: 0xee, count: 100)
        let rest = [UInt8](repeating: 0xd1, count: 156) + [0x17, 0x03, 0x03, 0x00, 0x10] + [UInt8](repeating: 0x42, count: 16)
        let c = Census()
        feed(c, [tcp(from: Self.client, to: Self.server, 51000, 443, flags: 0x02),
                 tcp(from: Self.server, to: Self.client, 443, 51000, flags: 0x12),
                 tcp(from: Self.client, to: Self.server, 51000, 443, flags: 0x18, bytes: hello, seq: 1),
                 tcp(from: Self.server, to: Self.client, 443, 51000, flags: 0x18, bytes: flight, seq: 1),
                 tcp(from: Self.server, to: Self.client, 443, 51000, flags: 0x18, bytes: rest, seq: 1 + UInt32(flight.count)),
                 tcp(from: Self.client, to: Self.server, 51000, 443, flags: 0x18, bytes: [0x17, 0x03, 0x03, 0x00, 0x02, 1, 2], seq: 1 + UInt32(hello.count))])
        let inv = c.finish()
        XCTAssertEqual(inv.anomalies, [])
        XCTAssertEqual(inv.services.first?.service, "tls")
    }

    func testRefusedConnectionIsNotAService() {
        let c = Census()
        feed(c, [tcp(from: Self.client, to: Self.server, 51000, 80, flags: 0x02),
                 tcp(from: Self.server, to: Self.client, 80, 51000, flags: 0x14)])
        let inv = c.finish()
        XCTAssertTrue(inv.services.isEmpty)
        XCTAssertEqual(inv.flows.tcp, 1)
        XCTAssertEqual(inv.flows.tcpWithoutHandshake, 0)
    }

    func testSameTupleOnTwoVLANsIsTwoFlows() {
        let c = Census()
        feed(c, [tcp(from: Self.client, to: Self.server, 51000, 80, flags: 0x02, vlan: 10),
                 tcp(from: Self.client, to: Self.server, 51000, 80, flags: 0x02, vlan: 20)])
        XCTAssertEqual(c.finish().flows.tcp, 2)
    }

    func testIdleFlowsExpireAndCountAgain() {
        // The same UDP flow twice, 2 minutes apart: past the 60 s timeout it is a new flow,
        // and the expired one no longer takes a slot.
        let c = Census()
        let p = udp(from: Self.client, to: Self.server, 5000, 5001)
        feed(c, [p, p], step: 120_000_000_000)
        XCTAssertEqual(c.flows.activeCount, 1)
        XCTAssertEqual(c.finish().flows.udp, 2)
    }

    func testFlowTableLimitIsCountedNotExceeded() {
        var limits = CensusLimits()
        limits.maxActiveFlows = 10
        let c = Census(limits: limits)
        feed(c, (0 ..< 50).map { udp(from: Self.client, to: Self.server, UInt16(10000 + $0), 9999) })
        XCTAssertEqual(c.flows.activeCount, 10)
        let inv = c.finish()
        XCTAssertEqual(inv.flows.udp, 10)
        XCTAssertEqual(inv.anomalies.first { $0.code == "flow_table_full" }?.count, 40)
        XCTAssertEqual(inv.anomalies.first { $0.code == "flow_table_full" }?.kind, "limit")
    }

    func testMalformedPacketsAreCountedByCode() {
        let c = Census()
        var bad = udp(from: Self.client, to: Self.server, 1, 2)
        bad[14] = 0x43                     // IHL of 3 words
        feed(c, [bad, Array(bad.prefix(20))])
        let inv = c.finish()
        XCTAssertEqual(inv.input.undecodablePackets, 2)
        XCTAssertEqual(inv.anomalies.map(\.code), ["ipv4_bad_header_length", "ipv4_short"])
    }
}
