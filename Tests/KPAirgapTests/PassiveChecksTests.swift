import Foundation
import KPWire
import XCTest
@testable import KPAirgap
import KPPipeline

/// Each passive check on a small crafted capture: what it must find, and what it must not.
final class PassiveChecksTests: XCTestCase {
    var files: [String] = []
    override func tearDown() { for f in files { try? FileManager.default.removeItem(atPath: f) } }

    func check(_ inside: TestPcap, outside: TestPcap? = nil) throws -> AirgapResult {
        let i = try inside.write(); files.append(i)
        var o: [String] = []
        if let outside { o = [try outside.write()]; files += o }
        return try AirgapCheck.run(inside: [i], outside: o, scope: try InsideScope.parse(["10.0.0.0/8"]), active: nil)
    }

    func kinds(_ r: AirgapResult, _ s: Severity) -> Set<String> { Set(r.findings.filter { $0.severity == s }.map(\.kind)) }

    func testInsideOnlyTrafficHolds() throws {
        let p = TestPcap(); p.insideChatter()
        let r = try check(p)
        XCTAssertEqual(r.verdict, .holds)
        XCTAssertEqual(r.findings, [])
        XCTAssertEqual(r.coverage.passive?.insideHosts, 2)
    }

    func testTooLittleTrafficIsInconclusive() throws {
        let p = TestPcap(); p.insideChatter(2)
        XCTAssertEqual(try check(p).verdict, .inconclusive)
    }

    func testAnsweredOutsideTrafficIsABreachNamingTheRouterThatBroughtTheAnswer() throws {
        let p = TestPcap(); p.insideChatter()
        p.arpReply(ip: "10.255.250.2", mac: 0x02_0000_00aa)
        p.tcp("10.1.0.10", 41000, "198.51.100.10", 80, flags: 0x02)
        p.tcp("198.51.100.10", 80, "10.1.0.10", 41000, flags: 0x12, ttl: 62, mac: 0x02_0000_00aa)
        let r = try check(p)
        XCTAssertEqual(r.verdict, .breached)
        let f = try XCTUnwrap(r.findings.first { $0.kind == "outside-answered" })
        XCTAssertEqual(f.inside, ["10.1.0.10"])
        XCTAssertEqual(f.outside, ["198.51.100.10"])
        XCTAssertEqual(f.bridge, "10.255.250.2")
        XCTAssertEqual(f.evidence.first?.packet, 26)
        XCTAssertTrue(f.evidence.first!.decode.hasPrefix("TCP 10.1.0.10:41000 > 198.51.100.10:80 [S]"), f.evidence.first!.decode)
        XCTAssertFalse(kinds(r, .breach).contains("icmp-only"))
    }

    func testUnansweredAttemptIsAWarningAndAForgedResetIsNoAnswer() throws {
        let p = TestPcap(); p.insideChatter()
        p.tcp("10.1.0.10", 41000, "198.51.100.10", 80, flags: 0x02)
        p.tcp("198.51.100.10", 80, "10.1.0.10", 41000, flags: 0x14)
        let r = try check(p)
        XCTAssertEqual(r.verdict, .holds)
        XCTAssertEqual(kinds(r, .warning), ["outside-attempt"])
    }

    func testOnlyICMPAnsweredIsIcmpOnly() throws {
        let p = TestPcap(); p.insideChatter()
        p.icmpEcho("10.1.0.10", "198.51.100.10", reply: false)
        p.icmpEcho("198.51.100.10", "10.1.0.10", reply: true)
        p.tcp("10.1.0.10", 41000, "198.51.100.10", 80, flags: 0x02)
        let r = try check(p)
        XCTAssertEqual(kinds(r, .breach), ["outside-answered", "icmp-only"])
    }

