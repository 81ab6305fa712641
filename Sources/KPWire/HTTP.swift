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

extension HTTPRequest {
    init(_ head: RequestHead) {
        func text(_ bytes: UnsafeRawBufferPointer) -> String { String(decoding: bytes, as: UTF8.self) }
        let line = head.requestLine, parts = head.parts
        self.init(method: text(UnsafeRawBufferPointer(rebasing: line[parts.fields.0])),
                  target: text(UnsafeRawBufferPointer(rebasing: line[parts.fields.1])),
                  version: text(UnsafeRawBufferPointer(rebasing: line[parts.fields.2])),
                  host: head.host.map(HTTPDecoder.normalizeHost), userAgent: head.userAgent.map(text),
                  via: head.via.map(text), forwardedFor: head.forwardedFor.map(text), complete: head.complete)
    }
}

/// A request head as slices of the bytes it was read from (valid as long as they are).
public struct RequestHead {
    public var requestLine: UnsafeRawBufferPointer
    /// Method, target and version in `requestLine`.
    public var parts: SpaceSeparated
    /// Header values, trimmed (the Host value as sent: `HTTPDecoder.normalizeHost` reads it).
    public var host: UnsafeRawBufferPointer?
    public var userAgent: UnsafeRawBufferPointer?
    public var via: UnsafeRawBufferPointer?
    public var forwardedFor: UnsafeRawBufferPointer?
    /// The head ended (an empty line was seen) inside the bytes given.
    public var complete = false
}

public struct HTTPResponse: Sendable, Equatable {
    public var version: String
    public var status: Int
    public var server: String?
    public var via: String?
    public var complete: Bool
}

