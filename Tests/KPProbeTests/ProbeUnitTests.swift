import Foundation
import KPScope
import KPWire
import XCTest
@testable import KPProbe

/// Scope guard, cookies, the rate limiter and each module's reading of hand-written replies.
final class ScopeGuardTests: XCTestCase {
    func testDenyByDefaultAndBlocklistWins() throws {
        XCTAssertThrowsError(try ScopeGuard(scope: [])) { XCTAssertEqual(($0 as! ScopeError).exitCode, 2) }
        XCTAssertThrowsError(try ScopeGuard(scope: ["10.76.0.0/33"]))
        let g = try ScopeGuard(scope: ["10.76.1.0/24,10.76.0.53"], blocked: [(IPPrefix("10.76.1.128/25")!, "printers")])
        XCTAssertTrue(g.allows(IPAddress(ipv4: "10.76.1.10")!))
        XCTAssertTrue(g.allows(IPAddress(ipv4: "10.76.0.53")!))
        XCTAssertFalse(g.allows(IPAddress(ipv4: "10.76.0.54")!))
        XCTAssertEqual(g.refusal(IPAddress(ipv4: "10.76.1.200")!), "10.76.1.200 is blocklisted (10.76.1.128/25: printers)")
        XCTAssertThrowsError(try g.check(IPAddress(ipv4: "198.51.100.10")!))
        // Whole scope minus network/broadcast and the blocked half; a target outside is exit 2 naming it.
        let all = try g.targets([])
        XCTAssertEqual(all.count, 127 + 1)      // .1-.127, and 10.76.0.53
        XCTAssertEqual(try g.targets(["10.76.1.8/30"]).map(\.description), ["10.76.1.9", "10.76.1.10"])
        XCTAssertThrowsError(try g.targets(["10.76.0.0/23"])) {
            XCTAssertTrue(($0 as! ScopeError).message.contains("target 10.76.0.0/23 is outside the scope 10.76.0.53/32,10.76.1.0/24"))
        }
    }

    func testBlocklistFileErrorsNameTheLine() throws {
        let p = FileManager.default.temporaryDirectory.appendingPathComponent("bl-\(UUID()).txt").path
        defer { try? FileManager.default.removeItem(atPath: p) }
        try "# reserved\n10.0.0.0/8 # all\n\nbogus\n".write(toFile: p, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ScopeGuard.readBlocklist(path: p)) { XCTAssertEqual(($0 as! ScopeError).message, "--blocklist \(p):4: 'bogus' is not an IPv4 address or CIDR") }
    }

    func testRunnersNeverContactARefusedTarget() throws {
        // Targets the guard refuses (outside, blocklisted) are reported and never sent to: no connect, no datagram.
        let g = try ScopeGuard(scope: ["10.76.1.0/24"], blocked: [(IPPrefix("10.76.1.128/25")!, "printers")])
        let limiter = RateLimiter(rate: 1000)
        let out = StreamRunner(scope: g, limiter: limiter).run(HTTPProbe(), [ProbeTarget(addr: IPAddress(ipv4: "198.51.100.10")!, port: 80),
                                                                          ProbeTarget(addr: IPAddress(ipv4: "10.76.1.200")!, port: 80)],
                                                               ProbeContext(cookie: .random()))
        XCTAssertEqual(out, [.notSent("198.51.100.10 is outside the scope 10.76.1.0/24"), .notSent("10.76.1.200 is blocklisted (10.76.1.128/25: printers)")])
        let d = DatagramRunner(scope: g, limiter: limiter)
        d.wait = 0
        XCTAssertEqual(d.run(DNSProbe(), [ProbeTarget(addr: IPAddress(ipv4: "8.8.8.8")!, port: 53, name: "kp")], ProbeContext(cookie: .random())), [nil])
        XCTAssertEqual(d.sent, 0)
    }

    func testPorts() throws {
        XCTAssertEqual(try Ports.parse("80,22,8000-8002"), [22, 80, 8000, 8001, 8002])
        XCTAssertEqual(Ports.top100.count, 100)
        XCTAssertEqual(Set(Ports.top100).count, 100)
        XCTAssertThrowsError(try Ports.parse("0"))
        XCTAssertThrowsError(try Ports.parse("90-80"))
    }
}

final class CookieAndRateTests: XCTestCase {
    let cookie = ValidationCookie(key0: 1, key1: 2)

