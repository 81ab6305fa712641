// JA4H, the HTTP client fingerprint of FoxIO's JA4+ (technical_details/JA4H.md and the
// reference ja4h.py), from one request head:
//   a = method(2, lowercase) version(2: 10, 11, 20) cookie(c|n) referer(r|n)
//       headers(2, not counting Cookie and Referer) language(4)
//   b = hash12(header names as sent, in order, without Cookie, Referer, pseudo-headers)
//   c = hash12(cookie names, sorted)          — twelve zeros without a Cookie
//   d = hash12(cookie name=value pairs, sorted by name) — likewise
// language: the first Accept-Language entry, lowercase, hyphens removed, four
// characters padded with "0"; "0000" without the header. Where ja4h.py keeps empty
// cookie pieces (a trailing ";") this drops them, and a one-letter method is padded.

/// A JA4H HTTP client fingerprint, with its unhashed parts.
public struct JA4H: Sendable, Equatable, CustomStringConvertible {
    /// The `a` part, e.g. `ge11cr05enus`.
    public var prefix: String
    public var headerNames: [String]
    public var cookieNames: [String]
    public var cookiePairs: [String]

    /// `a_b_c_d`.
    public var fingerprint: String {
        let joined = headerNames.joined(separator: ",")
        return "\(prefix)_\(JA4Parts.hash12(joined))_\(Self.hash(cookieNames))_\(Self.hash(cookiePairs))"
    }

    public var description: String { fingerprint }

    /// HTTP/1.x request heads longer than this are not fingerprinted (as HTTPDecoder).
    static let maxHead = 16384

    /// The fingerprint of a request given as its parts; `version` as in the request
    /// line (`HTTP/1.1`, or `HTTP/2` for a request read from HTTP/2 frames), headers
    /// in the order sent. Nil when the method or version is not a token JA4H can write.
    public init?(method: String, version: String, headers: [(name: String, value: String)]) {
        guard let m = Self.method(method), let v = Self.version(version) else { return nil }
        var names: [String] = [], cookies: [(name: String, pair: String, order: Int)] = []
        var referer = false, cookie = false, language = "0000"
        for (name, value) in headers where !name.isEmpty && !name.hasPrefix(":") {
            switch name.lowercased() {
            case "cookie":
                cookie = true
                for piece in value.split(separator: ";") {
                    let pair = Self.trimmed(piece)
                    guard !pair.isEmpty else { continue }
                    let cookieName = Self.trimmed(pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0])
                    cookies.append((cookieName, pair, cookies.count))
                }
                continue
            case "referer":
                referer = true
                continue
            case "accept-language":
                language = Self.language(value)
            default:
                break
            }
            names.append(name)
        }
        // ja4h.py sorts by name alone and Python's sort is stable: ties keep their order.
        cookies.sort { a, b in
            a.name == b.name ? a.order < b.order : Array(a.name.utf8).lexicographicallyPrecedes(Array(b.name.utf8))
        }
        prefix = m + v + (cookie ? "c" : "n") + (referer ? "r" : "n") + JA4Parts.count(names.count) + language
        headerNames = names
        cookieNames = cookies.map(\.name)
        cookiePairs = cookies.map(\.pair)
    }

    /// The fingerprint of an HTTP/1.x request head at the start of `bytes` (request
    /// line, header lines, empty line); nil when the head is not complete in the bytes
    /// given, longer than 16 KiB, or its request line is not `METHOD SP target SP HTTP/x`.
    public init?(requestHead bytes: UnsafeRawBufferPointer) {
        var lines = HeadLines(bytes: ByteCursor(bytes), limit: Self.maxHead)
        guard let requestLine = lines.next() else { return nil }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[1].isEmpty else { return nil }
        var headers: [(name: String, value: String)] = []
        while let line = lines.next() {
            if line.isEmpty {
                self.init(method: String(parts[0]), version: String(parts[2]), headers: headers)
                return
            }
            let field = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard field.count == 2 else { return nil }
            headers.append((String(field[0]), Self.trimmed(field[1])))
        }
        return nil
    }

    static func hash(_ list: [String]) -> String {
        list.isEmpty ? JA4Parts.zeros : JA4Parts.hash12(list.joined(separator: ","))
    }

    /// The first two letters, lowercase; methods are tokens (RFC 9110 §9.1).
    static func method(_ token: String) -> String? {
        guard !token.isEmpty, token.utf8.allSatisfy({ (0x21 ... 0x7e).contains($0) }) else { return nil }
        let two = String(token.lowercased().prefix(2))
        return two.count == 2 ? two : two + "0"
    }

    /// `HTTP/1.1` → 11, `HTTP/1.0` → 10, `HTTP/2` and `HTTP/2.0` → 20.
    static func version(_ token: String) -> String? {
        guard token.hasPrefix("HTTP/") else { return nil }
        let digits = token.dropFirst(5).filter { $0 != "." }
        guard (1 ... 2).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return digits.count == 2 ? String(digits) : String(digits) + "0"
    }

    static func language(_ value: String) -> String {
        let first = value.lowercased().filter { $0 != "-" }.split(whereSeparator: { $0 == "," || $0 == ";" }).first ?? ""
        let four = String(first.prefix(4))
        return four + String(repeating: "0", count: 4 - four.count)
    }

    static func trimmed(_ s: Substring) -> String {
        String(s.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }

    static func trimmed(_ s: String) -> String { trimmed(Substring(s)) }
}

/// The lines of a message head, CRLF or LF terminated, read through a ByteCursor and
/// bounded: no line is returned past `limit` bytes or without its terminator.
struct HeadLines {
    var bytes: ByteCursor
    let limit: Int

    mutating func next() -> String? {
        let start = bytes.offset
        while let b = bytes.readU8() {
            guard bytes.offset <= limit else { return nil }
            guard b == 0x0a else { continue }
            var end = bytes.offset - 1
            if end > start, bytes.u8(at: end - 1) == 0x0d { end -= 1 }
            guard let line = bytes.slice(at: start, count: end - start) else { return nil }
            return String(decoding: line, as: UTF8.self)
        }
        return nil
    }
}
