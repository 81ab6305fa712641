import KPWire
import XCTest

final class UDPInfrastructureDetectorTests: XCTestCase {
    // A client request (chrony's shape): LI 0, version 4, mode 3; no reference,
    // origin or receive time; only the transmit time set.
    let ntpRequest = hex("23 00 0a 20") + [UInt8](repeating: 0, count: 36) + hex("ed0c8b10 5a5a5a5a")

    func testNTPClientRequestIsStrongOnlyToPort123() {
        let fields = [DetectionField("mode", "client"), DetectionField("stratum", "0"), DetectionField("version", "4")]
        XCTAssertEqual(detectUDP(NTPDetector(), ntpRequest, from: .client, ports: (40000, 123)),
                       Detection(service: "ntp", confidence: .strong, fields: fields))
        XCTAssertEqual(detectUDP(NTPDetector(), ntpRequest, from: .client, ports: (40000, 40123))?.confidence, .weak)
        XCTAssertNil(detectUDP(NTPDetector(), ntpRequest, from: .server, ports: (40000, 123)))
        XCTAssertNil(detectUDP(NTPDetector(), Array(ntpRequest.prefix(47)), ports: (40000, 123)))
    }

    func testNTPServerReply() {
        // Stratum 2, poll 10, precision -23; reference ID, then reference, origin
        // (the client's transmit), receive and transmit times, received before sent.
        let reply = hex("24 02 0a e9  00000100 00000200  c0a80001  ed0c8a00 00000000  ed0c8b10 5a5a5a5a")
            + hex("ed0c8b10 11111111  ed0c8b10 22222222")
        XCTAssertEqual(detectUDP(NTPDetector(), reply, from: .server, ports: (123, 40000))?.confidence, .strong)
        XCTAssertEqual(detectUDP(NTPDetector(), reply, from: .server, ports: (123, 40000))?.fields.first { $0.name == "stratum" }?.value, "2")
        // Sent before received: not a consistent clock, so only weak.
        var backwards = reply
        backwards[40 ..< 44] = [0xed, 0x0c, 0x8b, 0x0f]
        XCTAssertEqual(detectUDP(NTPDetector(), backwards, from: .server, ports: (123, 40000))?.confidence, .weak)
        // Mode 6 (ntpq's control messages) has another layout.
        var control = reply
        control[0] = 0x26
        XCTAssertNil(detectUDP(NTPDetector(), control, ports: (123, 40000)))
    }

    func testSNMPRealRequestsKeepNoCommunity() {
        // `snmpget -v2c -c s3cretcomm 127.0.0.1:5161 sysName.0` (net-snmp 5.9.3), as sent.
        let v2c = hex("302d020101040a733363726574636f6d6da01c02045e909ca9020100020100300e300c06082b060102010105000500")
        let d = detectUDP(SNMPDetector(), v2c, from: .client, ports: (45849, 161))
        XCTAssertEqual(d, Detection(service: "snmp", confidence: .strong, fields: [DetectionField("pdu", "get"), DetectionField("version", "2c")]))
        XCTAssertFalse(d!.fields.contains { $0.value.contains("s3cret") || $0.name.contains("community") })
        // `snmpget -v1 -c public …`
        let v1 = hex("302902010004067075626c6963a01c02047bf0ceb3020100020100300e300c06082b060102010105000500")
        XCTAssertEqual(detectUDP(SNMPDetector(), v1)?.fields, [DetectionField("pdu", "get"), DetectionField("version", "1")])
        // `snmpget -v3 -l noAuthNoPriv -u kpuser …`: the engine discovery (flags 0x04, reportable).
        let v3 = hex("303e020103301102042291a72a020300ffe30401040201030410300e0400020100020100040004000400301404000400a00e020431e767290201000201003000")
        XCTAssertEqual(detectUDP(SNMPDetector(), v3)?.fields, [DetectionField("security", "noauthnopriv"),
                                                              DetectionField("security_model", "usm"), DetectionField("version", "3")])
        // One byte short of its SEQUENCE, or version 2 (none such), is not SNMP.
        XCTAssertNil(detectUDP(SNMPDetector(), Array(v2c.dropLast())))
        var v2 = v1
        v2[4] = 2
        XCTAssertNil(detectUDP(SNMPDetector(), v2))
    }

