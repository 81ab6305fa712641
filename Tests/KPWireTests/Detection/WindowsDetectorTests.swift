import KPWire
import XCTest

final class WindowsDetectorTests: XCTestCase {
    func testRDPConnectionRequest() {
        // mstsc's X.224 CR: TPKT, LI, 0xE0, refs, class 0, the cookie, RDP_NEG_REQ asking for TLS and CredSSP.
        let x224: [UInt8] = [0xe0, 0, 0, 0, 0, 0] + Array(ascii: "Cookie: mstshash=kim\r\n") + [1, 0, 8, 0] + le32(3)
        let cr: [UInt8] = [3, 0] + be16(5 + x224.count) + [UInt8(x224.count)] + x224
        XCTAssertEqual(detect(RDPDetector(), cr, from: .client),
                       Detection(service: "rdp", confidence: .strong, fields: [DetectionField("cookie", "kim"), DetectionField("requested_protocols", "ssl,hybrid")]))
        // A bare CR (as ISO-TSAP sends too) is weak.
        let bare: [UInt8] = [3, 0, 0, 11, 6, 0xe0, 0, 0, 0, 0, 0]
        XCTAssertEqual(detect(RDPDetector(), bare)?.confidence, .weak)
        XCTAssertNil(detect(RDPDetector(), Array(cr.dropLast())))
    }

    func testSMB2NegotiateResponseDialect() {
        // SMB2 header (64 bytes): command 0 NEGOTIATE, flags 1 (response); body: size 65, mode, dialect 0x0311.
        let smb2: [UInt8] = [0xfe, 0x53, 0x4d, 0x42] + le16(64) + le16(0) + le32(0) + le16(0) + le16(1) + le32(1) + [UInt8](repeating: 0, count: 44)
        let body = le16(65) + le16(1) + le16(0x0311) + [UInt8](repeating: 0, count: 58)
        let msg = smb2 + body
        let framed: [UInt8] = [0, 0] + be16(msg.count) + msg
        XCTAssertEqual(detect(SMBDetector(), framed, from: .server)?.fields, [DetectionField("dialect", "3.1.1"), DetectionField("version", "2")])
        // SMB1 negotiate request: "\xffSMB" and command 0x72.
        let smb1: [UInt8] = [0, 0, 0, 35, 0xff, 0x53, 0x4d, 0x42, 0x72] + [UInt8](repeating: 0, count: 30)
        XCTAssertEqual(detect(SMBDetector(), smb1)?.fields, [DetectionField("version", "1")])
        XCTAssertNil(detect(SMBDetector(), [0, 0, 0, 35, 0xfe, 0x53, 0x4d]))
    }

    func testNetBIOSSessionRequestNames() {
        // Called "FILESERVER", calling "KIM-PC", both first-level encoded with suffix 0x20.
        func encoded(_ name: String) -> [UInt8] {
            let padded = Array(name.utf8) + [UInt8](repeating: 0x20, count: 15 - name.count) + [0x20]
            return [0x20] + padded.flatMap { [0x41 + ($0 >> 4), 0x41 + ($0 & 0x0f)] } + [0]
        }
        let request: [UInt8] = [0x81, 0, 0, 68] + encoded("FILESERVER") + encoded("KIM-PC")
        let v = detect(NetBIOSSessionDetector(), request, from: .client)
        XCTAssertEqual(v?.names, ["KIM-PC"])
        XCTAssertEqual(v?.peerNames, ["FILESERVER"])
        var bad = request
        bad[10] = 0x5a
        XCTAssertNil(detect(NetBIOSSessionDetector(), bad))
    }

    func testLDAPBindAndSearch() {
        // bindRequest, message 1: version 3, the DN, simple auth [0] "pw".
        let dn = Array(ascii: "cn=admin,dc=example,dc=kp")
        let bind = ber(0x30, ber(0x02, [1]) + ber(0x60, ber(0x02, [3]) + ber(0x04, dn) + ber(0x80, Array(ascii: "pw"))))
        XCTAssertEqual(detect(LDAPDetector(), bind, from: .client)?.fields, [DetectionField("bind_dn", "cn=admin,dc=example,dc=kp")])
        // searchRequest, message 2: base, scope 2 (subtree), …
        let search = ber(0x30, ber(0x02, [2]) + ber(0x63, ber(0x04, Array(ascii: "dc=example,dc=kp")) + ber(0x0a, [2]) + ber(0x0a, [0])))
        XCTAssertEqual(detect(LDAPDetector(), search)?.fields, [DetectionField("base", "dc=example,dc=kp")])
        // bindResponse: resultCode 0: weak.
        let response = ber(0x30, ber(0x02, [1]) + ber(0x61, ber(0x0a, [0]) + ber(0x04, []) + ber(0x04, [])))
        XCTAssertEqual(detect(LDAPDetector(), response, from: .server)?.confidence, .weak)
        XCTAssertNil(detect(LDAPDetector(), Array(bind.dropLast())))
    }

    func testKerberosASRequestRealm() {
        // AS-REQ: [APPLICATION 10] SEQUENCE { [1] pvno 5, [2] msg-type 10, [4] req-body { [0] options, [2] realm } }.
        let reqBody = ber(0x30, ber(0xa0, ber(0x03, [0, 0x40, 0x81, 0, 0x10])) + ber(0xa2, ber(0x1b, Array(ascii: "EXAMPLE.KP"))))
        let asReq = ber(0x6a, ber(0x30, ber(0xa1, ber(0x02, [5])) + ber(0xa2, ber(0x02, [10])) + ber(0xa4, reqBody)))
        let tcp = be32(asReq.count) + asReq
        XCTAssertEqual(detect(KerberosDetector(), tcp)?.fields, [DetectionField("message", "as-req"), DetectionField("realm", "EXAMPLE.KP")])
        XCTAssertEqual(detect(KerberosDetector(), asReq, transport: .udp)?.fields.count, 2)
        // pvno 4 is not Kerberos 5; a wrong length prefix is not a message.
        let v4 = ber(0x6a, ber(0x30, ber(0xa1, ber(0x02, [4]))))
        XCTAssertNil(detect(KerberosDetector(), be32(v4.count) + v4))
        XCTAssertNil(detect(KerberosDetector(), be32(asReq.count + 1) + asReq))
    }

    func testDCERPCBind() {
        // bind (11), flags first+last, little-endian drep, frag_length 72, auth 0, call 1.
        let bind: [UInt8] = [5, 0, 11, 3, 0x10, 0, 0, 0] + le16(72) + le16(0) + le32(1) + [UInt8](repeating: 0, count: 56)
        XCTAssertEqual(detect(DCERPCDetector(), bind), Detection(service: "dcerpc", confidence: .strong, fields: [DetectionField("packet", "bind")]))
        var request = bind
        request[2] = 0
        XCTAssertEqual(detect(DCERPCDetector(), request)?.confidence, .weak)
        XCTAssertNil(detect(DCERPCDetector(), Array(bind.dropLast())))
    }
}
