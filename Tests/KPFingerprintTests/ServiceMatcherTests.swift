import XCTest
@testable import KPFingerprint

/// Real banners from this repo's captures, matched against Debian's real probes file; the
/// expected lines were cross-checked with Python's `re` over the same file, and the fields
/// with `nmap -sV -oX -` (7.93) against the same bytes served on loopback.
final class ServiceMatcherTests: XCTestCase {
    // Datasets/captures/mail-ssh.pcap, tshark -qz follow,tcp,raw,N: the server's first bytes.
    static let openSSH = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n"                  // stream 6
    static let openSMTPD = "220 mail.naenara.com.kp ESMTP OpenSMTPD\r\n"                   // stream 0
    static let dovecotPOP3 = "+OK Dovecot (Debian) ready.\r\n"                              // stream 2
    static let dovecotIMAP = "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN] Dovecot (Debian) ready.\r\n" // stream 3
    // Datasets/captures/http-dns.pcap, stream 0: nginx's reply to curl's GET /.
    static let nginx = """
        HTTP/1.1 200 OK\r
        Server: nginx/1.22.1\r
        Date: Wed, 25 Nov 2026 20:54:27 GMT\r
        Content-Type: text/html\r
        Content-Length: 240\r
        Last-Modified: Wed, 25 Nov 2026 20:54:26 GMT\r
        Connection: keep-alive\r
        ETag: "6b074b02-f0"\r
        Accept-Ranges: bytes\r
        \r
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>naenara.com.kp</title></head>
        <body><h1>naenara.com.kp</h1><p>Test page served by nginx for the kpcensus regression captures.</p>
        <p><a href="/about.html">About</a></p></body></html>

        """

    /// A matcher of its own per call (matchers are per thread); the parsed file is shared.
    func realMatcher() throws -> ServiceMatcher {
        ServiceMatcher(database: try XCTUnwrap(ServiceProbesParserTests.debian, "needs /usr/share/nmap/nmap-service-probes (apt-get install nmap-common)"))
    }

    func testOpenSSHBannerOnTheNullProbe() throws {
        let result = try realMatcher().match(reply: Array(Self.openSSH.utf8))
        let id = try XCTUnwrap(result.identity)
        XCTAssertEqual(result.anomalies, [])
        XCTAssertEqual(id.service, "ssh")
        XCTAssertFalse(id.isSoft)
        XCTAssertEqual(id.line, 3525)
        XCTAssertEqual(id.product, "OpenSSH")
        XCTAssertEqual(id.version, "9.2p1 Debian 2+deb12u10")
        XCTAssertEqual(id.info, "protocol 2.0")
        XCTAssertEqual(id.os, "Linux")
        // The line lists cpe:/o:debian:debian_linux too; nmap keeps the last CPE of each part.
        XCTAssertEqual(id.cpe, ["cpe:/a:openbsd:openssh:9.2p1", "cpe:/o:linux:linux_kernel"])
    }

    func testOpenSMTPDBannerFillsTheHostName() throws {
        let id = try XCTUnwrap(try realMatcher().match(reply: Array(Self.openSMTPD.utf8)).identity)
        XCTAssertEqual(id.service, "smtp")
        XCTAssertEqual(id.line, 3336)
        XCTAssertEqual(id.product, "OpenSMTPD")
        XCTAssertEqual(id.hostname, "mail.naenara.com.kp")
        XCTAssertNil(id.version)
        XCTAssertEqual(id.cpe, [])
    }

    func testDovecotBannersOnlySoftmatchOnTheNullProbe() throws {
        // No NULL-probe hard match knows "Dovecot (Debian)": nmap names the service only.
        let pop3 = try XCTUnwrap(try realMatcher().match(reply: Array(Self.dovecotPOP3.utf8)).identity)
        XCTAssertEqual([pop3.service, "\(pop3.isSoft)", "\(pop3.line)"], ["pop3", "true", "2773"])
        XCTAssertNil(pop3.product)
        let imap = try XCTUnwrap(try realMatcher().match(reply: Array(Self.dovecotIMAP.utf8)).identity)
        XCTAssertEqual([imap.service, "\(imap.isSoft)", "\(imap.line)"], ["imap", "true", "1768"])
    }

    func testNginxReplyOnTheGetRequestProbe() throws {
        let id = try XCTUnwrap(try realMatcher().match(reply: Array(Self.nginx.utf8), probe: "GetRequest").identity)
        XCTAssertEqual(id.service, "http")
        XCTAssertEqual(id.probe, "GetRequest")
        XCTAssertEqual(id.line, 6948)
        XCTAssertEqual(id.product, "nginx")
        XCTAssertEqual(id.version, "1.22.1")
        XCTAssertEqual(id.cpe, ["cpe:/a:igor_sysoev:nginx:1.22.1"])
    }

