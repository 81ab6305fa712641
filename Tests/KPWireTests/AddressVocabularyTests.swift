import XCTest
@testable import KPWire

/// IPPrefix and the IPAddress helpers: parsing, containment, edge lengths, grouping.
final class AddressVocabularyTests: XCTestCase {
    func testIPv6ParsingAndFormatting() {
        XCTAssertEqual(IPAddress("fd00:6b70:0:0:0:0:0:10")?.description, "fd00:6b70::10")
        XCTAssertEqual(IPAddress("::1")?.description, "::1")
        XCTAssertEqual(IPAddress("::")?.description, "::")
        XCTAssertEqual(IPAddress("2001:db8::1:0:0:1")?.description, "2001:db8::1:0:0:1")
        XCTAssertNil(IPAddress("fd00::1::2"), "two '::'")
        XCTAssertNil(IPAddress("fd00:12345::"), "a group of five digits")
        XCTAssertNil(IPAddress(ipv4: "fd00::1"), "ipv4: takes dotted quads only")
        XCTAssertEqual(IPAddress(ipv4: "10.76.0.53")?.v4, 0x0a4c_0035)
    }

    func testPrefixParsingMasksHostBits() {
        XCTAssertEqual(IPPrefix("10.76.1.9/24")?.description, "10.76.1.0/24")
        XCTAssertEqual(IPPrefix("10.76.1.9")?.description, "10.76.1.9/32")
        XCTAssertEqual(IPPrefix("fd00:6b70:6::10/64")?.description, "fd00:6b70:6::/64")
        XCTAssertEqual(IPPrefix("fd00::1")?.length, 128)
        XCTAssertNil(IPPrefix("10.0.0.0/33"))
        XCTAssertNil(IPPrefix("fd00::/129"))
        XCTAssertNil(IPPrefix("10.0.0.0/8/8"))
        XCTAssertNil(IPPrefix("10.0.0/8"))
        XCTAssertNil(IPPrefix(network: "10.76.1.9/24"), "host bits set")
        XCTAssertNil(IPPrefix(network: "10.76.1.0"), "no length")
        XCTAssertEqual(IPPrefix(network: "10.76.1.0/24")?.length, 24)
    }

    func testEdgeLengths() {
        let all4 = IPPrefix("0.0.0.0/0")!, all6 = IPPrefix("::/0")!
        XCTAssertTrue(all4.contains(IPAddress("255.255.255.255")!))
        XCTAssertFalse(all4.contains(IPAddress("::1")!), "an IPv4 prefix holds no IPv6 address")
        XCTAssertTrue(all6.contains(IPAddress("ffff::1")!))
        XCTAssertFalse(all6.contains(IPAddress("10.0.0.1")!), "an IPv6 prefix holds no IPv4 address")
        XCTAssertEqual(all4.size, 1 << 32)
        XCTAssertEqual(all6.size, .max)
        let host4 = IPPrefix("10.76.0.53/32")!, host6 = IPPrefix("fd00::53/128")!
        XCTAssertTrue(host4.contains(IPAddress("10.76.0.53")!))
        XCTAssertFalse(host4.contains(IPAddress("10.76.0.52")!))
        XCTAssertTrue(host6.contains(IPAddress("fd00::53")!))
        XCTAssertFalse(host6.contains(IPAddress("fd00::52")!))
        XCTAssertEqual(host4.last, host4.network)
        XCTAssertEqual(host6.last, host6.network)
        XCTAssertEqual(host4.v4Addresses, 0x0a4c_0035 ... 0x0a4c_0035)
        XCTAssertNil(host6.v4Addresses)
        XCTAssertEqual(IPPrefix("fd00::/64")!.last.description, "fd00::ffff:ffff:ffff:ffff")
        XCTAssertEqual(IPPrefix("fd00::/65")!.last.description, "fd00::7fff:ffff:ffff:ffff")
    }

    func testContainmentOfPrefixesAndIteration() {
        let p = IPPrefix("10.76.1.8/30")!
        XCTAssertEqual(p.v4Addresses?.map { IPAddress(v4: $0).description }, ["10.76.1.8", "10.76.1.9", "10.76.1.10", "10.76.1.11"])
        XCTAssertTrue(IPPrefix("10.76.0.0/16")!.contains(p))
        XCTAssertFalse(p.contains(IPPrefix("10.76.0.0/16")!))
        XCTAssertTrue(p.overlaps(IPPrefix("10.76.0.0/16")!))
        XCTAssertFalse(p.overlaps(IPPrefix("10.76.1.12/30")!))
        XCTAssertFalse(IPPrefix("::/0")!.contains(p))
        XCTAssertTrue(IPPrefix("fd00::/8")!.contains(IPPrefix("fd00:6b70::/32")!))
    }

    func testGrouping() {
        XCTAssertEqual(IPAddress("10.76.200.9")!.prefix(16).description, "10.76.0.0/16")
        XCTAssertEqual(IPAddress("fd00:6b70:6:1::10")!.prefix(64).description, "fd00:6b70:6:1::/64")
        XCTAssertEqual(IPAddress("10.76.0.53")!.reverseName, "53.0.76.10.in-addr.arpa")
        XCTAssertTrue(IPAddress("::1")!.reverseName.hasPrefix("1.0.0.0."))
        XCTAssertEqual(IPAddress("10.0.0.255")!.adding(1).description, "10.0.1.0")
        XCTAssertFalse(IPAddress("172.31.0.1")!.isOutsidePrivateRanges)
        XCTAssertTrue(IPAddress("172.32.0.1")!.isOutsidePrivateRanges)
        XCTAssertFalse(IPAddress("fd12::1")!.isOutsidePrivateRanges)
        XCTAssertFalse(IPAddress("::")!.isOutsidePrivateRanges)
        XCTAssertTrue(IPAddress("2001:db8::1")!.isOutsidePrivateRanges)
    }

    func testBuildersMatchTheirRFCs() {
        // Internet checksum of RFC 1071's example words, and 0 over a header that carries it.
        var words: [UInt8] = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]
        XCTAssertEqual(InternetChecksum.checksum(words[...]), ~UInt16(0xddf2))
        words += [0x22, 0x0d]
        XCTAssertEqual(InternetChecksum.checksum(words[...]), 0)
        // A query for kp SOA: id, flags (RD only when asked), one question, the labels, type, class IN.
        XCTAssertEqual(DNSQueryBuilder.query(id: 0x1234, name: "kp.", type: 6, recursionDesired: false),
                       [0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 2, 0x6b, 0x70, 0, 0, 6, 0, 1])
        XCTAssertEqual(DNSQueryBuilder.query(id: 1, name: "a", type: 1, recursionDesired: true)[2], 0x01)
        var hello: [UInt8] = []
        var ext: [UInt8] = []
        ClientHelloBuilder.appendServerName(&ext, Array("kcna.kp".utf8))
        ClientHelloBuilder.hello(&hello, random: [UInt8](repeating: 7, count: 32), sessionID: [], suites: [0x1301], extensions: ext)
        let parsed = hello.withUnsafeBytes { TLSDecoder.parse($0) }
        XCTAssertEqual(parsed.clientHello?.serverName, "kcna.kp")
        XCTAssertNil(parsed.anomaly)
    }
}
