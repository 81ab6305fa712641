import KPWire
import XCTest

final class WebDetectorTests: XCTestCase {
    func testHTTP2Preface() {
        // The client connection preface of RFC 9113 §3.4, then an empty SETTINGS frame.
        let preface = Array(ascii: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") + [0, 0, 0, 4, 0, 0, 0, 0, 0]
        XCTAssertEqual(detect(HTTP2Detector(), preface, from: .client), Detection(service: "http2", confidence: .strong))
        XCTAssertNil(detect(HTTP2Detector(), preface, from: .server))
        XCTAssertNil(detect(HTTP2Detector(), Array(ascii: "PRI * HTTP/2.0\r\n\r\n")))
    }

    func testH2CUpgradeResponse() {
        // A server accepting "Upgrade: h2c" (RFC 7540 §3.2).
        let reply = Array(ascii: "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n")
        XCTAssertEqual(detect(HTTP2Detector(), reply, from: .server)?.fields, [DetectionField("upgrade", "h2c")])
        let websocket = Array(ascii: "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")
        XCTAssertNil(detect(HTTP2Detector(), websocket, from: .server))
    }
}

final class MediaDetectorTests: XCTestCase {
    func testRTSPRequestAndResponse() {
        // A VLC-style DESCRIBE and a live555 reply.
        let describe = Array(ascii: "DESCRIBE rtsp://cam1.example.kp:8554/live RTSP/1.0\r\nCSeq: 2\r\nUser-Agent: LibVLC/3.0.18\r\n\r\n")
        XCTAssertEqual(detect(RTSPDetector(), describe, from: .client), Detection(service: "rtsp", confidence: .strong, fields: [DetectionField("host", "cam1.example.kp")]))
        let ok = Array(ascii: "RTSP/1.0 200 OK\r\nCSeq: 2\r\nServer: LIVE555 Streaming Media v2023.06.20\r\n\r\n")
        XCTAssertEqual(detect(RTSPDetector(), ok, from: .server)?.software, "LIVE555 Streaming Media v2023.06.20")
        XCTAssertNil(detect(RTSPDetector(), Array(ascii: "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")))
        XCTAssertTrue(describe.withUnsafeBytes { RequestLine.hasOtherVersion($0) })
        XCTAssertFalse(Array(ascii: "OPTIONS * HTTP/1.1\r\n").withUnsafeBytes { RequestLine.hasOtherVersion($0) })
    }

    func testSIPRequestFields() {
        // A REGISTER from a softphone: the From/To domains and the User-Agent.
        let register = Array(ascii: "REGISTER sip:voip.example.kp SIP/2.0\r\nVia: SIP/2.0/TCP 10.0.0.5:5060\r\n"
            + "From: \"Kim\" <sip:kim@voip.example.kp>;tag=1\r\nt: <sip:kim@Voip.Example.kp>\r\nUser-Agent: Linphone/5.2\r\n\r\n")
        let v = detect(SIPDetector(), register, from: .client)
        XCTAssertEqual(v?.confidence, .strong)
        XCTAssertEqual(v?.software, "Linphone/5.2")
        XCTAssertEqual(v?.fields, [DetectionField("from_domain", "voip.example.kp"), DetectionField("request_domain", "voip.example.kp"),
                                   DetectionField("to_domain", "voip.example.kp")])
        XCTAssertEqual(detect(SIPDetector(), Array(ascii: "SIP/2.0 200 OK\r\nServer: Asterisk PBX 20\r\n\r\n"), from: .server)?.software, "Asterisk PBX 20")
        // An HTTP request is not SIP, nor is a SIP-looking line with an http URI.
        XCTAssertNil(detect(SIPDetector(), Array(ascii: "GET / HTTP/1.1\r\n\r\n")))
        XCTAssertNil(detect(SIPDetector(), Array(ascii: "OPTIONS http://x SIP/2.0\r\n\r\n")))
    }
}