    func testSyslogFromLogger() {
        // `logger -n 127.0.0.1 -P 5514 -d --rfc5424 "hello udp"` (util-linux 2.38.1), as sent.
        let rfc5424 = Array(ascii: "<13>1 2026-12-04T19:35:42.212050+00:00 vm root - - [timeQuality tzKnown=\"1\" isSynced=\"0\"] hello udp")
        XCTAssertEqual(detectUDP(SyslogDetector(), rfc5424, ports: (60864, 514)),
                       Detection(service: "syslog", confidence: .strong, fields: [DetectionField("facility", "1"), DetectionField("format", "rfc5424")]))
        // `logger … --rfc3164 -t kptest "hello bsd"`
        let bsd = Array(ascii: "<13>Dec  4 19:35:42 vm kptest: hello bsd")
        XCTAssertEqual(detectUDP(SyslogDetector(), bsd)?.fields, [DetectionField("facility", "1"), DetectionField("format", "rfc3164")])
        // Without a version or timestamp, a priority over 191 or with a leading zero: not named.
        XCTAssertNil(detectUDP(SyslogDetector(), Array(ascii: "<13>hello")))
        XCTAssertNil(detectUDP(SyslogDetector(), Array(ascii: "<192>1 - vm root - - - x")))
        XCTAssertNil(detectUDP(SyslogDetector(), Array(ascii: "<013>1 - vm root - - - x")))
        XCTAssertNil(detectUDP(SyslogDetector(), Array(ascii: "<13>1 2026")))
    }

    // `radtest kpuser kppass 127.0.0.1:5812 0 testing123` (freeradius-utils 3.2.1): an
    // Access-Request of 76 bytes: User-Name, User-Password, NAS-IP-Address, NAS-Port,
    // Message-Authenticator.
    let accessRequest = hex("01ba004c0564c7856db2427b922db3f0a7cf02e601086b70757365720212561a23fc2c7713e1c45c6b0b89f7c357")
        + hex("04067f0000010506000000005012ae2be3ae7f9817c325d585d56e5a3122")

    func testRADIUSAccessRequestFromRadtest() {
        XCTAssertEqual(detectUDP(RADIUSDetector(), accessRequest, ports: (57781, 1812)),
                       Detection(service: "radius", confidence: .strong, fields: [DetectionField("code", "access-request")]))
        // The length must be the datagram's and the attributes must end exactly there.
        var longer = accessRequest
        longer[3] = 0x4d
        XCTAssertNil(detectUDP(RADIUSDetector(), longer))
        var cut = Array(accessRequest.dropLast())
        cut[3] = 0x4b
        XCTAssertNil(detectUDP(RADIUSDetector(), cut))
        // An Access-Accept with no attributes is only a code and a length: weak.
        let accept = hex("02ba0014") + [UInt8](repeating: 0x11, count: 16)
        XCTAssertEqual(detectUDP(RADIUSDetector(), accept)?.confidence, .weak)
        var code9 = accept
        code9[0] = 9
        XCTAssertNil(detectUDP(RADIUSDetector(), code9))
    }