    func testCookieIsKeyedAndValidatesSynAck() throws {
        let a = IPAddress(ipv4: "10.76.1.10")!.v4, me = IPAddress(ipv4: "10.255.9.2")!.v4
        XCTAssertNotEqual(cookie.value(addr: a, port: 80), cookie.value(addr: a, port: 81))
        XCTAssertNotEqual(cookie.value(addr: a, port: 80), ValidationCookie(key0: 1, key1: 3).value(addr: a, port: 80))
        let ctx = ProbeContext(cookie: cookie, source: me)
        // A SYN-ACK from 10.76.1.10:80 acknowledging cookie + 1: the reply is the probe's.
        let seq = cookie.value(addr: a, port: 80)
        let sport = cookie.sourcePort(addr: a, port: 80)
        var synack = Packets.tcpSyn(src: a, dst: me, sport: 80, dport: sport, seq: 7)
        Packets.put32(&synack, 28, seq &+ 1)
        synack[33] = 0x12
        XCTAssertEqual(SynProbe().validate(synack, from: ProbeTarget(addr: .zero, port: 0), ctx), ProbeTarget(addr: IPAddress(v4: a), port: 80))
        XCTAssertEqual(SynProbe().classify(synack, ProbeTarget(addr: IPAddress(v4: a), port: 80))?.state, .open)
        // The same with a wrong acknowledgment, or a RST: rejected / closed.
        var wrong = synack
        Packets.put32(&wrong, 28, seq &+ 2)
        XCTAssertNil(SynProbe().validate(wrong, from: ProbeTarget(addr: .zero, port: 0), ctx))
        var rst = synack
        rst[33] = 0x14
        XCTAssertEqual(SynProbe().classify(rst, ProbeTarget(addr: IPAddress(v4: a), port: 80))?.state, .closed)
        // The probe itself: 44 bytes, the cookie as sequence number, a valid IP checksum.
        let syn = SynProbe().build(try ScopeGuard(scope: ["10.76.1.0/24"]).check(ProbeTarget(addr: IPAddress(v4: a), port: 80)), ctx)
        XCTAssertEqual(syn.count, 44)
        XCTAssertEqual(Packets.u32(syn, 24), seq)
        XCTAssertEqual(InternetChecksum.checksum(syn[0 ..< 20]), 0)
    }

    func testTokenBucket() {
        var now = 0.0
        let r = RateLimiter(rate: 100, burst: 2, clock: { now })
        XCTAssertTrue(r.tryTake())
        XCTAssertTrue(r.tryTake())
        XCTAssertFalse(r.tryTake())
        XCTAssertEqual(r.delay(), 0.01, accuracy: 1e-9)
        now = 0.005
        XCTAssertFalse(r.tryTake())
        now = 0.0101
        XCTAssertTrue(r.tryTake())
        now = 10
        XCTAssertTrue(r.tryTake())
        XCTAssertTrue(r.tryTake())
        XCTAssertFalse(r.tryTake(), "the bucket holds at most its burst")
        XCTAssertEqual(r.taken, 5, "every token taken is counted")
    }

    func testProgressCountsTakenTokensAndPhases() {
        var now = 0.0
        let r = RateLimiter(rate: 1000, burst: 10, clock: { now })
        var seen: [Int] = []
        r.onTake = { seen.append($0) }
        for _ in 0 ..< 3 { _ = r.tryTake() }
        now = 1
        XCTAssertEqual(seen, [1, 2, 3])
        var p = ScanProgress(phase: "ports", index: 2, count: 6, sent: 50, planned: 200)
        XCTAssertEqual(p.fraction, 1.25 / 6, accuracy: 1e-12)
        XCTAssertEqual(p.label, "phase 2/6 ports  50/200 probes")
        p.sent = 400   // retries: never past the end of the phase
        XCTAssertEqual(p.fraction, 2.0 / 6, accuracy: 1e-12)
        let unknown = ScanProgress(phase: "sites", index: 6, count: 6, sent: 7, planned: 0)
        XCTAssertEqual(unknown.fraction, 5.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(unknown.label, "phase 6/6 sites  7 probes")
    }
}

final class ModuleClassificationTests: XCTestCase {
    let t = ProbeTarget(addr: IPAddress(ipv4: "10.76.2.25")!, port: 25)

    func testBanner() {
        let r = BannerProbe().classify(Array("220 mail.naenara.com.kp ESMTP OpenSMTPD\r\n".utf8), t)
        XCTAssertEqual(r?.service, "smtp")
        XCTAssertEqual(r?.software, "mail.naenara.com.kp ESMTP OpenSMTPD")
        XCTAssertEqual(BannerProbe().classify(Array("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".utf8), t)?.service, "ssh")
        XCTAssertNil(BannerProbe().classify(Array("hello\r\n".utf8), t))
        XCTAssertFalse(BannerProbe().complete(Array("220 partial".utf8)))
    }

