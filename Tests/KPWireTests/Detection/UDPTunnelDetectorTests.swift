import KPWire
import XCTest

final class UDPTunnelDetectorTests: XCTestCase {
    // IKEv2 IKE_SA_INIT from the initiator (RFC 7296 §3.1): SPIs, next payload SA (33),
    // version 2.0, exchange 34, flags I, message id 0, length 36, one 8-byte SA payload.
    let saInit = hex("1122334455667788 0000000000000000 21 20 22 08 00000000 00000024  00 00 0008 00000000")

    func testIKEv2SAInit() {
        XCTAssertEqual(detectUDP(IKEDetector(), saInit, ports: (500, 500)),
                       Detection(service: "ike", confidence: .strong, fields: [DetectionField("exchange", "ike_sa_init"),
                                                                              DetectionField("role", "initiator"), DetectionField("version", "2")]))
        // On 4500 after the non-ESP marker.
        XCTAssertEqual(detectUDP(IKEDetector(), [0, 0, 0, 0] + saInit, ports: (4500, 4500))?.fields.first { $0.name == "nat_traversal" }?.value, "yes")
        // A payload length that does not walk to the end; a zero initiator SPI; an IKEv1 exchange with version 2.
        var walk = saInit
        walk[31] = 0x09
        XCTAssertNil(detectUDP(IKEDetector(), walk))
        XCTAssertNil(detectUDP(IKEDetector(), [UInt8](repeating: 0, count: 8) + saInit.dropFirst(8)))
        var mixed = saInit
        mixed[18] = 2
        XCTAssertNil(detectUDP(IKEDetector(), mixed))
    }

    func testIKEv1MainMode() {
        let main = hex("1122334455667788 0000000000000000 01 10 02 00 00000000 00000024  00 00 0008 00000001")
        XCTAssertEqual(detectUDP(IKEDetector(), main)?.fields, [DetectionField("exchange", "main"), DetectionField("version", "1")])
    }

    func testOpenVPNHardResets() {
        // P_CONTROL_HARD_RESET_CLIENT_V2 (7 << 3, key id 0), session id, no ACKs, packet id 0: 14 bytes.
        let session = hex("a1a2a3a4a5a6a7a8")
        let client = [0x38] + session + hex("00 00000000")
        XCTAssertEqual(detectUDP(OpenVPNUDPDetector(), client, from: .client, ports: (40000, 1194)),
                       Detection(service: "openvpn", confidence: .strong, fields: [DetectionField("key_id", "0"), DetectionField("opcode", "hard_reset_client"),
                                                                                  DetectionField("tls_auth", "none")]))
        // With tls-auth (HMAC-SHA1, 20 bytes), replay packet id 1 and a time.
        let authed = [0x38] + session + [UInt8](repeating: 0x99, count: 20) + hex("00000001 5f5e1000 00 00000000")
        XCTAssertEqual(detectUDP(OpenVPNUDPDetector(), authed)?.fields.last, DetectionField("tls_auth", "hmac160"))
        // The server's reset acks the client's packet 0 and names the client's session.
        let server = [0x40] + hex("b1b2b3b4b5b6b7b8") + hex("01 00000000") + session + hex("00000000")
        XCTAssertEqual(detectUDP(OpenVPNUDPDetector(), server, from: .server)?.fields[1], DetectionField("opcode", "hard_reset_server"))
        // Key id 1, a zero session id, a server reset from the client: not named.
        XCTAssertNil(detectUDP(OpenVPNUDPDetector(), [0x39] + client.dropFirst()))
        XCTAssertNil(detectUDP(OpenVPNUDPDetector(), [0x38] + [UInt8](repeating: 0, count: 8) + hex("00 00000000")))
        XCTAssertNil(detectUDP(OpenVPNUDPDetector(), server, from: .client))
    }

