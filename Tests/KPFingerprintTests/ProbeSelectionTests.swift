import XCTest
@testable import KPFingerprint

/// Which probes an active version scan sends, and the fallback chains, on Debian's real file.
final class ProbeSelectionTests: XCTestCase {
    func realFile() throws -> ServiceProbeDatabase {
        try XCTUnwrap(ServiceProbesParserTests.debian, "needs /usr/share/nmap/nmap-service-probes")
    }

    func testPort80AtTheDefaultIntensity() throws {
        let db = try realFile()
        let names = db.probesToSend(port: 80, transport: .tcp).map(\.name)
        // NULL first, then the five TCP probes whose ports list 80, in file order.
        XCTAssertEqual(Array(names.prefix(6)), ["NULL", "GetRequest", "HTTPOptions", "RTSPRequest", "X11Probe", "FourOhFourRequest"])
        // 29 TCP probes have rarity ≤ 7 (awk over the file), the five registered for 80 among
        // them: each is sent once.
        XCTAssertEqual(names.count, 1 + 29)
        XCTAssertEqual(Set(names).count, names.count)
        XCTAssertTrue(db.probesToSend(port: 80, transport: .tcp).dropFirst(6).allSatisfy { ($0.rarity ?? 0) <= 7 })
    }

    func testIntensityZeroSendsOnlyRegisteredProbesAndNineSendsAll() throws {
        let db = try realFile()
        XCTAssertEqual(db.probesToSend(port: 80, transport: .tcp, intensity: 0).map(\.name),
                       ["NULL", "GetRequest", "HTTPOptions", "RTSPRequest", "X11Probe", "FourOhFourRequest"])
        XCTAssertEqual(db.probesToSend(port: 1, transport: .tcp, intensity: 9).count, 100)
        XCTAssertEqual(db.probesToSend(port: 443, transport: .tcp, intensity: 0, overTLS: true).prefix(2).map(\.name),
                       ["NULL", "GetRequest"])
    }

    func testUDPHasNoNullProbeAndExcludedPortsGetNone() throws {
        let db = try realFile()
        let dns = db.probesToSend(port: 53, transport: .udp, intensity: 0).map(\.name)
        XCTAssertFalse(dns.contains("NULL"))
        XCTAssertTrue(dns.contains("DNSVersionBindReq"))
        XCTAssertTrue(db.probesToSend(port: 9100, transport: .tcp).isEmpty)
        XCTAssertFalse(db.probesToSend(port: 9100, transport: .udp, intensity: 9).isEmpty)
    }

    func testFallbackChains() throws {
        let db = try realFile()
        let names = { (name: String, t: ProbeTransport) in db.fallbackChain(probe: name, transport: t)?.map { db.probes[$0].name } }
        XCTAssertEqual(names("HTTPOptions", .tcp), ["HTTPOptions", "GetRequest", "NULL"])
        XCTAssertEqual(names("NULL", .tcp), ["NULL"])
        XCTAssertEqual(names("DNSVersionBindReqTCP", .tcp), ["DNSVersionBindReqTCP", "DNSVersionBindReq", "NULL"])
        XCTAssertEqual(names("DNSVersionBindReq", .udp), ["DNSVersionBindReq"])
        XCTAssertNil(names("NULL", .udp))
    }
}

