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
