// A cursor over one line of nmap-service-probes, in bytes: the file's patterns and probe
// strings hold arbitrary bytes. nmap ends a delimited field (`q|…|`, `m=…=`, `p/…/`) at the
// next occurrence of its delimiter, with no escape for it, which is why lines pick delimiters
// their content does not hold; this reader does the same.

struct ProbeLineReader {
    let bytes: [UInt8]
    private(set) var position: Int

    init(_ bytes: [UInt8], from position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var atEnd: Bool { position >= bytes.count }

    mutating func skipSpaces() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
    }

    /// The bytes up to the next space or tab (empty at the end).
    mutating func word() -> ArraySlice<UInt8> {
        skipSpaces()
        let start = position
        while position < bytes.count, bytes[position] != 0x20, bytes[position] != 0x09 { position += 1 }
        return bytes[start..<position]
    }

    /// The byte at the cursor, moving past it (nil at the end).
    mutating func next() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    /// Whether the bytes at the cursor are `prefix`; if so, moves past them.
    mutating func take(_ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        guard bytes.count - position >= p.count, bytes[position..<position + p.count].elementsEqual(p) else { return false }
        position += p.count
        return true
    }

    /// A field that opens with its delimiter (the byte at the cursor) and runs to the next
    /// one; nil when there is no delimiter or no closing one.
    mutating func delimited() -> ArraySlice<UInt8>? {
        guard position < bytes.count else { return nil }
        let delimiter = bytes[position]
        guard let end = bytes[(position + 1)...].firstIndex(of: delimiter) else { return nil }
        let field = bytes[(position + 1)..<end]
        position = end + 1
        return field
    }

    /// Letters glued to the end of a field (`m/…/is`, `cpe:/…/a`).
    mutating func suffixLetters() -> ArraySlice<UInt8> {
        let start = position
        while position < bytes.count, (0x61...0x7A).contains(bytes[position]) { position += 1 }
        return bytes[start..<position]
    }
}

enum ProbeStringError: Error, Equatable {
    case badHexEscape
    case trailingBackslash
}

/// Decodes a probe string's C-style escapes as nmap does: `\\`, `\0`, `\a`, `\b`, `\f`,
/// `\n`, `\r`, `\t`, `\v`, `\xHH`; any other escaped byte stands for itself.
func decodeProbeString(_ text: ArraySlice<UInt8>) throws(ProbeStringError) -> [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(text.count)
    var i = text.startIndex
    while i < text.endIndex {
        let b = text[i]
        i += 1
        guard b == UInt8(ascii: "\\") else { out.append(b); continue }
        guard i < text.endIndex else { throw .trailingBackslash }
        let e = text[i]
        i += 1
        switch e {
        case UInt8(ascii: "0"): out.append(0)
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "x"):
            guard text.endIndex - i >= 2, let hi = hexValue(text[i]), let lo = hexValue(text[i + 1]) else {
                throw .badHexEscape
            }
            out.append(hi << 4 | lo)
            i += 2
        default: out.append(e)
        }
    }
    return out
}

func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case 0x30...0x39: b - 0x30
    case 0x41...0x46: b - 0x41 + 10
    case 0x61...0x66: b - 0x61 + 10
    default: nil
    }
}
