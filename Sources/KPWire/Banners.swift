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
    public let client: @Sendable (ClientLine) -> Bool
}

/// A client's first line with the words its readers compare, read once for all of them.
public struct ClientLine: Sendable {
    public let text: String
    /// The text up to the first space (empty when the line starts with one), uppercased.
    public let command: String
    /// The second of the space-separated words (an IMAP command after its tag), uppercased.
    public let secondWord: String?

    public init(_ text: String) {
        self.text = text
        var line = text
        let words = line.withUTF8 { bytes -> (String, String?)? in
            // ASCII without line feeds: every Character is one byte, so bytes can be
            // split and uppercased in their place.
            guard Banners.isASCIIWithoutLineFeed(bytes) else { return nil }
            let raw = UnsafeRawBufferPointer(bytes)
            let parts = SpaceSeparated(raw)
            let first = parts.count > 0 && parts.fields.0.lowerBound == 0 ? parts.fields.0 : 0 ..< 0
            return (Banners.uppercased(raw, first), parts.count >= 2 ? Banners.uppercased(raw, parts.fields.1) : nil)
        }
        if let words {
            (command, secondWord) = words
        } else {
            command = String(text.prefix { $0 != " " }).uppercased()
            let split = text.split(separator: " ")
            secondWord = split.count >= 2 ? split[1].uppercased() : nil
        }
    }
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
        let line = ClientLine(firstLine)
        var claims = 0
        var service: String?
        for p in all where p.client(line) {
            claims += 1
            service = p.service
        }
        return claims == 1 ? service : nil
    }

    /// The text after a status token (and the space or hyphen after it), without
    /// trailing spaces; nil when empty. Works on UTF-8 bytes: this runs once per flow.
    static func textAfter(_ prefixLength: Int, _ line: String) -> String? {
        var line = line
        return line.withUTF8 { bytes in
            var start = Swift.min(prefixLength, bytes.count)
            while start < bytes.count && (bytes[start] == 0x20 || bytes[start] == 0x2d) { start += 1 }
            var end = bytes.count
            while end > start && bytes[end - 1] == 0x20 { end -= 1 }
            return end > start ? String(decoding: UnsafeBufferPointer(rebasing: bytes[start ..< end]), as: UTF8.self) : nil
        }
    }

    /// Does the uppercased line contain one of `words` (uppercase ASCII)?
    static func upperContains(_ line: String, _ words: [StaticString]) -> Bool {
        var line = line
        let ascii: Bool? = line.withUTF8 { bytes in
            guard isASCIIWithoutLineFeed(bytes) else { return nil }
            return words.contains { containsUppercased(bytes, $0) }
        }
        if let ascii { return ascii }
        let text = line.uppercased()
        return words.contains { text.contains($0.description) }
    }

    /// Does `bytes` (ASCII), with letters uppercased, contain `word`?
    static func containsUppercased(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard bytes.count >= w.count else { return false }
        for i in 0 ... bytes.count - w.count {
            var j = 0
            while j < w.count && upper(bytes[i + j]) == w[j] { j += 1 }
            if j == w.count { return true }
        }
        return false
    }

    /// On ASCII without line feeds (a CR LF pair is one Character) every Character is
    /// one byte, so byte and Character comparisons agree.
    static func isASCIIWithoutLineFeed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.contains { $0 >= 0x80 || $0 == 0x0a }
    }

    static func upper(_ b: UInt8) -> UInt8 { b >= 0x61 && b <= 0x7a ? b & 0xdf : b }

    /// The bytes of `range` (ASCII), with letters uppercased, as text.
    static func uppercased(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: range.count) { out in
            for (i, b) in bytes[range].enumerated() { out[i] = upper(b) }
            return range.count
        }
    }
}
