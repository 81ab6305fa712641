import KPWire
import XCTest

final class UDPNameDetectorTests: XCTestCase {
    func testMDNSResponseNamesItsSender() {
        // A response (QR, AA) with one answer printer.local A 10.0.0.5, cache-flush class.
        let response = hex("0000 8400 0000 0001 0000 0000") + [7] + Array(ascii: "printer") + [5] + Array(ascii: "local") + [0]
            + hex("0001 8001 00000078 0004 0a000005")
        XCTAssertEqual(detectUDP(MDNSDetector(), response, ports: (5353, 5353)),
                       Detection(service: "mdns", confidence: .strong, names: ["printer.local"]))
        // `dig -p 5353 @127.0.0.1 printer.local A` (BIND 9.18), as sent: a query names no one.
        let query = hex("8ff901200001000000000001077072696e746572056c6f63616c000001000100002904d000000000000c000a00081258cdd567bcc33d")
        XCTAssertEqual(detectUDP(MDNSDetector(), query, ports: (42110, 5353))?.names, [])
        // A query with a known answer (RFC 6762 §7.1) is still mDNS, but the answer is the
        // sender's cache, not its name.
        let knownAnswer = hex("0000 0000 0001 0001 0000 0000") + [7] + Array(ascii: "printer") + [5] + Array(ascii: "local") + [0]
            + hex("0001 0001  c00c 0001 0001 00000078 0004 0a000005")
        XCTAssertEqual(detectUDP(MDNSDetector(), knownAnswer, ports: (5353, 5353))?.names, [])
        // DNS on another port is DNS's; a message cut inside its answer is not named.
        XCTAssertNil(detectUDP(MDNSDetector(), response, ports: (40000, 53)))
        XCTAssertNil(detectUDP(MDNSDetector(), Array(response.dropLast(2)), ports: (5353, 5353)))
    }

    func testLLMNRQueryAndAnswer() {
        // A query for "kp-pc1" A (RFC 4795 §2.1.1), then the owner's answer (a pointer to the question's name).
        let question = [6] + Array(ascii: "kp-pc1") + [0] + hex("0001 0001")
        let query = hex("1234 0000 0001 0000 0000 0000") + question
        XCTAssertEqual(detectUDP(LLMNRDetector(), query, ports: (50000, 5355)), Detection(service: "llmnr", confidence: .strong))
        let answer = hex("1234 8000 0001 0001 0000 0000") + question + hex("c00c 0001 0001 0000001e 0004 0a000007")
        XCTAssertEqual(detectUDP(LLMNRDetector(), answer, ports: (5355, 50000))?.names, ["kp-pc1"])
        // Two questions are not LLMNR; neither is the query on another port.
        XCTAssertNil(detectUDP(LLMNRDetector(), hex("1234 0000 0002 0000 0000 0000") + question + question, ports: (50000, 5355)))
        XCTAssertNil(detectUDP(LLMNRDetector(), query, ports: (50000, 5353)))
    }

    // A broadcast registration of KPPC1<00> (RFC 1002 §4.2.2): opcode 5, RD and B
    // flags, the question and an additional record (name pointer, TTL, NB_FLAGS, address).
    func registration(_ name: String, flags nb: String = "0000") -> [UInt8] {
        hex("8001 2910 0001 0000 0000 0001") + netbiosName(name, suffix: 0) + hex("0020 0001  c00c 0020 0001 000493e0 0006") + hex(nb) + hex("0a000009")
    }

    func testNetBIOSNameRegistrationNamesItsSender() {
        XCTAssertEqual(detectUDP(NetBIOSNameDetector(), registration("KPPC1"), ports: (137, 137)),
                       Detection(service: "netbios-ns", confidence: .strong, names: ["KPPC1"], fields: [DetectionField("opcode", "registration")]))
        // A group name (NB_FLAGS G bit) is a workgroup, not a host.
        XCTAssertEqual(detectUDP(NetBIOSNameDetector(), registration("WORKGROUP", flags: "8000"), ports: (137, 137))?.names, [])
        // A byte past the record, or a letter outside 'A'…'P' in the name: not named.
        XCTAssertNil(detectUDP(NetBIOSNameDetector(), registration("KPPC1") + [0]))
        var bad = registration("KPPC1")
        bad[13] = 0x5a
        XCTAssertNil(detectUDP(NetBIOSNameDetector(), bad))
    }

