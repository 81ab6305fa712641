import KPWire
import XCTest

final class TunnelDetectorTests: XCTestCase {
    func testSOCKS4And4aAnd5() {
        // SOCKS4 CONNECT to 10.1.2.3:80, user "kim".
        let v4: [UInt8] = [4, 1] + be16(80) + [10, 1, 2, 3] + Array(ascii: "kim\0")
        XCTAssertEqual(detect(SOCKSDetector(), v4, from: .client)?.fields, [DetectionField("destination", "10.1.2.3:80"), DetectionField("version", "4")])
        // SOCKS4a: DSTIP 0.0.0.1 and the host after the user id.
        let v4a: [UInt8] = [4, 1] + be16(443) + [0, 0, 0, 1] + Array(ascii: "\0www.example.kp\0")
        XCTAssertEqual(detect(SOCKSDetector(), v4a)?.fields.first, DetectionField("destination", "www.example.kp:443"))
        // SOCKS5: greeting (no auth) is weak; a CONNECT to a domain is strong.
        XCTAssertEqual(detect(SOCKSDetector(), [5, 1, 0])?.confidence, .weak)
        let connect: [UInt8] = [5, 1, 0, 3, 14] + Array(ascii: "www.example.kp") + be16(443)
        XCTAssertEqual(detect(SOCKSDetector(), connect, index: 1)?.fields.first, DetectionField("destination", "www.example.kp:443"))
        XCTAssertNil(detect(SOCKSDetector(), v4, from: .server))
        XCTAssertNil(detect(SOCKSDetector(), Array(v4.dropLast())))
    }

    func testOpenVPNHardReset() {
        // length 14, opcode 7 key 0 (0x38), session id, 0 acks, packet id 0.
        let reset: [UInt8] = be16(14) + [0x38] + [UInt8](repeating: 0xab, count: 8) + [0] + [0, 0, 0, 0]
        XCTAssertEqual(detect(OpenVPNDetector(), reset, from: .client)?.fields, [DetectionField("opcode", "hard_reset_client")])
        XCTAssertNil(detect(OpenVPNDetector(), reset, from: .server))
        XCTAssertNil(detect(OpenVPNDetector(), be16(15) + Array(reset.dropFirst(2))))
    }

    func testPPTPStartControlConnection() {
        // Start-Control-Connection-Reply: 156 bytes, magic cookie, host "gw1", vendor "Linux".
        var reply: [UInt8] = be16(156) + be16(1) + be32(0x1a2b_3c4d) + be16(2) + [UInt8](repeating: 0, count: 18)
        reply += Array(ascii: "gw1") + [UInt8](repeating: 0, count: 61) + Array(ascii: "Linux") + [UInt8](repeating: 0, count: 59)
        let v = detect(PPTPDetector(), reply, from: .server)
        XCTAssertEqual(v?.names, ["gw1"])
        XCTAssertEqual(v?.software, "Linux")
        XCTAssertNil(detect(PPTPDetector(), be16(156) + be16(1) + be32(0x1a2b_3c4e)))
    }

    func testTelnetNegotiation() {
        // IAC DO TERMINAL-TYPE, IAC WILL SGA: strong; one negotiation is weak.
        XCTAssertEqual(detect(TelnetDetector(), [0xff, 0xfd, 0x18, 0xff, 0xfb, 0x03])?.confidence, .strong)
        XCTAssertEqual(detect(TelnetDetector(), [0xff, 0xfd, 0x18])?.confidence, .weak)
        // IAC SB TERMINAL-TYPE SEND IAC SE.
        XCTAssertEqual(detect(TelnetDetector(), [0xff, 0xfa, 0x18, 1, 0xff, 0xf0, 0xff, 0xfb, 1])?.confidence, .strong)
        XCTAssertNil(detect(TelnetDetector(), [0xff, 0xfa, 0x18, 1]))
    }

    func testRFBVersion() {
        XCTAssertEqual(detect(RFBDetector(), Array(ascii: "RFB 003.008\n"), from: .server),
                       Detection(service: "vnc", confidence: .strong, software: "RFB 3.8", fields: [DetectionField("version", "3.8")]))
        XCTAssertNil(detect(RFBDetector(), Array(ascii: "RFB 003.00x\n")))
    }

    func testBitTorrentHandshakeAndRsync() {
        let handshake: [UInt8] = [19] + Array(ascii: "BitTorrent protocol") + [UInt8](repeating: 0, count: 48)
        XCTAssertEqual(detect(BitTorrentDetector(), handshake)?.confidence, .strong)
        XCTAssertNil(detect(BitTorrentDetector(), [18] + Array(ascii: "BitTorrent protoco")))
        XCTAssertEqual(detect(RsyncDetector(), Array(ascii: "@RSYNCD: 31.0\n"))?.fields, [DetectionField("version", "31.0")])
        XCTAssertNil(detect(RsyncDetector(), Array(ascii: "@RSYNCD: x\n")))
    }
}
