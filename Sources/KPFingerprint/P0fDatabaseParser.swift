// Reads p0f v3's database (Debian: package p0f, /etc/p0f/p0f.fp): `;` comments,
// `classes = …`, `[module:direction]` sections, each `label =` followed by its `sig =` lines.
// Only the TCP sections are read ([tcp:request]: SYN, [tcp:response]: SYN+ACK); the MTU and
// HTTP sections are skipped. A bad line is reported with its number and skipped.
import Foundation

/// The TCP signatures of a p0f.fp file.
public struct P0fDatabase: Sendable {
    /// `[tcp:request]`: signatures of SYNs (clients), in file order.
    public let requests: [P0fSignature]
    /// `[tcp:response]`: signatures of SYN+ACKs (servers), in file order.
    public let responses: [P0fSignature]
    /// Lines that did not parse, skipped.
    public let errors: [FingerprintFileError]
    public let path: String

    /// Debian's location of the file (package p0f).
    public static let defaultPath = "/etc/p0f/p0f.fp"

    /// Reads and parses the file at `path`; nil when it cannot be read.
    public static func load(path: String = defaultPath) -> P0fDatabase? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses the text of a p0f.fp file; `path` only names it in errors.
    public static func parse(_ text: String, path: String) -> P0fDatabase {
        var requests = [P0fSignature](), responses = [P0fSignature](), errors = [FingerprintFileError]()
        var classes: Set<String> = []
        var section = ""
        var label: P0fLabel?
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix(";") { continue }
            func fail(_ message: String) { errors.append(FingerprintFileError(path: path, line: offset + 1, message: message)) }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { fail("unterminated section header"); continue }
                section = String(line.dropFirst().dropLast())
                label = nil
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { fail("expected 'key = value'"); continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "classes":
                classes = Set(value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            case "label" where section.hasPrefix("tcp:"):
                label = parseLabel(value, classes: classes)
                if label == nil { fail("bad label '\(value)' (type:class:name:flavor, class one of classes or !)") }
            case "sig" where section == "tcp:request" || section == "tcp:response":
                guard let label else { fail("sig without a valid label before it"); continue }
                do throws(LineError) {
                    let sig = try parseSignature(value, label: label, line: offset + 1)
                    if section == "tcp:request" { requests.append(sig) } else { responses.append(sig) }
                } catch {
                    fail(error.message)
                }
            case _ where !section.isEmpty && !section.hasPrefix("tcp:"):
                continue
            case "label", "sig", "sys":
                continue
            default:
                fail("unknown key '\(key)'")
            }
        }
        return P0fDatabase(requests: requests, responses: responses, errors: errors, path: path)
    }

    static func parseLabel(_ text: String, classes: Set<String>) -> P0fLabel? {
        let parts = text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == "s" || parts[0] == "g", !parts[2].isEmpty,
              parts[1] == "!" || classes.contains(parts[1]) else { return nil }
        return P0fLabel(isGeneric: parts[0] == "g", osClass: parts[1] == "!" ? nil : parts[1], name: parts[2], flavor: parts[3])
    }

    /// `ver:ittl:olen:mss:wsize,scale:olayout:quirks:pclass`.
    static func parseSignature(_ text: String, label: P0fLabel, line: Int) throws(LineError) -> P0fSignature {
        let f = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 8 else { throw LineError("a TCP sig has 8 fields separated by ':', this one \(f.count)") }
        let version: UInt8?
        switch f[0] {
        case "4": version = 4
        case "6": version = 6
        case "*": version = nil
        default: throw LineError("ver must be 4, 6 or *")
        }
        let (ttl, badTTL) = try parseTTL(f[1])
        guard let olen = Int(f[2]), olen >= 0 else { throw LineError("olen must be a number") }
        let mss: UInt16? = f[3] == "*" ? nil : try number(f[3], "mss")
        let win = f[4].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard win.count == 2 else { throw LineError("wsize,scale expected") }
        let scale: UInt8? = win[1] == "*" ? nil : try number(win[1], "scale")
        let (layout, padding) = try parseLayout(f[5])
        var quirks = TCPQuirks()
        for name in f[6].split(separator: ",") {
            guard let q = TCPQuirks.names.first(where: { $0.0 == name })?.1 else { throw LineError("unknown quirk '\(name)'") }
            quirks.insert(q)
        }
        let payload: Bool?
        switch f[7] {
        case "0": payload = false
        case "+": payload = true
        case "*": payload = nil
        default: throw LineError("pclass must be 0, + or *")
        }
        return P0fSignature(ipVersion: version, initialTTL: ttl, badTTL: badTTL, ipOptionsLength: olen, mss: mss,
                            window: try parseWindow(win[0]), windowScale: scale, options: layout, eolPadding: padding,
                            quirks: quirks, hasPayload: payload, label: label, line: line)
    }

    /// `64`, `64-` (random TTL below 64), or `54+10` (observed plus distance).
    static func parseTTL(_ s: String) throws(LineError) -> (Int, Bool) {
        if s.hasSuffix("-"), let n = Int(s.dropLast()), (1...255).contains(n) { return (n, true) }
        let parts = s.split(separator: "+", omittingEmptySubsequences: false)
        if parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), (1...255).contains(a + b) { return (a + b, false) }
        if let n = Int(s), (1...255).contains(n) { return (n, false) }
        throw LineError("bad ittl '\(s)'")
    }

    static func parseWindow(_ s: String) throws(LineError) -> P0fSignature.Window {
        if s == "*" { return .any }
        if s.hasPrefix("mss*"), let n = Int(s.dropFirst(4)), n > 0 { return .mss(n) }
        if s.hasPrefix("mtu*"), let n = Int(s.dropFirst(4)), n > 0 { return .mtu(n) }
        if s.hasPrefix("%"), let n = UInt16(s.dropFirst()), n > 0 { return .multiple(n) }
        return .exact(try number(s, "wsize"))
    }

    static func parseLayout(_ s: String) throws(LineError) -> ([TCPOptionKind], Int) {
        var layout = [TCPOptionKind](), padding = 0
        for item in s.split(separator: ",") {
            switch item {
            case "nop": layout.append(.nop)
            case "mss": layout.append(.mss)
            case "ws": layout.append(.ws)
            case "sok": layout.append(.sok)
            case "sack": layout.append(.sack)
            case "ts": layout.append(.ts)
            case _ where item.hasPrefix("eol+"):
                guard let n = Int(item.dropFirst(4)), n >= 0 else { throw LineError("bad eol+N") }
                layout.append(.eol)
                padding = n
            case _ where item.hasPrefix("?"):
                guard let n = UInt8(item.dropFirst()) else { throw LineError("bad ?N option") }
                layout.append(.other(n))
            default: throw LineError("unknown option '\(item)' in olayout")
            }
        }
        return (layout, padding)
    }

    static func number<T: FixedWidthInteger>(_ s: String, _ what: String) throws(LineError) -> T {
        guard let n = T(s) else { throw LineError("\(what) must be a number or *") }
        return n
    }
}