    func testHTTP() {
        let reply = Array("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nLocation: http://x.kp/\r\n\r\n<html><head><title> kcna.kp </title></head><a href=\"http://Star.CO.kp/x\">s</a><a href='/about.html'>a</a><a href=\"mailto:a@b\">m</a></html>".utf8)
        let r = HTTPProbe().classify(reply, t)
        XCTAssertEqual(r?.status, 200)
        XCTAssertEqual(r?.software, "nginx/1.22.1")
        XCTAssertEqual(r?.title, "kcna.kp")
        XCTAssertEqual(r?.location, "http://x.kp/")
        let c = CrawlProbe().classify(reply, ProbeTarget(addr: IPAddress(v4: 1), port: 80, name: "kcna.kp"))
        XCTAssertEqual(c?.hosts, [LinkedHost(scheme: "http", host: "star.co.kp")])
        XCTAssertEqual(c?.paths, ["/about.html"])
        XCTAssertNil(HTTPProbe().classify(Array("SSH-2.0-x\r\n".utf8), t))
    }

    func testDNSReplyIdIsChecked() throws {
        let ctx = ProbeContext(cookie: ValidationCookie(key0: 5, key1: 6))
        let server = ProbeTarget(addr: IPAddress(ipv4: "10.76.0.53")!, port: 53, name: "kp")
        var reply = DNSProbe().build(try ScopeGuard(scope: ["10.76.0.53"]).check(server), ctx)
        reply[2] = 0x84          // QR + AA
        reply[7] = 0             // no answers
        XCTAssertNotNil(DNSProbe().validate(reply, from: server, ctx))
        XCTAssertEqual(DNSProbe().classify(reply, server)?.authoritative, true)
        var forged = reply
        forged[0] ^= 0xff
        XCTAssertNil(DNSProbe().validate(forged, from: server, ctx), "a reply with another id is not ours")
    }

    func testAXFRRefusedAndAllowed() {
        let t = ProbeTarget(addr: IPAddress(v4: 1), port: 53, name: "kp")
        // REFUSED (rcode 5): header only, question kp SOA.
        let refused: [UInt8] = [0, 20, 0, 1, 0x84, 0x05, 0, 1, 0, 0, 0, 0, 0, 0, 2, 0x6b, 0x70, 0, 0, 252, 0, 1]
        XCTAssertTrue(AXFRProbe().complete(refused))
        XCTAssertEqual(AXFRProbe().classify(refused, t)?.verdict, "refused")
        XCTAssertEqual(AXFRProbe().classify(refused, t)?.rcode, "REFUSED")
        XCTAssertEqual(AXFRProbe().classify([], t)?.verdict, "refused")
    }

    func testTLSClientHelloBytesAreTheScannersOwn() {
        // The bytes the scanner sent before the builder moved to KPWire: TLS 1.2 only, SNI,
        // groups x25519/P-256/P-384, point formats, signature schemes, renegotiation_info.
        let expected = [
            "160301007c0100007803034b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b000014c02b",
            "c02fc02cc030cca9cca8c009c013009c002f0100003b0000000c000a0000076b636e612e6b70000a00080006001d0017",
            "0018000b00020100000d0010000e0403050308040805040105010201ff01000100"
        ].joined()
        XCTAssertEqual(TLSHello.clientHello(serverName: "kcna.kp").map { String(format: "%02x", $0) }.joined(), expected)
    }

    func testTLSClientHelloAndAlert() {
        let hello = TLSHello.clientHello(serverName: "kcna.kp")
        let parsed = hello.withUnsafeBytes { TLSDecoder.parse($0) }
        XCTAssertEqual(parsed.clientHello?.serverName, "kcna.kp")
        XCTAssertNil(TLSHello.clientHello(serverName: "10.76.1.10").withUnsafeBytes { TLSDecoder.parse($0) }.clientHello?.serverName)
        let alert: [UInt8] = [21, 3, 3, 0, 2, 2, 112]
        XCTAssertEqual(TLSProbe().classify(alert, ProbeTarget(addr: IPAddress(v4: 1), port: 443, name: "x.kp"))?.alert, "112")
        XCTAssertNil(TLSProbe().classify(Array("HTTP/1.1 400".utf8), t))
    }

    func testRegistryHasOneLinePerModule() {
        XCTAssertEqual(ProbeRegistry.all.map(\.name.rawValue), ["icmp", "syn", "connect", "dns", "axfr", "ptr", "banner", "http", "tls", "vhost", "crawl", "version", "udp"])
        for m in ProbeRegistry.all {
            XCTAssertFalse(m.help.isEmpty)
            XCTAssertFalse(m.outputFields.isEmpty)
            XCTAssertEqual(m.layer == .packet, m.captureFilter != nil, m.name.rawValue)
        }
    }
}