    func testTFTPRequestsFromTFTPHPA() {
        // `tftp -m octet 127.0.0.1 5069 -c get pxelinux.0` (tftp-hpa 5.2), as sent.
        let rrq = hex("00017078656c696e75782e30006f6374657400")
        XCTAssertEqual(detectUDP(TFTPDetector(), rrq, from: .client, ports: (55191, 69)),
                       Detection(service: "tftp", confidence: .strong, fields: [DetectionField("filename", "pxelinux.0"),
                                                                               DetectionField("mode", "octet"), DetectionField("request", "read")]))
        // The default netascii mode; a write request with options (RFC 2347).
        XCTAssertEqual(detectUDP(TFTPDetector(), hex("0001626f6f742e636667006e6574617363696900"))?.fields.first { $0.name == "mode" }?.value, "netascii")
        let wrq = [0, 2] + Array(ascii: "up.bin\0OCTET\0blksize\01468\0tsize\04096\0")
        XCTAssertEqual(detectUDP(TFTPDetector(), wrq)?.fields, [DetectionField("filename", "up.bin"), DetectionField("mode", "octet"),
                                                               DetectionField("option", "blksize"), DetectionField("option", "tsize"),
                                                               DetectionField("request", "write")])
        // An unknown mode, a missing NUL, an option without its value: not TFTP.
        XCTAssertNil(detectUDP(TFTPDetector(), [0, 1] + Array(ascii: "a\0binary\0")))
        XCTAssertNil(detectUDP(TFTPDetector(), [0, 1] + Array(ascii: "a\0octet")))
        XCTAssertNil(detectUDP(TFTPDetector(), [0, 1] + Array(ascii: "a\0octet\0blksize\0")))
        XCTAssertNil(detectUDP(TFTPDetector(), rrq, from: .server))
    }

    func testTFTPReplies() {
        // The option acknowledgement, an error "File not found", the first data block.
        XCTAssertEqual(detectUDP(TFTPDetector(), [0, 6] + Array(ascii: "blksize\01468\0"), from: .server)?.confidence, .strong)
        XCTAssertNil(detectUDP(TFTPDetector(), [0, 6] + Array(ascii: "colour\0red\0"), from: .server))
        XCTAssertEqual(detectUDP(TFTPDetector(), [0, 5, 0, 1] + Array(ascii: "File not found\0"), from: .server)?.confidence, .weak)
        XCTAssertNil(detectUDP(TFTPDetector(), [0, 5, 0, 9] + Array(ascii: "x\0"), from: .server))
        XCTAssertEqual(detectUDP(TFTPDetector(), [0, 3, 0, 1] + [UInt8](repeating: 0x55, count: 512), from: .server)?.confidence, .weak)
        XCTAssertNil(detectUDP(TFTPDetector(), [0, 3, 0, 7] + [UInt8](repeating: 0x55, count: 512), from: .server))
    }

    // A Solicit (RFC 8415 §16.2): client id (DUID-LLT), elapsed time, client FQDN
    // "laptop.lan" (RFC 4704), option request for DNS servers and domains.
    let solicit = hex("01 a1b2c3  0001 000e 0001 0001 2a2b2c2d 02 00 00 00 00 0a  0008 0002 0000")
        + hex("0027 000d 00 06") + Array(ascii: "laptop") + [3] + Array(ascii: "lan") + [0] + hex("0006 0004 0017 0018")

    func testDHCPv6SolicitNamesItsClient() {
        XCTAssertEqual(detectUDP(DHCPv6Detector(), solicit, from: .client, ports: (546, 547)),
                       Detection(service: "dhcpv6", confidence: .strong, names: ["laptop.lan"], fields: [DetectionField("message", "solicit")]))
        // Only between 546 and 547; options that walk exactly; a known type.
        XCTAssertNil(detectUDP(DHCPv6Detector(), solicit, ports: (40000, 40002)))
        XCTAssertNil(detectUDP(DHCPv6Detector(), solicit + [0], ports: (546, 547)))
        XCTAssertNil(detectUDP(DHCPv6Detector(), [14] + solicit.dropFirst(), ports: (546, 547)))
        // An Advertise from the server with the same options names no one.
        XCTAssertEqual(detectUDP(DHCPv6Detector(), [2] + solicit.dropFirst(), from: .server, ports: (547, 546))?.names, [])
    }

    func testDHCPv6RelayForward() {
        // Relay-forw: hop count, link and peer addresses, then a Relay Message option holding a Solicit.
        let relay = hex("0c 00") + [UInt8](repeating: 0x20, count: 16) + [UInt8](repeating: 0xfe, count: 16) + hex("0009") + [0, UInt8(solicit.count)] + solicit
        XCTAssertEqual(detectUDP(DHCPv6Detector(), relay, ports: (547, 547))?.fields, [DetectionField("message", "relay-forw")])
    }
}
