import KPWire
import XCTest

final class NetworkLayerTests: XCTestCase {
    func testTruncatedIsToldFromShort() {
        let packet = ethernetIPv4Header + ipv4(proto: 6, payloadLength: 20)
        // Cut by the snap length: 30 bytes captured of a 54-byte packet.
        let cut = decode(Array(packet.prefix(30)), wire: 54)
        XCTAssertEqual(cut.anomaly, .ipv4Truncated)
        XCTAssertEqual(AnomalyCode.ipv4Truncated.kind, .truncated)
        // The packet itself was 30 bytes long: the bytes are wrong.
        let short = decode(Array(packet.prefix(30)))
        XCTAssertEqual(short.anomaly, .ipv4Short)
        XCTAssertEqual(AnomalyCode.ipv4Short.kind, .malformed)
    }

    func testIPv4BadHeaderLength() {
        var ip = ipv4(proto: 17, payloadLength: 8)
        ip[0] = 0x44       // IHL 4 words: below the minimum
        XCTAssertEqual(decode(ethernetIPv4Header + ip + udp(1, 2, [])).anomaly, .ipv4BadHeaderLength)
    }

    func testIPv4LaterFragmentHasNoTransport() {
        let ip = ipv4(proto: 17, payloadLength: 8, frag: 0x0010)     // offset 16 * 8 bytes
        let f = decode(ethernetIPv4Header + ip + udp(1, 2, []))
        XCTAssertEqual(f.fragment, .later)
        XCTAssertFalse(f.transportDecoded)
        let first = decode(ethernetIPv4Header + ipv4(proto: 17, payloadLength: 8, frag: 0x2000) + udp(1, 2, []))
        XCTAssertEqual(first.fragment, .first)
        XCTAssertEqual(first.srcPort, 1)
    }

    func testIPv6ExtensionChainToUDP() {
        // Hop-by-hop (8 bytes) -> destination options (8 bytes) -> UDP.
        let src = "fd00000000000000 0000000000000001", dst = "fd00000000000000 0000000000000002"
        let ext = hex("3c 00 0104 00000000") + hex("11 00 0104 00000000")
        let body = ext + udp(4000, 53, [1, 2])
        let ip6 = hex("60000000") + [UInt8(body.count >> 8), UInt8(body.count & 0xff), 0x00, 64] + hex(src) + hex(dst)
        let f = decode(hex("020000000002 020000000001 86dd") + ip6 + body)
        XCTAssertNil(f.anomaly)
        XCTAssertEqual(f.ipv6ExtensionHeaders, 2)
        XCTAssertEqual(f.proto, 17)
        XCTAssertEqual(f.dstPort, 53)
        XCTAssertEqual(f.src.description, "fd00::1")
        XCTAssertEqual(f.payloadLength, 2)
    }

    func testIPv6FragmentHeader() {
        let body = hex("3a 00 0001 0000abcd") + [UInt8](repeating: 0, count: 8)    // first fragment, M=1, id 0xabcd
        let ip6 = hex("60000000") + [0, UInt8(body.count), 44, 64] + hex("fd00000000000000 0000000000000001") + hex("fd00000000000000 0000000000000002")
        let f = decode(hex("020000000002 020000000001 86dd") + ip6 + body)
        XCTAssertEqual(f.fragment, .first)
        XCTAssertEqual(f.ipID, 0xabcd)
        XCTAssertEqual(f.proto, 58)
    }

