@testable import KPCensus
import KPWire
import XCTest

/// Detection by content in the census: unnamed flows are named by the detectors on any
/// port, within the bound; flows the existing decoders name are left to them.
extension CensusTests {
    /// A handshake, then `payloads` in turn (true: from the client), on ports 40000 → `port`.
    func session(_ port: UInt16, _ payloads: [(Bool, [UInt8])], clientPort: UInt16 = 40000) -> [[UInt8]] {
        var out = [tcp(from: Self.client, to: Self.server, clientPort, port, flags: 0x02),
                   tcp(from: Self.server, to: Self.client, port, clientPort, flags: 0x12)]
        var seq: (UInt32, UInt32) = (1, 1)
        for (fromClient, body) in payloads {
            if fromClient {
                out.append(tcp(from: Self.client, to: Self.server, clientPort, port, flags: 0x18, bytes: body, seq: seq.0))
                seq.0 += UInt32(body.count)
            } else {
                out.append(tcp(from: Self.server, to: Self.client, port, clientPort, flags: 0x18, bytes: body, seq: seq.1))
                seq.1 += UInt32(body.count)
            }
        }
        return out
    }

    func testDetectorsNameAServiceOnAnyPortWithItsSoftware() {
        // A MariaDB greeting on port 9999 (no hint): the service is mysql, the version its software.
        let body: [UInt8] = [10] + Array("10.11.6-MariaDB\0".utf8) + [1, 0, 0, 0] + Array("abcdefgh".utf8) + [0, 0xff, 0xf7]
        let c = Census()
        feed(c, session(9999, [(false, [UInt8(body.count), 0, 0, 0] + body)]))
        let inv = c.finish()
        XCTAssertEqual(inv.services.map { "\($0.port) \($0.service ?? "-") \($0.software ?? "-")" }, ["9999 mysql MariaDB 10.11.6-MariaDB"])
    }

    func testDetectionIsBoundedToTheFirstPayloads() {
        // Four payloads of noise from the client, then a Redis PING: past the bound, unnamed.
        let noise = [UInt8](repeating: 0x01, count: 8)
        let ping = Array("*1\r\n$4\r\nPING\r\n".utf8)
        let c = Census()
        feed(c, session(6379, [(true, noise), (true, noise), (true, noise), (true, noise), (true, ping)]))
        XCTAssertEqual(c.finish().services.map { $0.service ?? "-" }, ["-"])
        // The same PING as the fourth payload is named.
        let d = Census()
        feed(d, session(6379, [(true, noise), (true, noise), (true, noise), (true, ping)]))
        XCTAssertEqual(d.finish().services.map { $0.service ?? "-" }, ["redis"])
    }

    func testNamesAndFieldsGoToHostsAndTheServiceTable() {
        // An XMPP client's stream header names the server's domain.
        let open = Array("<stream:stream to='chat.example.kp' xmlns:stream='http://etherx.jabber.org/streams'>".utf8)
        let c = Census()
        feed(c, session(5222, [(true, open)]))
        let key = ServiceKey(addr: IPAddress("10.1.0.254")!, port: 5222, proto: 6)
        XCTAssertEqual(c.recorders.detection.fields[key], [DetectionField("to", "chat.example.kp")])
        let inv = c.finish()
        XCTAssertEqual(inv.services.map { $0.service ?? "-" }, ["xmpp"])
        XCTAssertEqual(inv.hosts.first { $0.addr == "10.1.0.254" }?.names, ["chat.example.kp"])
    }

    func testExistingDecodersKeepTheirFlowsAndRTSPIsNotHTTP() {
        // HTTP CONNECT stays an HTTP request (counted); an RTSP OPTIONS is rtsp, not http.
        let c = Census()
        feed(c, session(8080, [(true, Array("CONNECT www.example.kp:443 HTTP/1.1\r\nHost: www.example.kp:443\r\n\r\n".utf8))])
                + session(554, [(true, Array("OPTIONS rtsp://cam.example.kp/ RTSP/1.0\r\nCSeq: 1\r\n\r\n".utf8))], clientPort: 40001))
        let inv = c.finish()
        XCTAssertEqual(inv.http.requests, 1)
        XCTAssertEqual(c.recorders.http.connectTargets, [IPAddress("10.1.0.254")!: ["www.example.kp:443"]])
        XCTAssertEqual(inv.services.map { "\($0.port) \($0.service ?? "-")" }, ["554 rtsp", "8080 http"])
    }

    func testFlowStateStaysSmall() {
        // The detector index and the fingerprint sample's index fit in padding; the flow's
        // byte count (services[].bytes) adds 8: FlowState keeps to 176 bytes.
        XCTAssertLessThanOrEqual(MemoryLayout<FlowState>.stride, 176)
    }
}
