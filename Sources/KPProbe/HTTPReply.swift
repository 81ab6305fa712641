/// An HTTP/1.x response read from a closed connection: status, headers, body,
/// the page title and its links.
public struct HTTPReply: Sendable, Equatable {
    public var status: Int
    /// Header names lowercased; the first value of each.
    public var headers: [String: String]
    public var body: [UInt8]

    /// Nil unless the bytes start with an HTTP/1.x status line.
    public init?(_ b: [UInt8]) {
        guard b.count >= 12, b.starts(with: Array("HTTP/1.".utf8)) else { return nil }
        let sep: [UInt8] = [13, 10, 13, 10]
        var headEnd = b.count
        var bodyStart = b.count
        if b.count >= 4 {
            for i in 0 ... b.count - 4 where b[i] == 13 && Array(b[i ..< i + 4]) == sep {
                headEnd = i
                bodyStart = i + 4
                break
            }
        }
        let head = String(decoding: b[..<headEnd], as: UTF8.self)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let code = Int(statusParts[1]), (100 ... 999).contains(code) else { return nil }
        status = code
        var h: [String: String] = [:]
        for l in lines.dropFirst() {
            guard let colon = l.firstIndex(of: ":") else { continue }
            let k = l[..<colon].lowercased()
            if h[k] == nil { h[k] = l[l.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
        }
        headers = h
        body = Array(b[bodyStart...])
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The `<title>` text, whitespace collapsed; nil without one.
    public var title: String? {
        let t = text
        guard let open = t.range(of: "<title", options: .caseInsensitive),
              let gt = t[open.upperBound...].firstIndex(of: ">"),
              let close = t[gt...].range(of: "</title>", options: .caseInsensitive) else { return nil }
        let s = t[t.index(after: gt) ..< close.lowerBound].split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return s.isEmpty ? nil : s
    }

    /// The `href` values of `<a>` elements, in page order.
    public var links: [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let r = rest.range(of: "href=", options: .caseInsensitive) {
            rest = rest[r.upperBound...]
            guard let q = rest.first, q == "\"" || q == "'" else { continue }
            let after = rest.dropFirst()
            guard let end = after.firstIndex(of: q) else { break }
            out.append(String(after[..<end]))
            rest = after[end...]
        }
        return out
    }

    /// FNV-1a of the body: what tells one site's content from another's.
    public var contentHash: String { HTTPReply.fnv(body) }

    public static func fnv(_ b: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for x in b { h = (h ^ UInt64(x)) &* 0x100_0000_01b3 }
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// A GET request for `path` with `Host: host`, closing the connection after the reply.
    public static func request(host: String, path: String) -> [UInt8] {
        Array("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nUser-Agent: kpcensus-scan/1\r\nAccept: */*\r\nConnection: close\r\n\r\n".utf8)
    }
}

/// A link split into what the crawler needs.
public struct CrawlLink: Equatable, Sendable {
    public var scheme: String
    /// Lowercased host name, nil for a relative link.
    public var host: String?
    public var path: String

    /// Reads http(s) links and relative paths; nil for mailto:, javascript:, fragments and the like.
    public init?(_ href: String) {
        let h = href.trimmingCharacters(in: .whitespaces)
        if h.hasPrefix("/") && !h.hasPrefix("//") {
            scheme = "http"; host = nil; path = String(h.prefix { $0 != "#" })
            return
        }
        let lower = h.lowercased()
        for s in ["http", "https"] where lower.hasPrefix(s + "://") {
            let rest = h.dropFirst(s.count + 3)
            let hostPart = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            let name = hostPart.split(separator: "@").last.map { $0.split(separator: ":").first.map(String.init) ?? "" } ?? ""
            guard !name.isEmpty else { return nil }
            scheme = s
            host = name.lowercased()
            let p = rest.dropFirst(hostPart.count).prefix { $0 != "#" }
            path = p.isEmpty ? "/" : String(p)
            return
        }
        return nil
    }
}
