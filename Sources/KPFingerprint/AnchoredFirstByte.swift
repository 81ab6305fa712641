// Most of nmap's patterns are anchored and open with a literal (`^SSH-`, `^220 `, `^\x16`):
// such a pattern cannot match a reply whose first byte differs, so the matcher skips PCRE2
// for it. This reads that byte off the pattern text, conservatively: any construct it does
// not know (classes, groups, escapes such as \d, a quantifier that allows zero, a top-level
// alternation) means no shortcut, and PCRE2 decides.

enum AnchoredFirstByte {
    /// The bytes a match must start with (both cases of a letter under `i`), or nil when the
    /// pattern does not pin its first byte.
    static func of(_ p: [UInt8], flags: RegexFlags) -> (UInt8, UInt8)? {
        guard p.count >= 2, p[0] == UInt8(ascii: "^"), !hasTopLevelAlternation(p) else { return nil }
        var i = 1
        let literal: UInt8
        if p[1] == UInt8(ascii: "\\") {
            guard p.count >= 3 else { return nil }
            let e = p[2]
            i = 3
            switch e {
            case UInt8(ascii: "r"): literal = 0x0D
            case UInt8(ascii: "n"): literal = 0x0A
            case UInt8(ascii: "t"): literal = 0x09
            case UInt8(ascii: "0"):
                // \0 alone is NUL; \0 followed by digits is an octal escape.
                guard p.count == 3 || !(0x30...0x37).contains(p[3]) else { return nil }
                literal = 0
            case UInt8(ascii: "x"):
                guard p.count >= 5, let hi = hexValue(p[3]), let lo = hexValue(p[4]) else { return nil }
                literal = hi << 4 | lo
                i = 5
            default:
                // An escaped punctuation byte stands for itself; letters and digits are classes
                // (\d, \w), assertions (\b) or back references.
                guard e < 0x80, !isAlphanumeric(e) else { return nil }
                literal = e
            }
        } else {
            guard !metacharacters.contains(p[1]) else { return nil }
            literal = p[1]
            i = 2
        }
        if i < p.count, [UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "{")].contains(p[i]) { return nil }
        guard flags.contains(.caseless), isLetter(literal) else { return (literal, literal) }
        return (literal | 0x20, literal & ~0x20)
    }

    private static let metacharacters: Set<UInt8> = Set("\\^$.[]()|?*+{}".utf8)

    /// Whether a `|` sits outside every group and class (then `^` anchors one branch only).
    static func hasTopLevelAlternation(_ p: [UInt8]) -> Bool {
        var depth = 0
        var i = 0
        while i < p.count {
            switch p[i] {
            case UInt8(ascii: "\\"): i += 1
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"): depth -= 1
            case UInt8(ascii: "|") where depth <= 0: return true
            case UInt8(ascii: "["):
                // A class runs to the first `]` that is not its first member or escaped.
                i += 1
                if i < p.count, p[i] == UInt8(ascii: "^") { i += 1 }
                if i < p.count, p[i] == UInt8(ascii: "]") { i += 1 }
                while i < p.count, p[i] != UInt8(ascii: "]") {
                    if p[i] == UInt8(ascii: "\\") { i += 1 }
                    i += 1
                }
            default: break
            }
            i += 1
        }
        return false
    }

    private static func isLetter(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
    private static func isAlphanumeric(_ b: UInt8) -> Bool { isLetter(b) || (0x30...0x39).contains(b) }
}
