// The request and status lines that RTSP and SIP share with HTTP's shape
// ("METHOD URI VERSION", "VERSION CODE TEXT"), read from a payload's first line.

public struct RequestLine {
    public var method: String
    public var uri: String
    public var version: String

    /// The first line as "METHOD URI VERSION" when its version is `version`.
    public static func request(_ p: UnsafeRawBufferPointer, version: StaticString) -> (RequestLine, [UnsafeRawBufferPointer])? {
        let lines = DetectorBytes.lines(p)
        guard let first = lines.first else { return nil }
        let words = SpaceSeparated(first)
        guard words.count == 3, DetectorBytes.has(first, version, at: words.fields.2.lowerBound),
              words.fields.2.count == version.utf8CodeUnitCount,
              let method = DetectorBytes.text(first, words.fields.0, max: 32),
              let uri = DetectorBytes.text(first, words.fields.1, max: 1024) else { return nil }
        return (RequestLine(method: method, uri: uri, version: String(describing: version)), lines)
    }

    /// Is the first line an RTSP or SIP request ("… RTSP/1.0", "… SIP/2.0"), not HTTP?
    public static func hasOtherVersion(_ p: UnsafeRawBufferPointer) -> Bool {
        var lines = TextLines(p, maxLine: 1024)
        guard let first = lines.next() else { return false }
        return DetectorBytes.has(first, " RTSP/1.0", at: first.count - 9) || DetectorBytes.has(first, " SIP/2.0", at: first.count - 8)
    }

    /// Does the first line open with `version` and a space and a three-digit code?
    public static func isStatus(_ p: UnsafeRawBufferPointer, version: StaticString) -> Bool {
        let n = version.utf8CodeUnitCount
        let c = ByteCursor(p)
        guard DetectorBytes.has(p, version, at: 0), c.u8(at: n) == 0x20 else { return false }
        return (n + 1 ... n + 3).allSatisfy { c.u8(at: $0).map { $0 >= 0x30 && $0 <= 0x39 } ?? false } && c.u8(at: n + 4) == 0x20
    }

    /// The host of a URI "scheme://[user@]host[:port]/…" (or "sip:user@host;…"), lowercased.
    public static func host(of uri: String) -> String? {
        var rest = Substring(uri)
        if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] } else if let colon = rest.firstIndex(of: ":") {
            rest = rest[rest.index(after: colon)...]
        }
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == ";" || $0 == ">" || $0 == "?" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("[") { return rest.firstIndex(of: "]").map { String(rest[rest.index(after: rest.startIndex) ..< $0]).asciiLowercased } }
        if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
        return rest.isEmpty ? nil : String(rest).asciiLowercased
    }
}
