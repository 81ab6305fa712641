import KPWire
import XCTest

final class UDPMediaDetectorTests: XCTestCase {
    let transaction = hex("0102030405060708090a0b0c")

    func testSTUNBindingRequest() {
        // A Binding request without attributes (RFC 8489 §6): type 0x0001, length 0, the cookie, a transaction id.
        XCTAssertEqual(detectUDP(STUNDetector(), hex("0001 0000 2112a442") + transaction),
                       Detection(service: "stun", confidence: .strong, fields: [DetectionField("class", "request"), DetectionField("method", "binding")]))
        XCTAssertNil(detectUDP(STUNDetector(), hex("0001 0000 2112a443") + transaction))
        XCTAssertNil(detectUDP(STUNDetector(), hex("0001 0004 2112a442") + transaction))
    }

    func testSTUNSuccessGivesTheMappedAddressAndSoftware() {
        // A Binding success: XOR-MAPPED-ADDRESS 198.51.100.7:40000 (port ^ 0x2112, address ^
        // the cookie), SOFTWARE "coturn-4.6" padded to 12 bytes.
        let body = hex("0020 0008 0001 bd52 e721c045") + hex("8022 000a") + Array(ascii: "coturn-4.6") + [0, 0]
        let response = hex("0101 001c 2112a442") + transaction + body
        XCTAssertEqual(detectUDP(STUNDetector(), response, from: .server, ports: (3478, 40000)),
                       Detection(service: "stun", confidence: .strong, software: "coturn-4.6",
                                 fields: [DetectionField("class", "success"), DetectionField("mapped_address", "198.51.100.7:40000"),
                                          DetectionField("method", "binding")]))
        // An IPv6 mapped address is XORed with the cookie and the transaction id.
        let v6 = hex("2001 0db8 0000 0000 0000 0000 0000 0001")
        let mask = hex("2112a442") + transaction
        let x = zip(v6, mask).map { $0 ^ $1 }
        let response6 = hex("0101 0018 2112a442") + transaction + hex("0020 0014 0002 bd52") + x
        XCTAssertEqual(detectUDP(STUNDetector(), response6)?.fields.first { $0.name == "mapped_address" }?.value, "[2001:db8::1]:40000")
        // An attribute longer than the message.
        XCTAssertNil(detectUDP(STUNDetector(), hex("0101 0008 2112a442") + transaction + hex("0020 0008 0001 bd52")))
    }

    func testTURNAllocate() {
        // An Allocate request (method 3) with REQUESTED-TRANSPORT UDP (RFC 8656 §18.11).
        let allocate = hex("0003 0008 2112a442") + transaction + hex("0019 0004 11000000")
        XCTAssertEqual(detectUDP(STUNDetector(), allocate)?.fields, [DetectionField("class", "request"), DetectionField("method", "allocate")])
    }

    // RTP version 2, PCMU (payload type 0), sequence 0x1234, timestamp, SSRC, 160 bytes of audio.
    let rtp = hex("80 00 1234 00000a00 deadbeef") + [UInt8](repeating: 0xd5, count: 160)

    func testRTPIsWeakAndNeedsMediaPorts() {
        XCTAssertEqual(detectUDP(RTPDetector(), rtp, ports: (40000, 40002)),
                       Detection(service: "rtp", confidence: .weak, fields: [DetectionField("payload_type", "0")]))
        XCTAssertNil(detectUDP(RTPDetector(), rtp, ports: (53, 40000)))
        XCTAssertNil(detectUDP(RTPDetector(), rtp, ports: (40001, 40003)))
        // Version 1; a payload type of RTCP's range (0xc8: marker and 72); CSRCs past the end.
        XCTAssertNil(detectUDP(RTPDetector(), [0x40] + rtp.dropFirst()))
        XCTAssertNil(detectUDP(RTPDetector(), [0x80, 0xc8] + rtp.dropFirst(2)))
        XCTAssertNil(detectUDP(RTPDetector(), [0x8f] + rtp.dropFirst().prefix(40)))
        // A dynamic type (96, e.g. H.264) with an extension header.
        let h264 = hex("90 e0 0001 00000000 01020304  bede 0001 10ff0000") + [UInt8](repeating: 0x41, count: 20)
        XCTAssertEqual(detectUDP(RTPDetector(), h264)?.fields, [DetectionField("payload_type", "96")])
    }

    func testRTCPCompoundWalks() {
        // A sender report (no report blocks: 28 bytes, length 6), then SDES with CNAME "kp@pc1" (20 bytes, length 4).
        let sr = hex("80 c8 0006 deadbeef  ed0c8b10 00000000  00000a00 00000010 00000a00")
        let sdes = hex("81 ca 0004 deadbeef 01 06") + Array(ascii: "kp@pc1") + [0, 0, 0, 0]
        XCTAssertEqual(detectUDP(RTCPDetector(), sr + sdes),
                       Detection(service: "rtcp", confidence: .strong, fields: [DetectionField("packet_type", "200"), DetectionField("packet_type", "202")]))
        // A lone receiver report with one block: weak. A count the length cannot hold, or a byte too many: not RTCP.
        let rr = hex("81 c9 0007 deadbeef") + [UInt8](repeating: 0, count: 24)
        XCTAssertEqual(detectUDP(RTCPDetector(), rr)?.confidence, .weak)
        XCTAssertNil(detectUDP(RTCPDetector(), hex("81 c9 0001 deadbeef")))
        XCTAssertNil(detectUDP(RTCPDetector(), sr + sdes + [0]))
        // SDES first is not a compound packet's start.
        XCTAssertNil(detectUDP(RTCPDetector(), sdes + sr))
    }

    func testSIPOverUDPIsTheSIPDetectors() {
        // The TCP SIP detector reads UDP too: the registry names a REGISTER on 5060/udp.
        let register = Array(ascii: "REGISTER sip:kp.example SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.5:5060\r\nFrom: <sip:100@kp.example>;tag=1\r\n"
            + "To: <sip:100@kp.example>\r\nCall-ID: 1@10.0.0.5\r\nCSeq: 1 REGISTER\r\nUser-Agent: Linphone/5.0\r\n\r\n")
        let d = registryVerdict(register, ports: (5060, 5060), transport: .udp)
        XCTAssertEqual(d?.service, "sip")
        XCTAssertEqual(d?.software, "Linphone/5.0")
    }
}
