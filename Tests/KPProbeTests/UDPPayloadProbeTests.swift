import KPFingerprint
@testable import KPProbe
import KPScope
import KPWire
import XCTest

/// `--probes udp` without a network: what it sends (nmap's payloads) and how it reads replies.
final class UDPPayloadProbeTests: XCTestCase {
    let db = try! UDPPayloadDatabase.parse(Array("udp 123 \"\\xe3\\0\"\nudp 123 \"two\"\nudp 53 \"q\"\n".utf8), path: "t")

    func options(_ ports: [UInt16]) throws -> ScanOptions {
        let scope = try ScopeGuard(scope: ["10.76.1.0/30"])
        var o = ScanOptions(scope: scope, targets: try scope.targets(["10.76.1.1", "10.76.1.2"]), ports: [], probes: [.udp], rate: 100,
                            retries: 0, wordlist: [], zones: ["kp"], requireRaw: false)
        o.udpPayloads = db
        o.udpPorts = ports
        return o
    }

    func testEveryPayloadOfAPortIsPlannedAndAnEmptyDatagramWhereThereIsNone() throws {
        let planned = Scanner.plannedProbes(try options([9, 123]), cookie: ValidationCookie(key0: 1, key1: 2))
        XCTAssertEqual(planned.map { "\($0["addr"]!):\($0["port"]!)/\($0["bytes"]!)" },
                       ["10.76.1.1:9/0", "10.76.1.2:9/0", "10.76.1.1:123/2", "10.76.1.1:123/3", "10.76.1.2:123/2", "10.76.1.2:123/3"])
        XCTAssertEqual(Set(planned.map { $0["probe"]! }), ["udp"])
        XCTAssertEqual(UDPPayloadProbe(payloads: db).variants(for: 9), 1)
        XCTAssertEqual(UDPPayloadProbe(payloads: nil).variants(for: 123), 1, "without the file every port gets one empty datagram")
    }

    func testRepliesAreNamedByTheirBytes() {
        let t = ProbeTarget(addr: IPAddress(v4: 0x0A4C_0101), port: 123)
        // A synchronised NTPv4 server reply: stratum 2, precision 2^-24, its clocks set.
        var ntp = [UInt8](repeating: 0, count: 48)
        ntp[0] = 0x24; ntp[1] = 2; ntp[2] = 3; ntp[3] = 0xE8
        for (o, v) in [(16, UInt32(0xEB00_0000)), (32, 0xEB00_0010), (40, 0xEB00_0010)] {
            ntp.replaceSubrange(o ..< o + 4, with: withUnsafeBytes(of: v.bigEndian, Array.init))
        }
        XCTAssertEqual(UDPPayloadProbe().classify(ntp, t)?.service, "ntp")
        let dns = DNSWire.query(ProbeTarget(addr: t.addr, port: 53), name: "kp", type: DNSType.soa,
                                ProbeContext(cookie: ValidationCookie(key0: 1, key1: 2)))
        var answer = dns
        answer[2] |= 0x80
        XCTAssertEqual(UDPPayloadProbe().classify(answer, t), UDPReply(service: "dns", software: nil, reply: answer))
        XCTAssertNil(UDPPayloadProbe().classify(dns, t)?.service, "a query is no answer")
        XCTAssertEqual(UDPPayloadProbe().classify([1, 2, 3], t), UDPReply(service: nil, software: nil, reply: [1, 2, 3]), "open, unnamed")
        // Only the DNS modules tie a reply to its question; the payload probe goes by address and port.
        XCTAssertEqual(DNSProbe().matchKey(dns), "kp/6")
        XCTAssertNil(UDPPayloadProbe().matchKey(dns))
    }
}
