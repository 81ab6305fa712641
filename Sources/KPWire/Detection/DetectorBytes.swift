// Byte helpers the detectors share: bounded searches and printable text, all through
// bounds-checked reads of the payload.

public enum DetectorBytes {
    /// Does `bytes` hold `word` (ASCII) at `pos`?
    public static func has(_ bytes: UnsafeRawBufferPointer, _ word: StaticString, at pos: Int) -> Bool {
        let n = word.utf8CodeUnitCount
        guard pos >= 0, pos <= bytes.count - n else { return false }
        let w = word.utf8Start
        for i in 0 ..< n where bytes[pos + i] != w[i] { return false }
        return true
    }

    /// Does `bytes` hold `word` at `pos`, letters compared without case?
    public static func hasIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ word: StaticString, at pos: Int) -> Bool {
        let n = word.utf8CodeUnitCount
        guard pos >= 0, pos <= bytes.count - n else { return false }
        let w = word.utf8Start
        for i in 0 ..< n where Banners.upper(bytes[pos + i]) != Banners.upper(w[i]) { return false }
        return true
    }

    /// The first offset at or after `from` where `word` starts, without case; nil when absent.
    public static func find(_ word: StaticString, in bytes: UnsafeRawBufferPointer, from: Int = 0) -> Int? {
        let n = word.utf8CodeUnitCount
        guard n > 0, from >= 0, bytes.count >= n, from <= bytes.count - n else { return nil }
        for i in from ... bytes.count - n where hasIgnoringCase(bytes, word, at: i) { return i }
        return nil
    }

    /// Printable ASCII (and tab) only?
    public static func isPrintable(_ bytes: UnsafeRawBufferPointer) -> Bool {
        !bytes.contains { ($0 < 0x20 && $0 != 0x09) || $0 >= 0x7f }
    }

    /// The bytes `range` of `bytes` as text when they are printable ASCII, at most `max` bytes; nil otherwise or when empty.
    public static func text(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, max: Int = 256) -> String? {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count, !range.isEmpty, range.count <= max else { return nil }
        let part = UnsafeRawBufferPointer(rebasing: bytes[range])
        return isPrintable(part) ? String(decoding: part, as: UTF8.self) : nil
    }

    /// A NUL-terminated printable string starting at `pos`: (text, offset after the NUL).
    public static func cString(_ bytes: UnsafeRawBufferPointer, at pos: Int, max: Int = 256) -> (String, Int)? {
        guard pos >= 0, pos < bytes.count else { return nil }
        var end = pos
        while end < bytes.count && bytes[end] != 0 {
            end += 1
            if end - pos > max { return nil }
        }
        guard end < bytes.count else { return nil }
        if end == pos { return ("", end + 1) }
        return text(bytes, pos ..< end, max: max).map { ($0, end + 1) }
    }

    /// The lines of a text head (up to the first empty line or the end), at most `max`.
    public static func lines(_ bytes: UnsafeRawBufferPointer, max: Int = 32) -> [UnsafeRawBufferPointer] {
        var out: [UnsafeRawBufferPointer] = []
        var reader = TextLines(bytes, maxLine: 1024)
        while out.count < max, let line = reader.next(), !line.isEmpty { out.append(line) }
        return out
    }

    /// The value of header `name` (e.g. "User-Agent") among `lines`, trimmed; nil when absent.
    public static func header(_ name: StaticString, in lines: [UnsafeRawBufferPointer]) -> String? {
        let n = name.utf8CodeUnitCount
        for line in lines where hasIgnoringCase(line, name, at: 0) && line.count > n && line[n] == 0x3a {
            var start = n + 1
            while start < line.count && line[start] == 0x20 { start += 1 }
            var end = line.count
            while end > start && line[end - 1] == 0x20 { end -= 1 }
            return text(line, start ..< end)
        }
        return nil
    }
}
