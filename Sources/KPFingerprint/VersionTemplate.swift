// Filling nmap's version-info templates from a match's capture groups:
//   $1 … $9              the group's bytes
//   $P(n)                the group's printable bytes only (nmap: for UTF-16 and the like)
//   $SUBST(n,"a","b")    the group with every "a" replaced by "b"
//   $I(n,">") / $I(n,"<") the group (1 to 8 bytes) read as an unsigned big/little-endian integer
// An unset group yields nothing; a `$` that starts none of these stays as it is.

import Foundation

enum TemplateFiller {
    /// The template with its references filled; in a CPE, substituted text is encoded as
    /// nmap 7.93 does (seen with `nmap -sV` on crafted banners): letters lowercased, digits
    /// and `._~-` kept, a space as `_`, any other byte as `%XX` (`:` is `%3A`, `+` is `%2B`).
    static func fill(_ template: String, groups: [ArraySlice<UInt8>?], cpe: Bool = false) -> String {
        let t = Array(template.utf8)
        guard t.contains(UInt8(ascii: "$")) else { return template }
        var out = [UInt8]()
        var i = 0
        while i < t.count {
            guard t[i] == UInt8(ascii: "$"), let (bytes, next) = reference(t, at: i, groups: groups) else {
                out.append(t[i])
                i += 1
                continue
            }
            if cpe {
                for b in bytes { appendCPE(b, to: &out) }
            } else {
                out.append(contentsOf: bytes)
            }
            i = next
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes a reference at `at` (a `$`) stands for, and the index after it.
    private static func reference(_ t: [UInt8], at: Int, groups: [ArraySlice<UInt8>?]) -> ([UInt8], Int)? {
        var r = Cursor(t, at + 1)
        if let n = r.digit() { return (group(n, groups).map(Array.init) ?? [], r.i) }
        if r.take("P("), let n = r.digit(), r.take(")") {
            return ((group(n, groups) ?? []).filter { (0x20...0x7E).contains($0) }, r.i)
        }
        if r.take("SUBST("), let n = r.digit(), r.take(","), let from = r.quoted(), r.take(","),
           let to = r.quoted(), r.take(")") {
            return (replace(Array(group(n, groups) ?? []), from, to), r.i)
        }
        if r.take("I("), let n = r.digit(), r.take(",\""), let order = r.byte(), r.take("\")"),
           order == UInt8(ascii: ">") || order == UInt8(ascii: "<") {
            guard let g = group(n, groups), (1...8).contains(g.count) else { return ([], r.i) }
            let bytes = order == UInt8(ascii: ">") ? Array(g) : g.reversed()
            let value = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return (Array(String(value).utf8), r.i)
        }
        return nil
    }

    private static func group(_ n: Int, _ groups: [ArraySlice<UInt8>?]) -> ArraySlice<UInt8>? {
        n < groups.count ? groups[n] : nil
    }

    private static func replace(_ s: [UInt8], _ from: [UInt8], _ to: [UInt8]) -> [UInt8] {
        guard !from.isEmpty else { return s }
        var out = [UInt8]()
        var i = 0
        while i < s.count {
            if s.count - i >= from.count, s[i..<i + from.count].elementsEqual(from) {
                out.append(contentsOf: to)
                i += from.count
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }

    private static func appendCPE(_ b: UInt8, to out: inout [UInt8]) {
        switch b {
        case 0x41...0x5A: out.append(b + 0x20)
        case 0x61...0x7A, 0x30...0x39, UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "-"):
            out.append(b)
        case 0x20: out.append(UInt8(ascii: "_"))
        default: out.append(contentsOf: Array(String(format: "%%%02X", b).utf8))
        }
    }

    private struct Cursor {
        let t: [UInt8]
        var i: Int
        init(_ t: [UInt8], _ i: Int) { self.t = t; self.i = i }

        mutating func byte() -> UInt8? {
            guard i < t.count else { return nil }
            defer { i += 1 }
            return t[i]
        }

        mutating func digit() -> Int? {
            guard i < t.count, (0x31...0x39).contains(t[i]) else { return nil }
            defer { i += 1 }
            return Int(t[i] - 0x30)
        }

        mutating func take(_ s: String) -> Bool {
            let p = Array(s.utf8)
            guard t.count - i >= p.count, t[i..<i + p.count].elementsEqual(p) else { return false }
            i += p.count
            return true
        }

        /// A `"…"` string (no escapes inside, as nmap's templates have none).
        mutating func quoted() -> [UInt8]? {
            guard take("\""), let end = t[i...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            defer { i = end + 1 }
            return Array(t[i..<end])
        }
    }
}
