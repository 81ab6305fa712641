import XCTest
@testable import KPFingerprint

/// Which probe a real client's first bytes stand for (passive matching), on Debian's file.
final class SentProbeTests: XCTestCase {
    func realFile() throws -> ServiceProbeDatabase {
        try XCTUnwrap(ServiceProbesParserTests.debian, "needs /usr/share/nmap/nmap-service-probes")
    }

    func testClientBytesFitTheProbeTheyStandFor() throws {
        let db = try realFile()
        func fit(_ s: String, _ t: ProbeTransport = .tcp) -> String? { db.probe(sentAs: Array(s.utf8), transport: t) }
        // A real request line differs from GetRequest's only after "GET / HTTP/1.".
        XCTAssertEqual(fit("GET / HTTP/1.1\r\nHost: kcna.kp\r\nUser-Agent: curl/7.88.1\r\n\r\n"), "GetRequest")
        XCTAssertEqual(fit("GET / HTTP/1.0\r\n\r\n"), "GetRequest")
        XCTAssertEqual(fit("GET /nice%20ports%2C/Tri%6Eity.txt%2ebak HTTP/1.0\r\n\r\n"), "FourOhFourRequest")
        XCTAssertEqual(fit("OPTIONS / HTTP/1.1\r\n"), "HTTPOptions")
        XCTAssertEqual(fit("OPTIONS / RTSP/1.0\r\nCSeq: 1\r\n\r\n"), "RTSPRequest")
        XCTAssertEqual(fit("EHLO\r\n"), "Hello")
        XCTAssertEqual(fit("HELP\r\n"), "Help")
        // An exact payload wins; what shares only its first bytes or no space fits nothing.
        XCTAssertNil(fit("GE"))
        XCTAssertNil(fit("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n"))
        XCTAssertNil(fit("POST /x HTTP/1.1\r\n"))
        XCTAssertNil(db.probe(sentAs: [UInt8](), transport: .tcp))
        // A TLS ClientHello shares two bytes with the SSL probes: not enough.
        XCTAssertNil(db.probe(sentAs: [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03], transport: .tcp))
    }

    func testUDPProbesNeedTheirBytes() throws {
        let db = try realFile()
        let versionBind = try XCTUnwrap(db.probe(named: "DNSVersionBindReq", transport: .udp)).payload
        XCTAssertEqual(db.probe(sentAs: versionBind, transport: .udp), "DNSVersionBindReq")
        // A resolver's query has its own random ID: no probe.
        XCTAssertNil(db.probe(sentAs: [0x3a, 0x91, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 3, 0x77, 0x77, 0x77, 0, 0, 1, 0, 1], transport: .udp))
    }

    func testAfterASoftmatchOnlyProbesNamingTheServiceGo() throws {
        let db = try realFile()
        // pop3 lines: NULL's, GenericLines' and HTTPOptions'; imap's: NULL's, GetRequest's, GenericLines'.
        XCTAssertTrue(db.canName(service: "pop3", probe: "GenericLines", transport: .tcp))
        XCTAssertTrue(db.canName(service: "imap", probe: "GetRequest", transport: .tcp))
        XCTAssertFalse(db.canName(service: "pop3", probe: "GetRequest", transport: .tcp))
        XCTAssertFalse(db.canName(service: "pop3", probe: "NoSuchProbe", transport: .tcp))
    }
}
