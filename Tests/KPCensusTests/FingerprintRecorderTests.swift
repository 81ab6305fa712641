@testable import KPCensus
import KPFingerprint
import KPWire
import XCTest

/// nmap's service fingerprints in the census (FingerprintRecorder): once per service, on
/// the server's first bytes, with Debian's real nmap-service-probes.
extension CensusTests {
    /// Debian's file compiled once for these tests (nmap-common, a test dependency).
    static let probes: CompiledServiceProbes? = (try? ServiceProbesParser.load()).map { CompiledServiceProbes($0) }

    func compiledProbes() throws -> CompiledServiceProbes {
        try XCTUnwrap(Self.probes, "needs /usr/share/nmap/nmap-service-probes (apt-get install nmap-common)")
    }

    func testNmapNamesAServiceNoDecoderOrDetectorKnows() throws {
        // Music Player Daemon's greeting on its port: no detector knows it, nmap's NULL probe does.
        let c = Census(serviceProbes: try compiledProbes())
        feed(c, session(6600, [(false, Array("OK MPD 0.23.5\n".utf8)), (true, Array("status\n".utf8))]))
        let s = try XCTUnwrap(c.finish().services.first)
        XCTAssertEqual([s.service, s.product, s.version], ["mpd", "Music Player Daemon", "0.23.5"])
        XCTAssertEqual(s.cpe, [])
        XCTAssertEqual(s.flows, 1)
        XCTAssertEqual(s.bytes, 2 * 54 + 54 + 14 + 54 + 7)
    }

    func testAReplyIsReadWithTheProbeTheClientSent() throws {
        // curl's GET is not GetRequest's bytes but reads as it; nginx's reply names it.
        let reply = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Length: 0\r\n\r\n"
        let c = Census(serviceProbes: try compiledProbes())
        feed(c, session(8081, [(true, Array("GET / HTTP/1.1\r\nHost: kcna.kp\r\n\r\n".utf8)), (false, Array(reply.utf8))]))
        let s = try XCTUnwrap(c.finish().services.first)
        XCTAssertEqual([s.service, s.software, s.product, s.version], ["http", "nginx/1.22.1", "nginx", "1.22.1"])
        XCTAssertEqual(s.cpe, ["cpe:/a:igor_sysoev:nginx:1.22.1"])
    }

    func testASoftmatchNamesTheServiceAndLaterFlowsMayGiveAHardMatch() throws {
        let c = Census(serviceProbes: try compiledProbes())
        // Three connections one after the other (each reset, 6 s between packets, so the
        // sweep ends each before the next): one flow of a service samples at a time.
        func closed(_ greeting: String, _ clientPort: UInt16) -> [[UInt8]] {
            session(9110, [(false, Array(greeting.utf8))], clientPort: clientPort)
                + [tcp(from: Self.client, to: Self.server, clientPort, 9110, flags: 0x04)]
        }
        feed(c, closed("+OK Dovecot (Debian) ready.\r\n", 40001) + closed("+OK Dovecot ready.\r\n", 40002)
            + closed("+OK Dovecot ready.\r\n", 40003), step: 6_000_000_000)
        let inv = c.finish()
        let s = try XCTUnwrap(inv.services.first)
        XCTAssertEqual([s.service, s.product], ["pop3", "Dovecot pop3d"])
        XCTAssertEqual(s.flows, 3)
        // The softmatch, then the hard match; the third flow was not read.
        let key = ServiceKey(addr: IPAddress("10.1.0.254")!, port: 9110, proto: 6)
        XCTAssertEqual(c.recorders.fingerprints.results[key]?.attempts, 2)
    }

    func testOnlyASoftmatchLeavesTheProductNull() throws {
        let c = Census(serviceProbes: try compiledProbes())
        feed(c, session(110, [(false, Array("+OK Dovecot (Debian) ready.\r\n".utf8))]))
        let s = try XCTUnwrap(c.finish().services.first)
        XCTAssertEqual(s.service, "pop3")
        XCTAssertNil(s.product)
        XCTAssertNil(s.version)
    }

    func testWithoutProbesNothingIsSampledAndFieldsAreNull() {
        let c = Census()
        feed(c, session(6600, [(false, Array("OK MPD 0.23.5\n".utf8))]))
        XCTAssertEqual(c.flows.slots[0].fingerprintSample, FlowState.notSampled)
        let s = c.finish().services.first
        XCTAssertNil(s?.service)
        XCTAssertNil(s?.product)
        XCTAssertEqual(s?.flows, 1)
    }

    func testSamplesAreBoundedAndFreedWhenTheBytesAreIn() throws {
        // A server that sends 5 × 3 KB: the sample keeps the first 2 KB (a cut payload ends it);
        // the handshake settled the roles, so it is read once both sides are done, not at the end.
        let c = Census(serviceProbes: try compiledProbes())
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 3000)
        feed(c, session(7777, [(true, Array("x\r\n".utf8)), (false, big), (true, Array("y".utf8)), (true, Array("z".utf8)),
                               (true, Array("w".utf8)), (false, big), (false, big)]))
        XCTAssertEqual(c.flows.slots[0].fingerprintSample, FlowState.notSampled)
        let key = ServiceKey(addr: IPAddress("10.1.0.254")!, port: 7777, proto: 6)
        XCTAssertEqual(c.recorders.fingerprints.results[key]?.attempts, 1)
        _ = c.finish()
    }
}