    func testOutsideNamesResolversAndForwarders() throws {
        let p = TestPcap(); p.insideChatter()
        // A client asks the inside resolver 10.76.0.53 for an outside name; the resolver asks outside and answers.
        p.udp("10.1.0.10", 5000, "10.76.0.53", 53, TestPcap.dns("canary.example.com"))
        p.udp("10.76.0.53", 6000, "198.51.100.10", 53, TestPcap.dns("canary.example.com"))
        p.udp("198.51.100.10", 53, "10.76.0.53", 6000, TestPcap.dns("canary.example.com", answer: "203.0.113.10"))
        p.udp("10.76.0.53", 53, "10.1.0.10", 5000, TestPcap.dns("canary.example.com", answer: "203.0.113.10"))
        // An inside name is nothing to report.
        p.udp("10.1.0.10", 5001, "10.76.0.53", 53, TestPcap.dns("naenara.com.kp"))
        let r = try check(p)
        XCTAssertEqual(r.verdict, .breached)
        XCTAssertTrue(kinds(r, .breach).isSuperset(of: ["dns-outside-resolved", "dns-forwarder", "outside-answered"]))
        XCTAssertTrue(kinds(r, .warning).isSuperset(of: ["dns-outside-name", "outside-resolver"]))
        XCTAssertEqual(r.findings.first { $0.kind == "dns-forwarder" }?.bridge, "10.76.0.53")
        XCTAssertFalse(r.findings.contains { $0.outside.contains("naenara.com.kp") })
    }

    func testOutsideNameAnsweredWithAnInsideAddressIsALocalOverride() throws {
        let p = TestPcap(); p.insideChatter()
        p.udp("10.76.0.53", 53, "10.1.0.10", 5000, TestPcap.dns("google.com", answer: "10.76.1.10"))
        let r = try check(p)
        XCTAssertEqual(r.verdict, .holds)
        XCTAssertTrue(kinds(r, .warning).contains("dns-outside-name-local"))
    }

