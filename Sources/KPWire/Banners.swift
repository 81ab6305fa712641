// Text protocols recognised by their first lines: one registry entry per protocol
// (SSH.swift, SMTP.swift, FTP.swift, POP3.swift, IMAP.swift), each giving its port
// hints and how it reads the server's greeting and a client's first command.

/// How sure a greeting makes us of the protocol.
public enum BannerConfidence: Int, Sendable, Comparable {
    /// Shared by several protocols (e.g. "220 " for SMTP and FTP): needs the client's
    /// first command or the port to decide.
    case weak = 1
    case strong = 2
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

public struct BannerMatch: Sendable, Equatable {
    public var confidence: BannerConfidence
    /// The software the greeting names (text after the status code), or nil.
    public var software: String?
}

public struct BannerProtocol: Sendable {
    public let service: String
    /// Ports where this protocol usually listens: a hint, never the decision alone.
    public let ports: Set<UInt16>
    public let server: @Sendable (String) -> BannerMatch?
    public let client: @Sendable (String) -> Bool
}

public enum Banners {
    /// The registry: one line per text protocol.
    public static let all: [BannerProtocol] = [ssh, smtp, ftp, pop3, imap]

    /// The best reading of a server greeting: (service, match), strongest first,
    /// ties broken by the port hint.
    public static func identifyServer(firstLine: String, port: UInt16) -> (String, BannerMatch)? {
        var best: (String, BannerMatch, Bool)?
        for p in all {
            guard let m = p.server(firstLine) else { continue }
            let hinted = p.ports.contains(port)
            if let b = best, (b.1.confidence, b.2 ? 1 : 0) >= (m.confidence, hinted ? 1 : 0) { continue }
            best = (p.service, m, hinted)
        }
        return best.map { ($0.0, $0.1) }
    }

    /// The protocol whose client command this line is, if exactly one claims it.
    public static func identifyClient(firstLine: String) -> String? {
        var claims = 0
        var service: String?
        for p in all where p.client(firstLine) {
            claims += 1
            service = p.service
        }
        return claims == 1 ? service : nil
    }

    /// The text after a status token (and the space or hyphen after it), without
    /// trailing spaces; nil when empty. Works on UTF-8 bytes: this runs once per flow.
    static func textAfter(_ prefixLength: Int, _ line: String) -> String? {
        let bytes = Array(line.utf8)
        var start = Swift.min(prefixLength, bytes.count)
        while start < bytes.count && (bytes[start] == 0x20 || bytes[start] == 0x2d) { start += 1 }
        var end = bytes.count
        while end > start && bytes[end - 1] == 0x20 { end -= 1 }
        return end > start ? String(decoding: bytes[start ..< end], as: UTF8.self) : nil
    }

    /// The first word of a client line, uppercased.
    static func command(_ line: String) -> String {
        guard let upper = asciiUppercased(line) else { return String(line.prefix { $0 != " " }).uppercased() }
        return String(decoding: upper.prefix { $0 != 0x20 }, as: UTF8.self)
    }

    /// Does the uppercased line contain one of `words` (uppercase ASCII)?
    static func upperContains(_ line: String, _ words: [String]) -> Bool {
        guard let upper = asciiUppercased(line) else {
            let text = line.uppercased()
            return words.contains { text.contains($0) }
        }
        return words.contains { word in
            let w = Array(word.utf8)
            guard upper.count >= w.count else { return false }
            return (0 ... upper.count - w.count).contains { i in upper[i ..< i + w.count].elementsEqual(w) }
        }
    }

    /// The bytes of an ASCII line with letters uppercased; nil when the line is not
    /// ASCII (then `uppercased()` on Characters decides). On ASCII without line feeds
    /// every Character is one byte, so byte and Character comparisons agree.
    static func asciiUppercased(_ line: String) -> [UInt8]? {
        var b = Array(line.utf8)
        for i in b.indices {
            if b[i] >= 0x80 || b[i] == 0x0a { return nil }
            if b[i] >= 0x61 && b[i] <= 0x7a { b[i] &= 0xdf }
        }
        return b
    }
}