    func testWireGuardMessagesByExactLength() {
        let initiation = hex("01000000 0a0b0c0d") + [UInt8](repeating: 0x33, count: 140)
        XCTAssertEqual(detectUDP(WireGuardDetector(), initiation),
                       Detection(service: "wireguard", confidence: .strong, fields: [DetectionField("message", "handshake_initiation")]))
        XCTAssertNil(detectUDP(WireGuardDetector(), Array(initiation.dropLast())))
        let response = hex("02000000 0a0b0c0d 01020304") + [UInt8](repeating: 0x33, count: 80)
        XCTAssertEqual(detectUDP(WireGuardDetector(), response)?.confidence, .strong)
        let data = hex("04000000 01020304 0000000000000001") + [UInt8](repeating: 0x77, count: 32)
        XCTAssertEqual(detectUDP(WireGuardDetector(), data)?.confidence, .weak)
        XCTAssertNil(detectUDP(WireGuardDetector(), data + [0]))
        XCTAssertNil(detectUDP(WireGuardDetector(), [0x01, 0x01] + initiation.dropFirst(2)))
    }

    func testL2TPStartControlConnectionRequest() {
        // SCCRQ (RFC 2661 §6.1): Message Type 1, Protocol Version 1.0, Host Name "lns-kp1",
        // Framing Capabilities, Vendor Name "xl2tpd"; 63 bytes with the 12-byte header.
        let avps = hex("8008 0000 0000 0001  8008 0000 0002 0100  800d 0000 0007") + Array(ascii: "lns-kp1")
            + hex("800a 0000 0003 00000003  000c 0000 0008") + Array(ascii: "xl2tpd")
        let sccrq = hex("c802 003f 0000 0000 0000 0000") + avps
        XCTAssertEqual(detectUDP(L2TPDetector(), sccrq, ports: (1701, 1701)),
                       Detection(service: "l2tp", confidence: .strong, software: "xl2tpd", names: ["lns-kp1"], fields: [DetectionField("message", "sccrq")]))
        var length = sccrq
        length[3] = 0x40
        XCTAssertNil(detectUDP(L2TPDetector(), length))
        // A data message (T=0) is not read; a ZLB acknowledgement is weak, on 1701 only.
        XCTAssertNil(detectUDP(L2TPDetector(), [0x48, 0x02] + sccrq.dropFirst(2)))
        XCTAssertEqual(detectUDP(L2TPDetector(), hex("c802 000c 0001 0000 0001 0001"), ports: (1701, 1701))?.confidence, .weak)
        XCTAssertNil(detectUDP(L2TPDetector(), hex("c802 000c 0001 0000 0001 0001")))
    }

    func testTeredoOriginIndication() {
        // Origin indication for 198.51.100.9:40000 (each XORed with ones), then an IPv6
        // header with no payload (next header 59) from fe80::1 to a Teredo address.
        let origin = hex("0000 63bf 39cc9bf6")
        let ipv6 = hex("60000000 0000 3b 15  fe800000000000000000000000000001  20010000 c6336401 0000 0000 0000 0001")
        XCTAssertEqual(detectUDP(TeredoDetector(), origin + ipv6, ports: (3544, 40000)),
                       Detection(service: "teredo", confidence: .strong, fields: [DetectionField("origin", "198.51.100.9:40000")]))
        XCTAssertEqual(detectUDP(TeredoDetector(), ipv6)?.confidence, .strong)
        // A payload length that does not fill the datagram; IPv4 inside.
        XCTAssertNil(detectUDP(TeredoDetector(), origin + ipv6 + [0]))
        XCTAssertNil(detectUDP(TeredoDetector(), origin + [0x45] + ipv6.dropFirst()))
        // Plain IPv6 (no Teredo address or header) is weak on 3544 and nothing elsewhere.
        var plain = ipv6
        plain[24] = 0xfe
        plain[25] = 0x80
        XCTAssertEqual(detectUDP(TeredoDetector(), plain, ports: (40000, 3544))?.confidence, .weak)
        XCTAssertNil(detectUDP(TeredoDetector(), plain))
    }