    func testTCPOptions() {
        // SYN with MSS 1460, SACK permitted, timestamps 1/0, NOP, window scale 7.
        let opts = hex("020405b4 0402 080a0000000100000000 01 030307")
        let tcp = hex("c000 0050 00000001 00000000") + [UInt8((20 + opts.count) / 4) << 4, 0x02] + hex("ffff 0000 0000") + opts
        let f = decode(ethernetIPv4Header + ipv4(proto: 6, payloadLength: tcp.count) + tcp)
        XCTAssertNil(f.anomaly)
        XCTAssertEqual(f.tcpFlags, TCPFlag.syn)
        XCTAssertEqual(f.tcpOptions.mss, 1460)
        XCTAssertTrue(f.tcpOptions.sackPermitted)
        XCTAssertTrue(f.tcpOptions.hasTimestamp)
        XCTAssertEqual(f.tcpOptions.tsVal, 1)
        XCTAssertEqual(f.tcpOptions.windowScale, 7)
    }

    func testTCPBadOptionLength() {
        let opts = hex("0201 0000")     // MSS with length 1: impossible
        let tcp = hex("c000 0050 00000001 00000000") + [0x60, 0x02] + hex("ffff 0000 0000") + opts
        XCTAssertEqual(decode(ethernetIPv4Header + ipv4(proto: 6, payloadLength: tcp.count) + tcp).anomaly, .tcpBadOption)
    }

    func testTCPDataOffsetBeyondPacket() {
        let tcp = hex("c000 0050 00000001 00000000") + [0xf0, 0x10] + hex("ffff 0000 0000")
        XCTAssertEqual(decode(ethernetIPv4Header + ipv4(proto: 6, payloadLength: tcp.count) + tcp).anomaly, .tcpBadDataOffset)
    }

    func testICMPErrorQuotesInnerHeaders() {
        // Port unreachable quoting a UDP packet 10.0.0.2:4000 -> 10.0.0.9:53.
        let inner = ipv4(src: "0a000002", dst: "0a000009", proto: 17, payloadLength: 8) + udp(4000, 53, [])
        let icmp = hex("0303 0000 00000000") + inner
        let f = decode(ethernetIPv4Header + ipv4(proto: 1, payloadLength: icmp.count) + icmp)
        XCTAssertEqual(f.icmpType, 3)
        XCTAssertEqual(f.quoted?.dst.description, "10.0.0.9")
        XCTAssertEqual(f.quoted?.dstPort, 53)
        XCTAssertEqual(f.quoted?.proto, 17)
    }

    func testNoReadPastCapturedBytesAtAnyCut() {
        // Every prefix of a full TCP packet decodes without trapping, to some anomaly or a shorter view.
        let opts = hex("020405b4 0402 080a0000000100000000 01 030307")
        let tcp = hex("c000 0050 00000001 00000000") + [UInt8((20 + opts.count) / 4) << 4, 0x18] + hex("ffff 0000 0000") + opts + Array("GET / HTTP/1.1\r\n".utf8)
        let packet = ethernetIPv4Header + ipv4(proto: 6, payloadLength: tcp.count) + tcp
        for n in 0 ..< packet.count {
            let f = decode(Array(packet.prefix(n)), wire: packet.count)
            XCTAssertTrue(f.anomaly != nil || f.payloadLength < 16, "prefix \(n)")
            if let a = f.anomaly { XCTAssertEqual(a.kind, .truncated, "prefix \(n): \(a)") }
        }
    }

    func testAddressText() {
        XCTAssertEqual(IPAddress("2001:db8::1")?.description, "2001:db8::1")
        XCTAssertEqual(IPAddress("2001:db8:0:0:1:0:0:1")?.description, "2001:db8::1:0:0:1")
        XCTAssertEqual(IPAddress("::")?.description, "::")
        XCTAssertEqual(IPAddress("10.76.1.11")?.description, "10.76.1.11")
        XCTAssertNil(IPAddress("10.76.1"))
        XCTAssertNil(IPAddress("1::2::3"))
        XCTAssertTrue(IPAddress("10.0.0.1")! < IPAddress("10.0.0.2")!)
        XCTAssertTrue(IPAddress("10.0.0.1")! < IPAddress("::1")!)
        XCTAssertFalse(IPAddress("224.0.0.251")!.isUnicast)
    }
}