    func testProxyThatFetchesFromOutside() throws {
        let p = TestPcap(); p.insideChatter()
        p.tcp("10.1.0.10", 42000, "10.76.1.20", 8888, flags: 0x18, payload: "GET http://198.51.100.10/ HTTP/1.1\r\nHost: 198.51.100.10\r\n\r\n")
        p.tcp("10.76.1.20", 8888, "10.1.0.10", 42000, flags: 0x18, payload: "HTTP/1.1 200 OK\r\nVia: 1.1 tinyproxy\r\nContent-Length: 0\r\n\r\n")
        // CONNECT refused: a request, not a breach.
        p.tcp("10.1.0.11", 42001, "10.76.1.20", 8888, flags: 0x18, payload: "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")
        p.tcp("10.76.1.20", 8888, "10.1.0.11", 42001, flags: 0x18, payload: "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
        let r = try check(p)
        let proxy = r.findings.filter { $0.kind == "http-proxy" }
        XCTAssertEqual(proxy.count, 1)
        XCTAssertEqual(proxy.first?.bridge, "10.76.1.20")
        XCTAssertEqual(proxy.first?.inside, ["10.1.0.10", "10.76.1.20"])
        XCTAssertEqual(r.findings.filter { $0.kind == "proxy-request" }.count, 2)
        XCTAssertTrue(kinds(r, .info).contains("proxy-header"))
    }

    func testICMPErrorsFromOutsideAndInsideRouters() throws {
        let p = TestPcap(); p.insideChatter()
        p.icmpError("203.0.113.1", to: "10.1.0.10", type: 11, code: 0, qsrc: "10.1.0.10", qdst: "198.51.100.10", port: 33434)
        p.icmpError("10.255.0.1", to: "10.1.0.10", type: 11, code: 0, qsrc: "10.1.0.10", qdst: "198.51.100.10", port: 33435)
        p.icmpError("10.77.0.1", to: "10.1.0.11", type: 3, code: 0, qsrc: "10.1.0.11", qdst: "198.51.100.10", port: 53)
        let r = try check(p)
        XCTAssertEqual(kinds(r, .breach), ["icmp-outside-router"])
        XCTAssertEqual(r.findings.first { $0.kind == "route-towards-outside" }?.bridge, "10.255.0.1")
        XCTAssertEqual(r.findings.first { $0.kind == "border-refusal" }?.severity, .info)
    }

    func testTTLJump() throws {
        let p = TestPcap(); p.insideChatter()
        p.udp("10.9.0.1", 53, "10.1.0.10", 5000, ttl: 60, [1])
        p.udp("10.9.0.1", 53, "10.1.0.10", 5000, ttl: 52, [1])
        p.udp("10.9.0.2", 53, "10.1.0.10", 5000, ttl: 60, [1])
        p.udp("10.9.0.2", 53, "10.1.0.10", 5000, ttl: 59, [1])
        let r = try check(p)
        XCTAssertEqual(r.findings.filter { $0.kind == "ttl-jump" }.map(\.inside), [["10.9.0.1"]])
    }

    func testIPv6GlobalTeredoAnd6to4() throws {
        let p = TestPcap(); p.insideChatter()
        p.udp("fd00::10", 5000, "2001:db8::1", 53, [1])
        p.udp("fd00::10", 5000, "2001:0:5ef5:79fd::1", 53, [1])
        p.udp("fd00::10", 5000, "2002:c000:204::1", 53, [1])
        p.udp("fd00::10", 5000, "fd00::53", 53, [1])
        let r = try check(p)
        XCTAssertEqual(kinds(r, .warning), ["ipv6-global", "teredo", "6to4"])
    }

    func testTunnelBothWaysIsABreachAndInsideTunnelsAreInfo() throws {
        let p = TestPcap(); p.insideChatter()
        let inner: [UInt8] = [0x45, 0, 0, 20, 0, 1, 0, 0, 64, 1, 0, 0] + TestPcap.v4("10.254.0.1") + TestPcap.v4("203.0.113.66")
        p.ip("10.77.0.100", "203.0.113.10", proto: 4, inner)
        p.ip("203.0.113.10", "10.77.0.100", proto: 4, inner)
        p.ip("10.77.0.101", "10.76.0.1", proto: 47, [0, 0, 0x08, 0x00] + inner)
        p.ip("10.77.0.102", "198.51.100.7", proto: 41, [0x60])
        let r = try check(p)
        let t = try XCTUnwrap(r.findings.first { $0.kind == "tunnel" && $0.severity == .breach })
        XCTAssertEqual(t.bridge, "10.77.0.100")
        XCTAssertTrue(t.evidence[0].decode.contains("IPIP 10.77.0.100 > 203.0.113.10") && t.evidence[0].decode.contains("carrying 10.254.0.1 > 203.0.113.66"),
                      t.evidence[0].decode)
        XCTAssertEqual(r.findings.first { $0.kind == "tunnel" && $0.severity == .warning }?.inside, ["10.77.0.102"])
        XCTAssertEqual(r.findings.first { $0.kind == "tunnel-inside" }?.severity, .info)
    }

    func testDHCPHandingOutOutsideRouterAndResolver() throws {
        let p = TestPcap(); p.insideChatter()
        p.udp("10.1.0.1", 67, "10.1.0.50", 68, TestPcap.dhcpAck(yours: "10.1.0.50", router: "198.51.100.1", dns: "203.0.113.53"))
        let r = try check(p)
        XCTAssertEqual(kinds(r, .warning), ["dhcp-outside-router", "dhcp-outside-resolver"])
    }

    func testNTPAndWPADTowardsOutside() throws {
        let p = TestPcap(); p.insideChatter()
        p.udp("10.1.0.10", 123, "198.51.100.123", 123, [0x23] + [UInt8](repeating: 0, count: 47))
        p.udp("10.1.0.10", 5000, "10.76.0.53", 53, TestPcap.dns("wpad.example.com"))
        let r = try check(p)
        XCTAssertTrue(kinds(r, .warning).isSuperset(of: ["ntp-outside", "wpad-outside", "outside-attempt"]))
    }

    func testOutsideCaptureShowsForwardingNatAndDualHomedHosts() throws {
        let inside = TestPcap(), outside = TestPcap()
        inside.insideChatter()
        outside.arpReply(ip: "198.51.100.1", mac: 0x02_0000_00bb)
        // Forwarded: the inside source appears unchanged outside.
        inside.tcp("10.1.0.10", 41000, "198.51.100.10", 80, flags: 0x02, seq: 5)
        outside.tcp("10.1.0.10", 41000, "198.51.100.10", 80, flags: 0x02, seq: 5, ttl: 62, mac: 0x02_0000_00bb)
        // Translated: same segment, source rewritten.
        inside.tcp("10.1.0.11", 41001, "203.0.113.10", 443, flags: 0x02, seq: 77)
        outside.tcp("198.51.100.1", 61001, "203.0.113.10", 443, flags: 0x02, seq: 77, mac: 0x02_0000_00bb)
        // One MAC on both sides.
        inside.udp("10.1.0.12", 5000, "10.1.0.13", 9, mac: 0x02_0000_00cc, [1])
        outside.udp("198.51.100.12", 5000, "198.51.100.13", 9, mac: 0x02_0000_00cc, [1])
        let r = try check(inside, outside: outside)
        XCTAssertEqual(r.findings.first { $0.kind == "forwarding" }?.bridge, "198.51.100.1")
        let nat = try XCTUnwrap(r.findings.first { $0.kind == "nat" })
        XCTAssertEqual(nat.inside, ["10.1.0.11"])
        XCTAssertEqual(nat.bridge, "198.51.100.1")
        XCTAssertEqual(nat.evidence.count, 2)
        XCTAssertTrue(r.findings.contains { $0.kind == "dual-homed" && $0.bridge == "mac 00:02:00:00:00:cc" }, "\(r.findings.map { ($0.kind, $0.bridge) })")
        XCTAssertEqual(r.verdict, .breached)
    }

    func testJSONIsDeterministicAndCarriesTheContractKeys() throws {
        let p = TestPcap(); p.insideChatter()
        p.tcp("10.1.0.10", 41000, "198.51.100.10", 80, flags: 0x02)
        let a = try check(p).encoded(), b = try check(p).encoded()
        let ta = String(decoding: a, as: UTF8.self).replacingOccurrences(of: files[0], with: "X")
        let tb = String(decoding: b, as: UTF8.self).replacingOccurrences(of: files[1], with: "X")
        XCTAssertEqual(ta, tb)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: a) as? [String: Any])
        XCTAssertEqual(obj["schema"] as? String, "kpcensus.airgap/1")
        for k in ["verdict", "reason", "findings", "coverage", "inside", "intranet_suffix"] { XCTAssertNotNil(obj[k], k) }
        let f = try XCTUnwrap((obj["findings"] as? [[String: Any]])?.first)
        for k in ["kind", "severity", "first", "last", "inside", "outside", "bridge", "evidence", "explanation"] { XCTAssertNotNil(f[k], k) }
    }

    func testScopeParsingAndNames() throws {
        XCTAssertThrowsError(try InsideScope.parse(["10.0.0.0/33"])) { XCTAssertTrue("\($0)".contains("--inside '10.0.0.0/33'")) }
        let s = try InsideScope.parse(["10.0.0.0/8,fd00::/8"])
        XCTAssertTrue(s.isInside(IPAddress("fd00::1")!))
        XCTAssertFalse(s.isOutside(IPAddress("192.168.1.1")!))
        XCTAssertTrue(s.isOutside(IPAddress("198.51.100.10")!))
        XCTAssertTrue(s.isInsideName("star.co.kp"))
        XCTAssertTrue(s.isInsideName("10.1.76.10.in-addr.arpa"))
        XCTAssertFalse(s.isInsideName("10.100.51.198.in-addr.arpa"))
        XCTAssertFalse(s.isInsideName("kp.example.com"))
    }

    func testMissingFileIsABadInputNamingIt() {
        XCTAssertThrowsError(try AirgapCheck.run(inside: ["/nonexistent.pcap"], outside: [], scope: try InsideScope.parse(["10.0.0.0/8"]), active: nil)) {
            XCTAssertTrue("\($0)".contains("--pcap /nonexistent.pcap"), "\($0)")
            XCTAssertEqual(($0 as? AirgapError)?.exitCode, 2)
        }
    }
}

extension TestPcap {
    /// A DHCPACK (RFC 2131) giving `yours` with a router and a DNS server option.
    static func dhcpAck(yours: String, router: String, dns: String) -> [UInt8] {
        var b: [UInt8] = [2, 1, 6, 0] + be32(0x1234) + [0, 0, 0, 0] + [0, 0, 0, 0] + v4(yours) + [0, 0, 0, 0] + [0, 0, 0, 0]
        b += mac(0x02_0000_0050) + [UInt8](repeating: 0, count: 10) + [UInt8](repeating: 0, count: 192)
        b += be32(0x6382_5363) + [53, 1, 5] + [3, 4] + v4(router) + [6, 4] + v4(dns) + [255]
        return b
    }
}
