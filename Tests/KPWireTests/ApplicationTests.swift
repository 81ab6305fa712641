import Foundation
import KPWire
import XCTest

final class HTTPTests: XCTestCase {
    func testPipelinedRequestsInOneSegment() {
        let text = "GET / HTTP/1.1\r\nHost: KCNA.kp:8080\r\nUser-Agent: curl/7.88.1\r\n\r\n"
            + "POST /search HTTP/1.1\r\nHost: naenara.com.kp.\r\nContent-Length: 3\r\n\r\nq=x"
            + "HEAD /x HTTP/1.1\r\nHost: [fd00::1]:80\r\n\r\n"
        let (reqs, problem) = Array(text.utf8).withUnsafeBytes { HTTPDecoder.parseRequests($0) }
        XCTAssertNil(problem)
        XCTAssertEqual(reqs.map(\.method), ["GET", "POST", "HEAD"])
        XCTAssertEqual(reqs.map(\.host), ["kcna.kp", "naenara.com.kp", "fd00::1"])
        XCTAssertEqual(reqs[0].userAgent, "curl/7.88.1")
        XCTAssertEqual(reqs[1].target, "/search")
    }

    func testResponseHead() throws {
        let text = "HTTP/1.1 404 Not Found\r\nServer: nginx/1.22.1\r\nContent-Length: 0\r\n\r\n"
        let r = try XCTUnwrap(Array(text.utf8).withUnsafeBytes { HTTPDecoder.parseResponse($0) })
        XCTAssertEqual(r.status, 404)
        XCTAssertEqual(r.server, "nginx/1.22.1")
        XCTAssertTrue(r.complete)
    }

    func testGiantHeaderIsALimitNotAHang() {
        let text = "GET / HTTP/1.1\r\nHost: kcna.kp\r\nCookie: " + String(repeating: "a", count: 100_000) + "\r\n\r\n"
        let (reqs, problem) = Array(text.utf8).withUnsafeBytes { HTTPDecoder.parseRequests($0) }
        XCTAssertEqual(reqs.first?.host, "kcna.kp", "what came before the giant line is kept")
        XCTAssertEqual(reqs.first?.complete, false)
        XCTAssertEqual(problem, .httpHeadTooLarge)
        XCTAssertEqual(AnomalyCode.httpHeadTooLarge.kind, .limit)
    }

    func testNotHTTP() {
        XCTAssertFalse(Array("SSH-2.0-x\r\n".utf8).withUnsafeBytes { HTTPDecoder.looksLikeRequest($0) })
        XCTAssertFalse(Array("GETX / HTTP/1.1\r\n".utf8).withUnsafeBytes { HTTPDecoder.looksLikeRequest($0) })
        let (reqs, problem) = Array("GET /\r\n\r\n".utf8).withUnsafeBytes { HTTPDecoder.parseRequests($0) }
        XCTAssertTrue(reqs.isEmpty)
        XCTAssertEqual(problem, .httpBadRequestLine)
    }
}

final class TLSTests: XCTestCase {
    /// A ClientHello for naenara.com.kp with ALPN h2/http1.1 and TLS 1.3/1.2 (and a GREASE value).
    func clientHello() -> [UInt8] {
        let name = Array("naenara.com.kp".utf8)
        let sni = [0x00, 0x00, 0x00, UInt8(name.count + 5), 0x00, UInt8(name.count + 3), 0x00, 0x00, UInt8(name.count)] + name
        let alpn = hex("0010 000e 000c 02 6832 08 687474702f312e31")
        let versions = hex("002b 0007 06 0a0a 0304 0303")
        let ext = sni + alpn + versions
        let body = hex("0303") + [UInt8](repeating: 0xab, count: 32) + [0x00] + hex("0004 1301 1302") + hex("01 00")
            + [UInt8(ext.count >> 8), UInt8(ext.count & 0xff)] + ext
        let hs = [0x01, 0x00, UInt8(body.count >> 8), UInt8(body.count & 0xff)] + body
        return [0x16, 0x03, 0x01, UInt8(hs.count >> 8), UInt8(hs.count & 0xff)] + hs
    }