    func testNetBIOSNameQueryAndPositiveAnswer() {
        let query = hex("8002 0110 0001 0000 0000 0000") + netbiosName("FILESRV", suffix: 0x20) + hex("0020 0001")
        XCTAssertEqual(detectUDP(NetBIOSNameDetector(), query, ports: (137, 137)),
                       Detection(service: "netbios-ns", confidence: .strong, fields: [DetectionField("opcode", "query")]))
        // The owner's positive answer (R, AA, RD): the name is the sender's.
        let answer = hex("8002 8500 0000 0001 0000 0000") + netbiosName("FILESRV", suffix: 0x20) + hex("0020 0001 000493e0 0006 0000 0a00000b")
        XCTAssertEqual(detectUDP(NetBIOSNameDetector(), answer, ports: (137, 137))?.names, ["FILESRV"])
    }

    func testNetBIOSDatagramBrowserAnnouncement() {
        // A direct group datagram from KPPC1<00> to WORKGROUP<1d>, 138 → 138, then its SMB bytes.
        let names = netbiosName("KPPC1", suffix: 0) + netbiosName("WORKGROUP", suffix: 0x1d)
        let data = names + Array(ascii: "\u{ff}SMB%") + [UInt8](repeating: 0, count: 27)
        let datagram = hex("11 02 8003 0a000009 008a") + [0, UInt8(data.count)] + hex("0000") + data
        XCTAssertEqual(detectUDP(NetBIOSDatagramDetector(), datagram, ports: (138, 138)),
                       Detection(service: "netbios-dgm", confidence: .strong, names: ["KPPC1"],
                                 fields: [DetectionField("datagram", "direct_group"), DetectionField("group", "WORKGROUP")]))
        var wrongLength = datagram
        wrongLength[11] += 1
        XCTAssertNil(detectUDP(NetBIOSDatagramDetector(), wrongLength))
    }

    func testSSDPSearchAnnouncementAndAnswer() {
        let search = Array(ascii: "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: ssdp:all\r\n"
            + "USER-AGENT: Linux/6.1 UPnP/2.0 kpclient/1.0\r\n\r\n")
        XCTAssertEqual(detectUDP(SSDPDetector(), search, ports: (50000, 1900)),
                       Detection(service: "ssdp", confidence: .strong, software: "Linux/6.1 UPnP/2.0 kpclient/1.0",
                                 fields: [DetectionField("method", "M-SEARCH"), DetectionField("type", "ssdp:all")]))
        let notify = Array(ascii: "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nNT: urn:schemas-upnp-org:device:MediaRenderer:1\r\n"
            + "NTS: ssdp:alive\r\nSERVER: Linux/5.10 UPnP/1.0 Manbang/2.1\r\nUSN: uuid:1::urn:schemas-upnp-org:device:MediaRenderer:1\r\n\r\n")
        XCTAssertEqual(detectUDP(SSDPDetector(), notify)?.software, "Linux/5.10 UPnP/1.0 Manbang/2.1")
        XCTAssertEqual(detectUDP(SSDPDetector(), notify)?.fields.last, DetectionField("type", "urn:schemas-upnp-org:device:MediaRenderer:1"))
        let answer = Array(ascii: "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nST: upnp:rootdevice\r\nUSN: uuid:1::upnp:rootdevice\r\n\r\n")
        XCTAssertEqual(detectUDP(SSDPDetector(), answer)?.fields, [DetectionField("type", "upnp:rootdevice")])
        XCTAssertNil(detectUDP(SSDPDetector(), Array(ascii: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")))
        XCTAssertNil(detectUDP(SSDPDetector(), Array(ascii: "GET / HTTP/1.1\r\nHost: x\r\n\r\n")))
    }
}
