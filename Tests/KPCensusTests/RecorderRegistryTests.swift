import KPCapture
@testable import KPCensus
import KPModel
import KPWire
import XCTest

/// The protocols-as-units shape: the registry lists every stored recorder, each
/// recorder writes its own section, and the dispatch hands a recorder only the
/// payloads of its own flows.
extension CensusTests {
    func udp(from src: String, to dst: String, _ sp: UInt16, _ dp: UInt16, bytes body: [UInt8]) -> [UInt8] {
        let u: [UInt8] = [UInt8(sp >> 8), UInt8(sp & 0xff), UInt8(dp >> 8), UInt8(dp & 0xff), 0, UInt8(8 + body.count), 0, 0] + body
        let total = 20 + u.count
        let ip: [UInt8] = [0x45, 0, UInt8(total >> 8), UInt8(total & 0xff), 0, 1, 0x40, 0, 64, 17, 0, 0] + bytes(src) + bytes(dst)
        return [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00] + ip + u
    }

    /// A DNS A query for name.kp (ID 0x1234), or its answer 10.1.0.254.
    func dns(answer: Bool) -> [UInt8] {
        let question: [UInt8] = [4] + Array("name".utf8) + [2] + Array("kp".utf8) + [0, 0, 1, 0, 1]
        let header: [UInt8] = answer ? [0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0] : [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        let record: [UInt8] = [0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 1, 0, 254]
        return header + question + (answer ? record : [])
    }

    /// A ClientHello naming `name` (SNI only).
    func clientHello(_ name: String) -> [UInt8] {
        let n = Array(name.utf8)
        let sni: [UInt8] = [0x00, 0x00, 0x00, UInt8(n.count + 5), 0x00, UInt8(n.count + 3), 0x00, 0x00, UInt8(n.count)] + n
        let body: [UInt8] = [0x03, 0x03] + [UInt8](repeating: 0xab, count: 32) + [0x00, 0x00, 0x02, 0x13, 0x01, 0x01, 0x00]
            + [0x00, UInt8(sni.count)] + sni
        let hs: [UInt8] = [0x01, 0x00, 0x00, UInt8(body.count)] + body
        return [0x16, 0x03, 0x01, 0x00, UInt8(hs.count)] + hs
    }

    func testRegistryListsEveryStoredRecorder() {
        let r = Recorders()
        XCTAssertEqual(r.all.map { String(describing: type(of: $0)) },
                       ["ServicesRecorder", "DNSRecorder", "SitesRecorder", "HTTPRecorder", "TLSRecorder", "DHCPRecorder", "BannersRecorder",
                        "DetectionRecorder", "FingerprintRecorder"])
        // Every stored recorder is listed, as the same instance the census calls.
        let stored = Mirror(reflecting: r).children.map { $0.value as AnyObject }
        XCTAssertEqual(stored.count, r.all.count, "the registry stores recorders and nothing else")
        for s in stored { XCTAssertTrue(r.all.contains { $0 === s }, "\(type(of: s)) is stored but missing from `all`") }
    }

    func testEachRecorderSeesOnlyItsFlows() {
        // A TLS flow whose client later sends bytes that read as an HTTP request, an HTTP
        // flow, and a DNS query and answer over UDP: each recorder writes its section from
        // its own flows only.
        let c = Census()
        let hello = clientHello("tls.kp")
        let lookalike = Array("GET / HTTP/1.1\r\nHost: inside-tls.kp\r\n\r\n".utf8)
        feed(c, [tcp(from: Self.client, to: Self.server, 51000, 443, flags: 0x02),
                 tcp(from: Self.server, to: Self.client, 443, 51000, flags: 0x12),
                 tcp(from: Self.client, to: Self.server, 51000, 443, flags: 0x18, bytes: hello, seq: 1),
                 tcp(from: Self.client, to: Self.server, 51000, 443, flags: 0x18, bytes: lookalike, seq: 1 + UInt32(hello.count)),
                 tcp(from: Self.client, to: Self.server, 51001, 80, flags: 0x02),
                 tcp(from: Self.server, to: Self.client, 80, 51001, flags: 0x12),
                 tcp(from: Self.client, to: Self.server, 51001, 80, flags: 0x18, payload: "GET / HTTP/1.1\r\nHost: web.kp\r\n\r\n"),
                 udp(from: Self.client, to: Self.server, 40000, 53, bytes: dns(answer: false)),
                 udp(from: Self.server, to: Self.client, 53, 40000, bytes: dns(answer: true))])
        let inv = c.finish()
        XCTAssertEqual(inv.http.requests, 1)
        XCTAssertEqual(inv.http.hosts.map(\.host), ["web.kp"])
        XCTAssertEqual(inv.tls.serverNames.map(\.name), ["tls.kp"])
        XCTAssertEqual(inv.dns.queries.map { "\($0.name) \($0.type) \($0.count)" }, ["name.kp A 1"])
        XCTAssertEqual(inv.dns.answers.map { "\($0.name) \($0.data)" }, ["name.kp 10.1.0.254"])
        XCTAssertEqual(inv.sites.map { "\($0.name) \($0.evidence)" }, ["tls.kp [\"tls\"]", "web.kp [\"http\"]"])
        XCTAssertEqual(inv.services.map { "\($0.port)/\($0.transport) \($0.service ?? "-")" }, ["53/udp dns", "80/tcp http", "443/tcp tls"])
        XCTAssertEqual(inv.hosts.first { $0.addr == "10.1.0.254" }?.names, ["name.kp"], "DNS names the hosts")
        XCTAssertEqual(Set(c.observations().map(\.kind)), ["dns_name", "host", "service", "site"])
        XCTAssertEqual(inv.anomalies, [])
    }

    func testDHCPRecorderWritesItsSectionAndNamesTheLeasedHost() {
        var inv = Inventory()
        let r = Recorders()
        let mac = MACAddress(0x0200_0000_0007)
        r.dhcp.leases[mac] = DHCPLeaseRecord(addr: IPAddress("10.6.0.100"), hostName: "Cafe-PC", vendorClass: "kp-tablet")
        r.dhcp.write(into: &inv, from: r)
        XCTAssertEqual(inv.dhcp.map { "\($0.mac) \($0.addr ?? "-") \($0.hostName ?? "-")" }, ["02:00:00:00:00:07 10.6.0.100 Cafe-PC"])
        var names: [IPAddress: Set<String>] = [:]
        r.dhcp.addHostNames(to: &names)
        XCTAssertEqual(names, [IPAddress("10.6.0.100")!: ["cafe-pc"]])
        XCTAssertTrue(inv.dns.queries.isEmpty && inv.http.hosts.isEmpty, "a recorder writes only its own section")
    }
}