    func testQUICInitials() {
        // A v1 client Initial padded to 1200 bytes: 8-byte DCID, no SCID, no token, length 1182.
        let v1 = hex("c0 00000001 08 0102030405060708 00 00 449e") + [UInt8](repeating: 0, count: 1182)
        XCTAssertEqual(detectUDP(QUICDetector(), v1, from: .client, ports: (40000, 443)),
                       Detection(service: "quic", confidence: .strong, fields: [DetectionField("packet", "client_initial"), DetectionField("version", "1")]))
        // Version 2 marks Initial as type 1 (0xd0); a v2 header with v1's type is not an Initial.
        XCTAssertEqual(detectUDP(QUICDetector(), [0xd0] + hex("6b3343cf") + v1.dropFirst(5))?.fields.last, DetectionField("version", "2"))
        XCTAssertNil(detectUDP(QUICDetector(), [0xc0] + hex("6b3343cf") + v1.dropFirst(5)))
        XCTAssertEqual(detectUDP(QUICDetector(), [0xc0] + hex("ff00001d") + v1.dropFirst(5))?.fields.last, DetectionField("version", "draft-29"))
        // A client's Initial under 1200 bytes, a length past the end, a short header: not named.
        XCTAssertNil(detectUDP(QUICDetector(), Array(v1.dropLast()), from: .client))
        XCTAssertNil(detectUDP(QUICDetector(), hex("c0 00000001 08 0102030405060708 00 00 449f") + [UInt8](repeating: 0, count: 1182)))
        XCTAssertNil(detectUDP(QUICDetector(), [0x40] + v1.dropFirst()))
        // The server's Initial answers with its own id; any size.
        let server = hex("c0 00000001 00 08 1112131415161718 00 4064") + [UInt8](repeating: 0, count: 100)
        XCTAssertEqual(detectUDP(QUICDetector(), server, from: .server)?.fields.first, DetectionField("packet", "server_initial"))
    }

    func testKerberosAndCLDAPOverUDPAreTheTCPDetectors() {
        // An AS-REQ over UDP (no length prefix): pvno 5, msg-type 10, req-body with realm KP.EXAMPLE.
        let body = tlv(0x30, tlv(0xa2, tlv(0x1b, Array(ascii: "KP.EXAMPLE"))))
        let asReq = tlv(0x6a, tlv(0x30, tlv(0xa1, tlv(0x02, [5])) + tlv(0xa2, tlv(0x02, [10])) + tlv(0xa4, body)))
        let krb = registryVerdict(asReq, ports: (40000, 88), transport: .udp)
        XCTAssertEqual(krb?.service, "kerberos")
        XCTAssertEqual(krb?.fields, [DetectionField("message", "as-req"), DetectionField("realm", "KP.EXAMPLE")])
        // A CLDAP ping (an AD domain controller locator): a searchRequest with base "", over UDP.
        let filter = tlv(0xa3, tlv(0x04, Array(ascii: "DnsDomain")) + tlv(0x04, Array(ascii: "kp.example")))
        let search = tlv(0x63, tlv(0x04, []) + tlv(0x0a, [0]) + tlv(0x0a, [0]) + tlv(0x02, [0]) + tlv(0x02, [0]) + tlv(0x01, [0])
            + filter + tlv(0x30, tlv(0x04, Array(ascii: "Netlogon"))))
        XCTAssertEqual(registryVerdict(tlv(0x30, tlv(0x02, [1]) + search), ports: (40000, 389), transport: .udp)?.service, "ldap")
    }

    func testMemcachedOverUDP() {
        // The frame header (request 1, datagram 0 of 1), then the text protocol.
        XCTAssertEqual(detectUDP(MemcachedUDPDetector(), hex("0001 0000 0001 0000") + Array(ascii: "get foo\r\n"), from: .client),
                       Detection(service: "memcached", confidence: .weak))
        XCTAssertEqual(detectUDP(MemcachedUDPDetector(), hex("0001 0000 0001 0000") + Array(ascii: "VERSION 1.6.18\r\n"), from: .server)?.software,
                       "memcached 1.6.18")
        XCTAssertNil(detectUDP(MemcachedUDPDetector(), hex("0001 0001 0001 0000") + Array(ascii: "get foo\r\n")))
        XCTAssertNil(detectUDP(MemcachedUDPDetector(), hex("0001 0000 0001 0001") + Array(ascii: "get foo\r\n")))
    }
}
