import XCTest
@testable import KPFingerprint

/// The parser on Debian's real nmap-service-probes (nmap-common 7.93) and on crafted lines.
final class ServiceProbesParserTests: XCTestCase {
    static let debian: ServiceProbeDatabase? = try? ServiceProbesParser.load()

    func realFile() throws -> ServiceProbeDatabase {
        try XCTUnwrap(Self.debian, "needs /usr/share/nmap/nmap-service-probes (apt-get install nmap-common)")
    }

    func testRealFileCounts() throws {
        let db = try realFile()
        // grep -c '^Probe' / '^match' / '^softmatch' on the file: 148, 11,721, 196.
        XCTAssertEqual(db.errors, [])
        XCTAssertEqual(db.probes.count, 148)
        XCTAssertEqual(db.probes.filter { $0.transport == .udp }.count, 48)
        XCTAssertEqual(db.probes.flatMap(\.matches).filter { !$0.isSoft }.count, 11_721)
        XCTAssertEqual(db.probes.flatMap(\.matches).filter(\.isSoft).count, 196)
        XCTAssertEqual(db.matchCount, 11_917)
    }

    func testRealFileProbesAndTheirDirectives() throws {
        let db = try realFile()
        let null = try XCTUnwrap(db.probe(named: "NULL", transport: .tcp))
        XCTAssertEqual(null.payload, [])
        XCTAssertNil(null.rarity)
        XCTAssertEqual(null.totalWaitMS, 6000)
        XCTAssertEqual(null.tcpWrappedMS, 3000)
        XCTAssertEqual(db.probes.first?.name, "NULL")

        let get = try XCTUnwrap(db.probe(named: "GetRequest", transport: .tcp))
        XCTAssertEqual(get.payload, Array("GET / HTTP/1.0\r\n\r\n".utf8))
        XCTAssertEqual(get.rarity, 1)
        XCTAssertTrue(get.ports.contains(80, transport: .tcp))
        XCTAssertTrue(get.ports.contains(8085, transport: .tcp))
        XCTAssertFalse(get.ports.contains(86, transport: .tcp))
        XCTAssertTrue(get.sslPorts.contains(443, transport: .tcp))

        // Probe UDP DNSStatusRequest q|\0\0\x10\0\0\0\0\0\0\0\0\0|
        let dns = try XCTUnwrap(db.probe(named: "DNSStatusRequest", transport: .udp))
        XCTAssertEqual(dns.payload, [0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0])

        XCTAssertTrue(db.excluded.contains(9100, transport: .tcp))
        XCTAssertTrue(db.excluded.contains(9107, transport: .tcp))
        XCTAssertFalse(db.excluded.contains(9100, transport: .udp))
        XCTAssertFalse(db.excluded.contains(9108, transport: .tcp))
    }

    func testRealFileMatchLineFields() throws {
        let db = try realFile()
        let null = try XCTUnwrap(db.probe(named: "NULL", transport: .tcp))
        // match ssh m|^SSH-([\d.]+)-OpenSSH[_-]([\w.]+)\s*\r?\n|i p/OpenSSH/ v/$2/ i/protocol $1/ cpe:/a:openbsd:openssh:$2/
        let rule = try XCTUnwrap(null.matches.first { $0.line == 3571 })
        XCTAssertEqual(rule.service, "ssh")
        XCTAssertEqual(rule.flags, .caseless)
        XCTAssertEqual(String(decoding: rule.pattern, as: UTF8.self), #"^SSH-([\d.]+)-OpenSSH[_-]([\w.]+)\s*\r?\n"#)
        XCTAssertEqual(rule.templates.product, "OpenSSH")
        XCTAssertEqual(rule.templates.version, "$2")
        XCTAssertEqual(rule.templates.info, "protocol $1")
        XCTAssertEqual(rule.templates.cpe, ["a:openbsd:openssh:$2"])
    }

    func testMalformedLinesAreReportedWithTheirLineNumbersAndSkipped() {
        let text = """
            # a comment, then a match before any Probe
            match ssh m/^SSH/
            Probe TCP NULL q||
            rarity 12
            match ssh m/^SSH-(\\S+)/ p/OpenSSH/ v/$1/
            match smtp m/^220 unterminated
            match ftp m|^220| p/vsftpd/ x/what/
            ports 21,22-oops
            Probe SCTP X q||
            Probe TCP Bad q|\\xZZ|
            match lost m|^x|
            Probe TCP Hello q|HELO\\r\\n| no-payload
            softmatch ftp m|^220 |s
            match http m=^HTTP/1\\.[01] (\\d\\d\\d)=i p/web/ d/router/ o/$1/ cpe:|h:acme:box|a

            """
        let db = ServiceProbesParser.parse(Array(text.utf8), path: "crafted-probes")
        XCTAssertEqual(db.errors.map(\.line), [2, 4, 6, 7, 8, 9, 10, 11])
        XCTAssertEqual(db.errors[0].description, "crafted-probes:2: 'match' before the first Probe line")
        XCTAssertEqual(db.errors[1].description, "crafted-probes:4: rarity must be 1 to 9")
        XCTAssertEqual(db.errors[2].message, "match needs a pattern m/…/")
        XCTAssertEqual(db.errors[3].message, "unknown version field 'x'")
        XCTAssertEqual(db.errors[5].message, "Probe transport must be TCP or UDP, not 'SCTP'")
        XCTAssertEqual(db.errors[6].message, "bad \\x escape in the probe string")
        XCTAssertEqual(db.errors[7].message, "'match' of a Probe line that did not parse")
        XCTAssertEqual(db.probes.map(\.name), ["NULL", "Hello"])
        XCTAssertEqual(db.probes[0].matches.map(\.line), [5])
        XCTAssertTrue(db.probes[1].noPayload)
        XCTAssertEqual(db.probes[1].payload, Array("HELO\r\n".utf8))
        let http = db.probes[1].matches[1]
        XCTAssertEqual(http.flags, .caseless)
        XCTAssertEqual(http.templates.deviceType, "router")
        XCTAssertEqual(http.templates.os, "$1")
        XCTAssertEqual(http.templates.cpe, ["h:acme:box"])
        XCTAssertEqual(db.probes[1].matches[0].flags, .dotAll)
        XCTAssertTrue(db.probes[1].matches[0].isSoft)
    }

    func testProbeStringEscapes() throws {
        XCTAssertEqual(try decodeProbeString(ArraySlice(#"a\\b\0\a\b\f\n\r\t\v\x41\x7f\|"#.utf8)),
                       [0x61, 0x5C, 0x62, 0, 7, 8, 0x0C, 0x0A, 0x0D, 0x09, 0x0B, 0x41, 0x7F, 0x7C])
        XCTAssertThrowsError(try decodeProbeString(ArraySlice(#"\x4"#.utf8)))
        XCTAssertThrowsError(try decodeProbeString(ArraySlice(#"abc\"#.utf8)))
    }

    func testMissingFileSaysWhatToDo() {
        XCTAssertThrowsError(try ServiceProbesParser.load(path: "/nonexistent/nmap-service-probes")) { error in
            XCTAssertTrue("\(error)".hasPrefix("/nonexistent/nmap-service-probes: cannot read"))
        }
    }
}
