import KPWire
import XCTest

/// JA4H over request heads. The two real requests are frames 20 and 34 of
/// Datasets/captures/http-dns.pcap (curl and a Red Star browser); the expected values
/// come from this script over tshark's `http.request.line` fields, written from
/// FoxIO's ja4h.py rules and independent of the Swift code:
///   h=lambda l: hashlib.sha256(','.join(l).encode()).hexdigest()[:12]
///   def ja4h(method,version,lines):
///       names=[l.split(':')[0] for l in lines]; low=[n.lower() for n in names]
///       kept=[n for n in names if n.lower() not in ('cookie','referer')]
///       cookies=[p.strip() for l in lines if l.lower().startswith('cookie:')
///                for p in l.split(':',1)[1].split(';') if p.strip()]
///       pairs=sorted(((p.split('=',1)[0].strip(),p) for p in cookies),key=lambda x:x[0])
///       lang=next((l.split(':',1)[1].strip() for l in lines
///                  if l.lower().startswith('accept-language:')),None)
///       lang=(lang.replace('-','').replace(';',',').lower().split(',')[0][:4]).ljust(4,'0') if lang else '0000'
///       a=method.lower()[:2]+version.split('/')[1].replace('.','')+('c' if cookies else 'n')
///         +('r' if 'referer' in low else 'n')+'%02d'%len(kept)+lang
///       z='0'*12
///       return '_'.join([a,h(kept),h([p[0] for p in pairs]) if pairs else z,
///                        h([p[1] for p in pairs]) if pairs else z])
final class JA4HTests: XCTestCase {
    func ja4h(_ head: String) -> JA4H? {
        Array(head.utf8).withUnsafeBytes { JA4H(requestHead: $0) }
    }

    func testRealRequests() {
        XCTAssertEqual(ja4h("GET / HTTP/1.1\r\nHost: naenara.com.kp\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n")?.fingerprint,
                       "ge11nn030000_fe444ad14866_000000000000_000000000000")
        XCTAssertEqual(ja4h("GET / HTTP/1.1\r\nHost: kcna.kp\r\nUser-Agent: KoryoBrowser/3.0 (Red Star OS 3.0; Naenara)\r\nAccept: */*\r\n\r\n")?.fingerprint,
                       "ge11nn030000_fe444ad14866_000000000000_000000000000")
    }

    /// Cookie and Referer are flagged and left out of the count and the header hash;
    /// cookies are sorted by name; the language is "ko-KP" without its hyphen.
    func testCookiesRefererLanguage() throws {
        let head = "POST /login HTTP/1.0\r\nHost: naenara.com.kp\r\nUser-Agent: Mozilla/5.0\r\nAccept: */*\r\n"
            + "Accept-Language: ko-KP,ko;q=0.9\r\nReferer: http://kcna.kp/\r\nCookie: sid=abc; lang=ko; a=1\r\n"
            + "Connection: keep-alive\r\n\r\nbody"
        let fp = try XCTUnwrap(ja4h(head))
        XCTAssertEqual(fp.fingerprint, "po10cr05kokp_107daf92ca44_0ea1560caeb3_64ff1a172621")
        XCTAssertEqual(fp.headerNames, ["Host", "User-Agent", "Accept", "Accept-Language", "Connection"])
        XCTAssertEqual(fp.cookieNames, ["a", "lang", "sid"])
        XCTAssertEqual(fp.cookiePairs, ["a=1", "lang=ko", "sid=abc"])
    }

    /// Bare-LF lines read as CRLF ones; HTTP/2's pseudo-headers are not headers.
    func testLineEndsAndHTTP2() {
        XCTAssertEqual(ja4h("GET / HTTP/1.1\nHost: naenara.com.kp\nUser-Agent: curl/7.88.1\nAccept: */*\n\n")?.fingerprint,
                       "ge11nn030000_fe444ad14866_000000000000_000000000000")
        let h2 = JA4H(method: "GET", version: "HTTP/2",
                      headers: [(":method", "GET"), (":authority", "naenara.com.kp"), ("Host", "naenara.com.kp"),
                                ("User-Agent", "curl/7.88.1"), ("Accept", "*/*"), ("accept-language", "en")])
        XCTAssertEqual(h2?.prefix, "ge20nn04en00")
    }

    /// No empty line yet, a bad request line, a header line without a colon, a head
    /// over 16 KiB: nil.
    func testIncompleteAndMalformed() {
        XCTAssertNil(ja4h("GET / HTTP/1.1\r\nHost: kcna.kp\r\n"))
        XCTAssertNil(ja4h("GET /\r\n\r\n"))
        XCTAssertNil(ja4h("GET / FTP/1.1\r\n\r\n"))
        XCTAssertNil(ja4h("GET / HTTP/1.1\r\nno colon here\r\n\r\n"))
        XCTAssertNil(ja4h("GET / HTTP/1.1\r\nX-Pad: " + String(repeating: "a", count: 17000) + "\r\n\r\n"))
        XCTAssertNotNil(ja4h("GET / HTTP/1.1\r\n\r\n"))
    }
}
