import KPWire
import XCTest

final class LinkLayerTests: XCTestCase {
    func testEthernetIPv4UDP() {
        let payload: [UInt8] = [1, 2, 3]
        let f = decode(ethernetIPv4Header + ipv4(proto: 17, payloadLength: 11) + udp(5353, 53, payload))
        XCTAssertNil(f.anomaly)
        XCTAssertEqual(f.network, .ipv4)
        XCTAssertEqual(f.src.description, "10.0.0.1")
        XCTAssertEqual(f.dst.description, "10.0.0.2")
        XCTAssertEqual(f.macSrc.description, "02:00:00:00:00:01")
        XCTAssertEqual(f.srcPort, 5353)
        XCTAssertEqual(f.dstPort, 53)
        XCTAssertEqual(f.payloadLength, 3)
        XCTAssertEqual(f.payloadOffset, 14 + 20 + 8)
    }

    func testEthernetPaddingIsNotPayload() {
        // A 60-byte minimum frame: the IP total length, not the frame, bounds the UDP payload.
        let packet = ethernetIPv4Header + ipv4(proto: 17, payloadLength: 9) + udp(1000, 53, [7]) + [UInt8](repeating: 0, count: 17)
        let f = decode(packet)
        XCTAssertNil(f.anomaly)
        XCTAssertEqual(f.payloadLength, 1)
    }

    func testQinQKeepsBothVLANIDs() {
        // 802.1ad outer tag 100, 802.1Q inner tag 20, then IPv4.
        let header = hex("02 00 00 00 00 02  02 00 00 00 00 01  88 a8 00 64 81 00 00 14 08 00")
        let f = decode(header + ipv4(proto: 17, payloadLength: 8) + udp(1, 2, []))
        XCTAssertNil(f.anomaly)
        XCTAssertEqual(f.vlanTags, 2)
        XCTAssertEqual(f.vlan, 100 << 12 | 20)
        XCTAssertEqual(f.network, .ipv4)
    }

    func testMPLSStackThenIPv4() {
        // Two labels (the second with bottom-of-stack set), then IPv4 by its version nibble.
        let header = hex("02 00 00 00 00 02  02 00 00 00 00 01  88 47  00 01 00 40  00 02 01 40")
        let f = decode(header + ipv4(proto: 17, payloadLength: 8) + udp(1, 2, []))
        XCTAssertNil(f.anomaly)
        XCTAssertEqual(f.mplsLabels, 2)
        XCTAssertEqual(f.dst.description, "10.0.0.2")
    }

    func testLinuxSLLAndSLL2() {
        let sll = hex("0000 0001 0006 020000000001 0000 0800")
        let f1 = decode(sll + ipv4(proto: 17, payloadLength: 8) + udp(1, 2, []), link: LinkType.linuxSLL)
        XCTAssertNil(f1.anomaly)
        XCTAssertEqual(f1.macSrc.description, "02:00:00:00:00:01")
        XCTAssertEqual(f1.network, .ipv4)
        let sll2 = hex("0800 0000 00000002 0001 00 06 020000000001 0000")
        let f2 = decode(sll2 + ipv4(proto: 17, payloadLength: 8) + udp(1, 2, []), link: LinkType.linuxSLL2)
        XCTAssertNil(f2.anomaly)
        XCTAssertEqual(f2.macSrc.description, "02:00:00:00:00:01")
        XCTAssertEqual(f2.srcPort, 1)
    }

    func testNullLoopbackBothByteOrders() {
        let ip = ipv4(proto: 17, payloadLength: 8) + udp(1, 2, [])
        XCTAssertEqual(decode(hex("02000000") + ip, link: LinkType.null).network, .ipv4)   // little-endian host
        XCTAssertEqual(decode(hex("00000002") + ip, link: LinkType.loop).network, .ipv4)   // network order
        XCTAssertEqual(decode(hex("07000000") + ip, link: LinkType.null).anomaly, .nullUnknownFamily)
    }

    func testRawIPv4() {
        let f = decode(ipv4(proto: 17, payloadLength: 8) + udp(9, 10, []), link: LinkType.raw)
        XCTAssertEqual(f.srcPort, 9)
    }

    func testUnknownLinkType() {
        XCTAssertEqual(decode([1, 2, 3], link: 147).anomaly, .linkUnknownType)
    }

    func testARPSender() {
        let arp = hex("0001 0800 06 04 0001 020000000001 0a000001 000000000000 0a000002")
        let f = decode(hex("ffffffffffff 020000000001 0806") + arp)
        XCTAssertEqual(f.network, .arp)
        XCTAssertEqual(f.src.description, "10.0.0.1")
        XCTAssertEqual(f.arpSenderMAC.description, "02:00:00:00:00:01")
    }
}