    func testClientHello() throws {
        let bytes = clientHello()
        XCTAssertTrue(bytes.withUnsafeBytes { TLSDecoder.looksLikeHandshake($0) })
        let hs = bytes.withUnsafeBytes { TLSDecoder.parse($0) }
        let hello = try XCTUnwrap(hs.clientHello)
        XCTAssertEqual(hello.serverName, "naenara.com.kp")
        XCTAssertEqual(hello.alpn, ["h2", "http/1.1"])
        XCTAssertEqual(hello.supportedVersions, [0x0304, 0x0303])
        XCTAssertFalse(hs.needMore)
    }

    func testClientHelloSplitAcrossRecordsNeedsMore() {
        let bytes = clientHello()
        let hs = Array(bytes.prefix(40)).withUnsafeBytes { TLSDecoder.parse($0) }
        XCTAssertNil(hs.clientHello)
        XCTAssertTrue(hs.needMore)
    }

    /// A self-signed certificate made with `openssl req -x509 -subj /CN=naenara.com.kp
    /// -addext subjectAltName=DNS:naenara.com.kp,DNS:www.naenara.com.kp` (EC P-256).
    static let certificate = Data(base64Encoded: """
        MIIBuDCCAV6gAwIBAgIUNaGlDtDY4mMjB3iHFiK4aQqZm0UwCgYIKoZIzj0EAwIwGTEXMBUGA1UEAwwObmFlbmFyYS5jb20ua3AwHhcNMjYxMTI1MjA1NDA5WhcNMjYxMTI2MjA1NDA5WjAZMRcwFQYDVQQDDA5uYWVuYXJhLmNvbS5rcDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABCHirfQpsdFUSJRbHh7x1NIJNWRPBA9NSXAfjptWUh3+OMWeIWRGo84MO4q4+5wkp+mfKQneCqRvG5agehryqfCjgYMwgYAwHQYDVR0OBBYEFJYj4NdysvNQc/huHNshyLaPGf+3MB8GA1UdIwQYMBaAFJYj4NdysvNQc/huHNshyLaPGf+3MA8GA1UdEwEB/wQFMAMBAf8wLQYDVR0RBCYwJIIObmFlbmFyYS5jb20ua3CCEnd3dy5uYWVuYXJhLmNvbS5rcDAKBggqhkjOPQQDAgNIADBFAiA7dVEYuuR9mhVo+n07IUV7LVyJtKj2EKKMxuWljVBesAIhAMMiJGONmX/DNJmmX4XrOBjjBSYIkbqYPBR2WUEZzJf4
        """, options: .ignoreUnknownCharacters)!

    func testCertificateNames() throws {
        let names = try XCTUnwrap([UInt8](TLSTests.certificate).withUnsafeBytes { X509Decoder.names($0) })
        XCTAssertEqual(names.commonName, "naenara.com.kp")
        XCTAssertEqual(names.dnsNames, ["naenara.com.kp", "www.naenara.com.kp"])
        XCTAssertEqual(names.allNames, ["naenara.com.kp", "www.naenara.com.kp"])
        // Every cut of the DER fails cleanly instead of reading past it.
        let der = [UInt8](TLSTests.certificate)
        for n in 0 ..< der.count { XCTAssertNil(Array(der.prefix(n)).withUnsafeBytes { X509Decoder.names($0) }, "prefix \(n)") }
    }

    func testServerHelloAndCertificateMessage() throws {
        let der = [UInt8](TLSTests.certificate)
        let sh = hex("0303") + [UInt8](repeating: 1, count: 32) + [0] + hex("c02f 00") + hex("0000")
        let certList = [0, UInt8(der.count >> 8), UInt8(der.count & 0xff)] + der
        let cert = [0, UInt8(certList.count >> 8), UInt8(certList.count & 0xff)] + certList
        let hs = [2, 0, 0, UInt8(sh.count)] + sh + [11, 0, UInt8(cert.count >> 8), UInt8(cert.count & 0xff)] + cert
        // Split the handshake across two records, as servers do.
        let r1 = Array(hs.prefix(100)), r2 = Array(hs.dropFirst(100))
        let stream = [0x16, 0x03, 0x03, 0, UInt8(r1.count)] + r1 + [0x16, 0x03, 0x03, UInt8(r2.count >> 8), UInt8(r2.count & 0xff)] + r2
        let parsed = stream.withUnsafeBytes { TLSDecoder.parse($0) }
        XCTAssertEqual(parsed.serverHello?.selectedVersion, 0x0303)
        XCTAssertEqual(parsed.serverHello?.cipherSuite, 0xc02f)
        XCTAssertEqual(parsed.certificates.first?.commonName, "naenara.com.kp")
    }
}