    func testFallbackReachesTheNullProbeAndUnknownProbesAreAnAnomaly() throws {
        // GetRequest has no ssh lines: the NULL probe, tried last, names it.
        let id = try XCTUnwrap(try realMatcher().match(reply: Array(Self.openSSH.utf8), probe: "GetRequest").identity)
        XCTAssertEqual(id.probe, "NULL")
        XCTAssertEqual(id.product, "OpenSSH")
        let unknown = try realMatcher().match(reply: [], probe: "NoSuchProbe")
        XCTAssertNil(unknown.identity)
        XCTAssertEqual(unknown.anomalies, [.unknownProbe])
        XCTAssertNil(try realMatcher().match(reply: Array("hello\r\n".utf8)).identity)
    }

    func testTemplatesWithCapturesAndHelpers() throws {
        let text = #"""
            Probe TCP NULL q||
            match demo m|^V(\d+)\.(\d+) ([A-Z]+) (\S+) N(..)(..)$|s p/Demo $3/ v/$1.$2/ i/$SUBST(4,"_",".") n=$I(5,">") le=$I(6,"<")/ h/$P(4)/ cpe:/a:acme:$3:$1.$2/
            softmatch demo m|^V|
            """#
        let m = ServiceMatcher(database: ServiceProbesParser.parse(Array(text.utf8), path: "t"))
        let reply = Array("V2.10 ACME a_b\u{1}_c N".utf8) + [0x01, 0x02, 0x01, 0x02]
        let id = m.match(reply: reply).identity
        XCTAssertEqual(id?.isSoft, false)
        XCTAssertEqual(id?.product, "Demo ACME")
        XCTAssertEqual(id?.version, "2.10")
        XCTAssertEqual(id?.info, "a.b\u{1}.c n=258 le=513")
        XCTAssertEqual(id?.hostname, "a_b_c")
        XCTAssertEqual(id?.cpe, ["cpe:/a:acme:acme:2.10"])
        XCTAssertEqual(m.match(reply: Array("V9".utf8)).identity?.isSoft, true)
        XCTAssertEqual(TemplateFiller.fill("x $9 $Q $P(1", groups: [nil, ArraySlice([0x41])]), "x  $Q $P(1")
        // nmap -sV on "220 Axis Big Cam-X Network Camera …" (line 687): cpe:/h:axis:big_cam-x_network_camera;
        // on FileZilla version "0.9:41 Beta/X" (line 669): …:0.9%3A41_beta%2Fx.
        let axis = "220 Axis Big Cam-X Network Camera 4.40 (Jan 01 2020) ready.\r\n"
        XCTAssertEqual(try realMatcher().match(reply: Array(axis.utf8)).identity?.cpe, ["cpe:/h:axis:big_cam-x_network_camera"])
        let filezilla = "220-x\r\n220-\r\n220 using FileZilla FileZilla Server version 0.9:41 Beta/X\r\n"
        XCTAssertEqual(try realMatcher().match(reply: Array(filezilla.utf8)).identity?.cpe,
                       ["cpe:/a:filezilla-project:filezilla_server:0.9%3A41_beta%2Fx", "cpe:/o:microsoft:windows"])
        XCTAssertEqual(ServiceMatcher.onePerPart(["cpe:/o:a:b", "cpe:/h:c:d", "cpe:/a:e:f", "cpe:/o:g:h"]),
                       ["cpe:/a:e:f", "cpe:/h:c:d", "cpe:/o:g:h"])
    }

    func testCatastrophicBacktrackingHitsTheLimitInsteadOfHanging() {
        let text = "Probe TCP NULL q||\nmatch evil m|^(a+)+$|\nmatch fine m|^a|\n"
        let reply = [UInt8](repeating: UInt8(ascii: "a"), count: 40) + [UInt8(ascii: "b")]
        for jit in [true, false] {
            let m = ServiceMatcher(database: ServiceProbesParser.parse(Array(text.utf8), path: "t"), jit: jit)
            let start = Date()
            let result = m.match(reply: reply)
            XCTAssertEqual(result.anomalies, [.regexLimit], "jit \(jit)")
            XCTAssertEqual(result.identity?.service, "fine", "the next line still runs")
            XCTAssertEqual(m.anomalyCounts[.regexLimit], 1)
            XCTAssertLessThan(Date().timeIntervalSince(start), 1)
        }
    }

    func testAPatternPCRE2RefusesIsReportedByLineAndNeverMatches() {
        let text = "Probe TCP NULL q||\nmatch bad m|^(unclosed|\nmatch ok m|^u|\n"
        let m = ServiceMatcher(database: ServiceProbesParser.parse(Array(text.utf8), path: "crafted"))
        XCTAssertEqual(m.match(reply: Array("unclosed".utf8)).identity?.service, "ok")
        XCTAssertEqual(m.compileErrors.map(\.line), [2])
        XCTAssertTrue(m.compileErrors[0].description.hasPrefix("crafted:2: regex: missing closing parenthesis"))
        XCTAssertEqual(m.anomalyCounts[.regexCompileFailed], 1)
    }

    func testRealFileCompilesCompletely() throws {
        let m = ServiceMatcher(database: try XCTUnwrap(ServiceProbesParserTests.debian))
        XCTAssertEqual(m.compileAll(), 11_917)
        XCTAssertEqual(m.compileErrors, [])
    }
}
