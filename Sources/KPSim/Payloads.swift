import KPWire

/// Application payloads in real wire format (what kpcensus and tshark decode):
/// DNS (RFC 1035), HTTP/1.1 heads (RFC 9112), TLS 1.3 hellos (RFC 8446) with
/// SNI (RFC 6066) and ALPN (RFC 7301), SMTP lines (RFC 5321). Each builder
/// fills a reused scratch array, so building a payload allocates nothing.
enum Payloads {
    static func append16(_ a: inout [UInt8], _ v: Int) { a.append(UInt8(truncatingIfNeeded: v >> 8)); a.append(UInt8(truncatingIfNeeded: v)) }

    /// A name as DNS labels.
    static func labels(_ name: String) -> [UInt8] { DNSQueryBuilder.labels(name) }

    /// A standard query for the A record of a name, recursion desired.
    static func dnsQuery(_ out: inout [UInt8], id: UInt16, qname: [UInt8]) {
        DNSQueryBuilder.query(&out, id: id, qname: qname, type: 1, recursionDesired: true)
    }

    /// The answer: the question again and one A record pointing back at it (0xc00c).
    static func dnsAnswer(_ out: inout [UInt8], id: UInt16, qname: [UInt8], addr: UInt32, ttl: UInt32) {
        out.removeAll(keepingCapacity: true)
        append16(&out, Int(id)); append16(&out, 0x8180)
        append16(&out, 1); append16(&out, 1); append16(&out, 0); append16(&out, 0)
        out.append(contentsOf: qname)
        append16(&out, 1); append16(&out, 1)
        append16(&out, 0xc00c); append16(&out, 1); append16(&out, 1)
        append16(&out, Int(ttl >> 16)); append16(&out, Int(ttl & 0xffff))
        append16(&out, 4)
        append16(&out, Int(addr >> 16)); append16(&out, Int(addr & 0xffff))
    }

    static let paths: [[UInt8]] = ["/", "/index.html", "/news/today.html", "/search?q=juche", "/library/book.pdf",
                                   "/static/style.css", "/images/logo.png", "/video/lecture.mp4"].map { Array($0.utf8) }

    static func httpRequest(_ out: inout [UInt8], path: [UInt8], host: [UInt8], userAgent: [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: "GET ".utf8); out.append(contentsOf: path); out.append(contentsOf: " HTTP/1.1\r\nHost: ".utf8)
        out.append(contentsOf: host); out.append(contentsOf: "\r\nUser-Agent: ".utf8); out.append(contentsOf: userAgent)
        out.append(contentsOf: "\r\nAccept: text/html,*/*\r\nAccept-Language: ko-KP\r\nConnection: keep-alive\r\n\r\n".utf8)
    }

    static func httpResponseHead(_ out: inout [UInt8], server: [UInt8], bodyLength: Int) {
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: "HTTP/1.1 200 OK\r\nServer: ".utf8); out.append(contentsOf: server)
        out.append(contentsOf: "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ".utf8)
        out.append(contentsOf: String(bodyLength).utf8)
        out.append(contentsOf: "\r\nConnection: keep-alive\r\n\r\n".utf8)
    }

    /// A TLS 1.3 ClientHello: random, session ID, three suites, SNI, ALPN, supported versions.
    static func clientHello(_ out: inout [UInt8], sni: [UInt8], rng: inout SplitMix64) {
        var ext: [UInt8] = []
        ClientHelloBuilder.appendServerName(&ext, sni)
        ClientHelloBuilder.appendALPN(&ext, ["h2", "http/1.1"])
        ClientHelloBuilder.appendSupportedVersions(&ext, [0x0304, 0x0303])
        ClientHelloBuilder.appendSupportedGroups(&ext, [0x001d])
        let random = randomBytes(&rng), session = randomBytes(&rng)
        ClientHelloBuilder.hello(&out, random: random, sessionID: session, suites: [0x1301, 0x1302, 0x1303], extensions: ext)
    }

    /// 32 bytes from four draws, each little-endian.
    static func randomBytes(_ rng: inout SplitMix64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        appendRandom(&out, &rng)
        return out
    }

    static func appendRandom(_ out: inout [UInt8], _ rng: inout SplitMix64) {
        for _ in 0 ..< 4 { let r = rng.next(); for k in 0 ..< 8 { out.append(UInt8(truncatingIfNeeded: r >> (8 * k))) } }
    }

    /// ServerHello choosing TLS 1.3, then ChangeCipherSpec and an encrypted record of `appData` bytes.
    static func serverHello(_ out: inout [UInt8], rng: inout SplitMix64, appData: Int) {
        out.removeAll(keepingCapacity: true)
        let ext: [UInt8] = [0x00, 0x2b, 0x00, 0x02, 0x03, 0x04]
        let bodyLen = 2 + 32 + 1 + 32 + 2 + 1 + 2 + ext.count
        out.append(0x16); append16(&out, 0x0303); append16(&out, bodyLen + 4)
        out.append(2); out.append(0); append16(&out, bodyLen)
        append16(&out, 0x0303)
        appendRandom(&out, &rng)
        out.append(32)
        appendRandom(&out, &rng)
        append16(&out, 0x1301); out.append(0)
        append16(&out, ext.count); out.append(contentsOf: ext)
        out.append(contentsOf: [0x14, 0x03, 0x03, 0x00, 0x01, 0x01])
        applicationData(&out, count: appData, rng: &rng, append: true)
    }

    /// One TLS application-data record of `count` opaque bytes (a random slice of
    /// a block of random bytes: ciphertext looks random, and this is cheap).
    static func applicationData(_ out: inout [UInt8], count: Int, rng: inout SplitMix64, append: Bool = false) {
        if !append { out.removeAll(keepingCapacity: true) }
        out.append(0x17); append16(&out, 0x0303); append16(&out, count)
        var left = count
        while left > 0 {
            let n = min(left, 4096)
            let at = rng.below(noise.count - n)
            out.append(contentsOf: noise[at ..< at + n])
            left -= n
        }
    }

    static let noise: [UInt8] = {
        var r = SplitMix64(seed: 0x6b70_6365_6e73_7573)
        return (0 ..< 65536 / 8).flatMap { _ in withUnsafeBytes(of: r.next()) { Array($0) } }
    }()

    static func line(_ out: inout [UInt8], _ text: String) {
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: text.utf8)
        out.append(contentsOf: [13, 10])
    }

    /// Page body filler: readable text, so a look at the capture makes sense.
    static let filler: [UInt8] = Array(String(repeating: "<p>Kwangmyong simulated page text. </p>\n", count: 40).utf8)
}