final class BannerTests: XCTestCase {
    func testGreetings() {
        XCTAssertEqual(Banners.identifyServer(firstLine: "SSH-2.0-OpenSSH_9.2p1 Debian-2", port: 2222)?.1.software, "OpenSSH_9.2p1 Debian-2")
        XCTAssertEqual(Banners.identifyServer(firstLine: "220 mail.kp ESMTP OpenSMTPD", port: 2525)?.0, "smtp")
        XCTAssertEqual(Banners.identifyServer(firstLine: "220 (vsFTPd 3.0.3)", port: 25)?.0, "ftp")
        XCTAssertEqual(Banners.identifyServer(firstLine: "+OK Dovecot (Debian) ready.", port: 9)?.0, "pop3")
        let imap = Banners.identifyServer(firstLine: "* OK [CAPABILITY IMAP4rev1 LOGIN-REFERRALS] Dovecot (Debian) ready.", port: 9)
        XCTAssertEqual(imap?.0, "imap")
        XCTAssertEqual(imap?.1.software, "Dovecot (Debian) ready.")
    }

    func testWeakGreetingFollowsPortHintAndClient() {
        let onFTPPort = Banners.identifyServer(firstLine: "220 welcome", port: 21)
        XCTAssertEqual(onFTPPort?.0, "ftp")
        XCTAssertEqual(onFTPPort?.1.confidence, .weak)
        XCTAssertEqual(Banners.identifyServer(firstLine: "220 welcome", port: 25)?.0, "smtp")
        XCTAssertEqual(Banners.identifyClient(firstLine: "EHLO client.kp"), "smtp")
        XCTAssertEqual(Banners.identifyClient(firstLine: "USER anonymous"), nil, "USER is POP3 and FTP: ambiguous")
        XCTAssertEqual(Banners.identifyClient(firstLine: "a1 CAPABILITY"), "imap")
    }
}

final class DHCPTests: XCTestCase {
    func testAckWithOptions() throws {
        var m = [UInt8](repeating: 0, count: 240)
        m[0] = 2; m[1] = 1; m[2] = 6
        m.replaceSubrange(16 ..< 20, with: [10, 6, 0, 121])                 // yiaddr
        m.replaceSubrange(28 ..< 34, with: [2, 0x6b, 0x70, 6, 0xc0, 7])     // chaddr
        m.replaceSubrange(236 ..< 240, with: [99, 130, 83, 99])
        m += [53, 1, 5] + [3, 4, 10, 6, 0, 1] + [6, 8, 10, 6, 0, 1, 10, 6, 0, 2] + [12, 4] + Array("pc07".utf8) + [255]
        let (msg, problem) = m.withUnsafeBytes { DHCPDecoder.parse($0) }
        XCTAssertNil(problem)
        let dhcp = try XCTUnwrap(msg)
        XCTAssertEqual(dhcp.messageTypeName, "ACK")
        XCTAssertEqual(dhcp.yourAddress.description, "10.6.0.121")
        XCTAssertEqual(dhcp.clientMAC?.description, "02:6b:70:06:c0:07")
        XCTAssertEqual(dhcp.routers.map(\.description), ["10.6.0.1"])
        XCTAssertEqual(dhcp.dnsServers.count, 2)
        XCTAssertEqual(dhcp.hostName, "pc07")
        // An option running past the end is reported, with what was read kept.
        let (partial, cut) = Array(m.dropLast(4)).withUnsafeBytes { DHCPDecoder.parse($0, cut: true) }
        XCTAssertEqual(cut, .dhcpTruncated)
        XCTAssertEqual(partial?.messageType, 5)
    }
}
