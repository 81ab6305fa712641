// HTTP/1.x message heads (RFC 9112): a request line `METHOD SP target SP HTTP/1.x`
// or a status line `HTTP/1.x SP code SP reason`, then header fields up to an empty
// line. Several requests in one segment (pipelining) are all read: after each head
// the body given by Content-Length is skipped when it is in the segment.

public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var target: String
    public var version: String
    /// The Host header without port or trailing dot, lowercased; nil when absent.
    public var host: String?
    public var userAgent: String?
    public var via: String?
    public var forwardedFor: String?
    /// The head ended (an empty line was seen) inside the bytes given.
    public var complete: Bool
}

public struct HTTPResponse: Sendable, Equatable {
    public var version: String
    public var status: Int
    public var server: String?
    public var via: String?
    public var complete: Bool
}

public enum HTTPDecoder {
    static let methods: Set<String> = ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH",
                                       "CONNECT", "TRACE", "PROPFIND", "MKCOL", "COPY", "MOVE"]
    static let maxHead = 16384

    /// Does the payload start like a request line (a known method and a space)?
    public static func looksLikeRequest(_ b: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < b.count && i < 10 && b[i] >= 65 && b[i] <= 90 { i += 1 }
        guard i >= 3, i < b.count, b[i] == 0x20 else { return false }
        return methods.contains(String(decoding: UnsafeRawBufferPointer(rebasing: b[0 ..< i]), as: UTF8.self))
    }

    public static func looksLikeResponse(_ b: UnsafeRawBufferPointer) -> Bool {
        b.hasASCIIPrefix("HTTP/1.") || b.hasASCIIPrefix("HTTP/0.9")
    }

    /// Every request head that starts in `bytes`, with the anomaly that ended reading, if any.
    public static func parseRequests(_ bytes: UnsafeRawBufferPointer) -> ([HTTPRequest], AnomalyCode?) {
        var out: [HTTPRequest] = []
        var start = 0
        while start < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[start...])
            guard looksLikeRequest(rest) else { break }
            var lines = TextLines(rest, maxLine: maxHead)
            guard let first = lines.next() else {
                return (out, rest.count > maxHead ? .httpHeadTooLarge : nil)
            }
            let parts = String(decoding: first, as: UTF8.self).split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 3, parts[2].hasPrefix("HTTP/") else { return (out, .httpBadRequestLine) }
            var req = HTTPRequest(method: String(parts[0]), target: String(parts[1]), version: String(parts[2]),
                                  host: nil, userAgent: nil, via: nil, forwardedFor: nil, complete: false)
            var contentLength = 0
            while let line = lines.next() {
                if line.isEmpty { req.complete = true; break }
                guard let (name, value) = headerField(line) else { continue }
                switch name {
                case "host": req.host = normalizeHost(value)
                case "user-agent": req.userAgent = value
                case "via": req.via = value
                case "x-forwarded-for": req.forwardedFor = value
                case "content-length": contentLength = Int(value) ?? 0
                default: break
                }
            }
            out.append(req)
            guard req.complete else { break }
            start += lines.offset + Swift.max(0, contentLength)
        }
        return (out, nil)
    }

    public static func parseResponse(_ bytes: UnsafeRawBufferPointer) -> HTTPResponse? {
        guard looksLikeResponse(bytes) else { return nil }
        var lines = TextLines(bytes, maxLine: maxHead)
        guard let first = lines.next() else { return nil }
        let parts = String(decoding: first, as: UTF8.self).split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]), (100 ... 999).contains(status) else { return nil }
        var resp = HTTPResponse(version: String(parts[0]), status: status, server: nil, via: nil, complete: false)
        while let line = lines.next() {
            if line.isEmpty { resp.complete = true; break }
            guard let (name, value) = headerField(line) else { continue }
            switch name {
            case "server": resp.server = value
            case "via": resp.via = value
            default: break
            }
        }
        return resp
    }

    /// `Name: value` with the name lowercased and the value trimmed.
    static func headerField(_ line: UnsafeRawBufferPointer) -> (String, String)? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return nil }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: line[0 ..< colon]), as: UTF8.self).asciiLowercased
        var v = colon + 1
        var e = line.count
        while v < e && (line[v] == 0x20 || line[v] == 0x09) { v += 1 }
        while e > v && (line[e - 1] == 0x20 || line[e - 1] == 0x09) { e -= 1 }
        return (name, String(decoding: UnsafeRawBufferPointer(rebasing: line[v ..< e]), as: UTF8.self))
    }

    /// A Host value without port, brackets or trailing dot, lowercased.
    public static func normalizeHost(_ value: String) -> String {
        var h = Substring(value)
        if h.hasPrefix("[") {
            if let close = h.firstIndex(of: "]") { h = h[h.index(after: h.startIndex) ..< close] }
        } else if let colon = h.lastIndex(of: ":"), h.firstIndex(of: ":") == colon {
            h = h[..<colon]
        }
        while h.hasSuffix(".") { h = h.dropLast() }
        return String(h).asciiLowercased
    }
}
