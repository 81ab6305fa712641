// The line reader shared by the text protocols (HTTP heads, SMTP, POP3, IMAP, FTP,
// SSH), as tcpdump's txtproto_print serves several printers: lines end in CRLF or
// LF, and are bounded so a line without an end cannot grow without limit.

public struct TextLines: Sequence, IteratorProtocol {
    let bytes: UnsafeRawBufferPointer
    public private(set) var offset: Int
    let maxLine: Int

    public init(_ bytes: UnsafeRawBufferPointer, from offset: Int = 0, maxLine: Int = 8192) {
        self.bytes = bytes
        self.offset = offset
        self.maxLine = maxLine
    }

    /// The next complete line without its terminator; nil at the end of the bytes or
    /// when a line is longer than `maxLine` or unterminated.
    public mutating func next() -> UnsafeRawBufferPointer? {
        guard offset < bytes.count else { return nil }
        let limit = Swift.min(bytes.count, offset + maxLine + 2)
        guard let i = TextLines.lineFeed(in: bytes, from: offset, to: limit) else { return nil }
        var end = i
        if end > offset && bytes[end - 1] == 0x0d { end -= 1 }
        let line = UnsafeRawBufferPointer(rebasing: bytes[offset ..< end])
        offset = i + 1
        return line
    }

    /// The offset of the first line feed in `bytes[from ..< to]`. Eight bytes at a time
    /// while there is none: a word holds one exactly when, xored with 0x0a in every
    /// byte, it has a zero byte (the classic has-zero-byte test), then byte by byte.
    static func lineFeed(in bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        var i = from
        while i + 8 <= to {
            let w = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x0a0a_0a0a_0a0a_0a0a
            if (w &- 0x0101_0101_0101_0101) & ~w & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < to {
            if bytes[i] == 0x0a { return i }
            i += 1
        }
        return nil
    }

    /// The first line of `bytes`, as text; nil when there is no complete line.
    public static func firstLine(_ bytes: UnsafeRawBufferPointer, maxLine: Int = 1024) -> String? {
        var lines = TextLines(bytes, maxLine: maxLine)
        return lines.next().map { String(decoding: $0, as: UTF8.self) }
    }
}

/// The first three runs of non-space bytes of a line, as `split(separator: 0x20)` gives
/// them, without making an array (request and status lines are split for every HTTP head).
public struct SpaceSeparated {
    public private(set) var fields: (Range<Int>, Range<Int>, Range<Int>) = (0 ..< 0, 0 ..< 0, 0 ..< 0)
    /// How many runs the line has, counted up to 4.
    public private(set) var count = 0

    public init(_ line: UnsafeRawBufferPointer) {
        var i = 0
        while i < line.count && count < 4 {
            if line[i] == 0x20 { i += 1; continue }
            let start = i
            while i < line.count && line[i] != 0x20 { i += 1 }
            switch count {
            case 0: fields.0 = start ..< i
            case 1: fields.1 = start ..< i
            case 2: fields.2 = start ..< i
            default: break
            }
            count += 1
        }
    }
}

extension String {
    /// ASCII-lowercased copy (header names and host names are ASCII).
    public var asciiLowercased: String {
        var b = Array(utf8)
        for i in b.indices where b[i] >= 65 && b[i] <= 90 { b[i] |= 0x20 }
        return String(decoding: b, as: UTF8.self)
    }
}