public enum HTTPDecoder {
    /// Request methods, as bytes followed by a space (checked on every client segment
    /// of an HTTP flow, so without making strings).
    static let methods: [[UInt8]] = ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH",
                                     "CONNECT", "TRACE", "PROPFIND", "MKCOL", "COPY", "MOVE"].map { Array(($0 + " ").utf8) }
    static let maxHead = 16384

    /// Does the payload start like a request line (a known method and a space)?
    public static func looksLikeRequest(_ b: UnsafeRawBufferPointer) -> Bool {
        guard b.count >= 4, b[0] >= 65, b[0] <= 90 else { return false }
        for m in methods where b.count >= m.count {
            var same = true
            for i in 0 ..< m.count where b[i] != m[i] { same = false; break }
            if same { return true }
        }
        return false
    }

    public static func looksLikeResponse(_ b: UnsafeRawBufferPointer) -> Bool {
        b.hasASCIIPrefix("HTTP/1.") || b.hasASCIIPrefix("HTTP/0.9")
    }

    /// Every request head that starts in `bytes`, with the anomaly that ended reading, if any.
    public static func parseRequests(_ bytes: UnsafeRawBufferPointer) -> ([HTTPRequest], AnomalyCode?) {
        var out: [HTTPRequest] = []
        let problem = forEachRequestHead(bytes) { out.append(HTTPRequest($0)) }
        return (out, problem)
    }

    /// Gives `body` every request head that starts in `bytes`, as slices of it (the
    /// census reads two headers of every request, and makes no other strings);
    /// returns the anomaly that ended reading, if any.
    public static func forEachRequestHead(_ bytes: UnsafeRawBufferPointer, _ body: (RequestHead) -> Void) -> AnomalyCode? {
        var start = 0
        while start < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[start...])
            guard looksLikeRequest(rest) else { break }
            var lines = TextLines(rest, maxLine: maxHead)
            guard let first = lines.next() else {
                return rest.count > maxHead ? .httpHeadTooLarge : nil
            }
            let parts = SpaceSeparated(first)
            guard parts.count == 3, UnsafeRawBufferPointer(rebasing: first[parts.fields.2]).hasASCIIPrefix("HTTP/") else {
                return .httpBadRequestLine
            }
            var head = RequestHead(requestLine: first, parts: parts)
            var contentLength = 0
            while let line = lines.next() {
                if line.isEmpty { head.complete = true; break }
                switch RequestHeader(line) {
                case .host: head.host = headerValueBytes(line)
                case .userAgent: head.userAgent = headerValueBytes(line)
                case .via: head.via = headerValueBytes(line)
                case .forwardedFor: head.forwardedFor = headerValueBytes(line)
                case .contentLength: contentLength = Int(headerValue(line)) ?? 0
                case .other: break
                }
            }
            body(head)
            guard head.complete else {
                // A header line longer than the bound: the head is given up, and said.
                return rest.count - lines.offset > maxHead ? .httpHeadTooLarge : nil
            }
            start += lines.offset + Swift.max(0, contentLength)
        }
        return nil
    }

    public static func parseResponse(_ bytes: UnsafeRawBufferPointer) -> HTTPResponse? {
        guard looksLikeResponse(bytes) else { return nil }
        var lines = TextLines(bytes, maxLine: maxHead)
        guard let first = lines.next(), let (version, status) = statusLine(first) else { return nil }
        var resp = HTTPResponse(version: version, status: status, server: nil, via: nil, complete: false)
        while let line = lines.next() {
            if line.isEmpty { resp.complete = true; break }
            if headerNamed(line, "server") { resp.server = headerValue(line) } else if headerNamed(line, "via") { resp.via = headerValue(line) }
        }
        return resp
    }

    /// The version and status code of a status line; nil when the code is not three digits' worth.
    static func statusLine(_ line: UnsafeRawBufferPointer) -> (String, Int)? {
        guard line.contains(where: { $0 >= 0x80 }) else {
            // ASCII: every byte is a character, so splitting bytes splits characters.
            let parts = SpaceSeparated(line)
            let code = String(decoding: UnsafeRawBufferPointer(rebasing: line[parts.fields.1]), as: UTF8.self)
            guard parts.count >= 2, let status = Int(code), (100 ... 999).contains(status) else { return nil }
            return (String(decoding: UnsafeRawBufferPointer(rebasing: line[parts.fields.0]), as: UTF8.self), status)
        }
        let parts = String(decoding: line, as: UTF8.self).split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]), (100 ... 999).contains(status) else { return nil }
        return (String(parts[0]), status)
    }

    /// The request headers the census reads; the rest are skipped without making strings.
    enum RequestHeader {
        case host, userAgent, via, forwardedFor, contentLength, other

        init(_ line: UnsafeRawBufferPointer) {
            switch line.first.map({ $0 | 0x20 }) {
            case UInt8(ascii: "h"): self = headerNamed(line, "host") ? .host : .other
            case UInt8(ascii: "u"): self = headerNamed(line, "user-agent") ? .userAgent : .other
            case UInt8(ascii: "v"): self = headerNamed(line, "via") ? .via : .other
            case UInt8(ascii: "x"): self = headerNamed(line, "x-forwarded-for") ? .forwardedFor : .other
            case UInt8(ascii: "c"): self = headerNamed(line, "content-length") ? .contentLength : .other
            default: self = .other
            }
        }
    }

    /// Does the line hold header `name` (lowercase ASCII), compared without case?
    static func headerNamed(_ line: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        let n = name.utf8CodeUnitCount
        guard line.count > n, line[n] == UInt8(ascii: ":") else { return false }
        let p = name.utf8Start
        for i in 0 ..< n where line[i] | 0x20 != p[i] { return false }
        return true
    }

    /// The value after the colon, trimmed of spaces and tabs.
    static func headerValue(_ line: UnsafeRawBufferPointer) -> String {
        String(decoding: headerValueBytes(line), as: UTF8.self)
    }

    static func headerValueBytes(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return UnsafeRawBufferPointer(rebasing: line[0 ..< 0]) }
        var v = colon + 1
        var e = line.count
        while v < e && (line[v] == 0x20 || line[v] == 0x09) { v += 1 }
        while e > v && (line[e - 1] == 0x20 || line[e - 1] == 0x09) { e -= 1 }
        return UnsafeRawBufferPointer(rebasing: line[v ..< e])
    }

    /// A Host value without port, brackets or trailing dot, lowercased.
    public static func normalizeHost(_ value: String) -> String {
        var value = value
        return value.withUTF8 { normalizeHost(UnsafeRawBufferPointer($0)) }
    }

    /// `normalizeHost` of a header value's bytes, as one new string. Every cut is at an
    /// ASCII byte, so cutting before or after decoding (which replaces invalid UTF-8)
    /// gives the same text.
    public static func normalizeHost(_ value: UnsafeRawBufferPointer) -> String {
        var lo = 0, hi = value.count
        if value.first == UInt8(ascii: "[") {
            if let close = value.firstIndex(of: UInt8(ascii: "]")) { lo = 1; hi = close }
        } else if let colon = value.lastIndex(of: UInt8(ascii: ":")), value.firstIndex(of: UInt8(ascii: ":")) == colon {
            hi = colon
        }
        while hi > lo && value[hi - 1] == UInt8(ascii: ".") { hi -= 1 }
        let host = UnsafeRawBufferPointer(rebasing: value[lo ..< hi])
        guard !host.contains(where: { $0 >= 0x80 }) else {
            return String(decoding: host.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        return String(unsafeUninitializedCapacity: host.count) { out in
            for (i, b) in host.enumerated() { out[i] = b >= 65 && b <= 90 ? b | 0x20 : b }
            return host.count
        }
    }
}
