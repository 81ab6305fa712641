// Reads nmap's `nmap-payloads` (Debian: nmap-common, /usr/share/nmap/nmap-payloads): the
// UDP payloads that make a service answer. An entry is `udp PORTS` and one or more quoted
// strings (C escapes, joined into one payload; they may run over several lines); keywords
// after the strings (`source 500`) run to the end of their line and are ignored, as nmap
// ignores them. Several entries for one port are several payloads, sent one after another.
import Foundation
import KPModel

public enum UDPPayloadsDomain {}
/// A payloads file that cannot be used (exit 2).
public typealias UDPPayloadsError = MessageError<UDPPayloadsDomain>

/// nmap's UDP payloads by port.
public struct UDPPayloadDatabase: Sendable {
    public struct Entry: Sendable {
        let ports: PortSet
        public let payload: [UInt8]
        /// The line of the file the entry starts on.
        public let line: Int
    }

    /// Debian's location of the file (package nmap-common).
    public static let defaultPath = "/usr/share/nmap/nmap-payloads"
    /// Ranges wider than this are left out of `defaultPorts` (nmap's `32768-65535` for RPC).
    public static let widestDefaultRange = 16

    public let entries: [Entry]
    public let path: String

    /// The payloads for `port`, in file order (empty: the port has none).
    public func payloads(for port: UInt16) -> [[UInt8]] {
        entries.filter { $0.ports.contains(port, transport: .udp) }.map(\.payload)
    }

    /// The ports to probe when the user names none: every port the file lists alone or in a narrow range, sorted.
    public var defaultPorts: [UInt16] {
        var ports = Set<UInt16>()
        for e in entries {
            for r in e.ports.entries.map(\.range) where r.count <= Self.widestDefaultRange { ports.formUnion(r) }
        }
        return ports.sorted()
    }

    /// Reads the file at `path` (`explicit`: the user named it, so it must also hold an entry).
    public static func load(path: String = defaultPath, explicit: Bool = false) throws(UDPPayloadsError) -> UDPPayloadDatabase {
        let option = explicit ? "--udp-payloads \(path)" : path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UDPPayloadsError("\(option): cannot read nmap's UDP payloads (Debian: apt-get install nmap-common, or pass --udp-payloads FILE)")
        }
        let db: UDPPayloadDatabase
        do { db = try parse([UInt8](data), path: path) } catch {
            throw UDPPayloadsError("\(option.replacingOccurrences(of: path, with: error.description)): fix the file or use Debian's nmap-common one")
        }
        if db.entries.isEmpty { throw UDPPayloadsError("\(option): no `udp` entry: not an nmap-payloads file") }
        return db
    }

    /// Parses the bytes of a payloads file; `path` only names it in errors.
    public static func parse(_ bytes: [UInt8], path: String) throws(FingerprintFileError) -> UDPPayloadDatabase {
        var entries: [Entry] = []
        var open: (ports: PortSet, payload: [UInt8], line: Int, strings: Int)?
        func finish() throws(FingerprintFileError) {
            guard let o = open else { return }
            if o.strings == 0 { throw FingerprintFileError(path: path, line: o.line, message: "udp entry without a quoted payload") }
            entries.append(Entry(ports: o.ports, payload: o.payload, line: o.line))
            open = nil
        }
        var lineNumber = 0
        for var line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.last == 0x0D { line = line.dropLast() }
            var tokens = PayloadLineTokens(Array(line))
            while let token = tokens.next() {
                switch token {
                case .string(let text):
                    guard open != nil else { throw FingerprintFileError(path: path, line: lineNumber, message: "a quoted string outside a udp entry") }
                    guard let text else { throw FingerprintFileError(path: path, line: lineNumber, message: "unterminated string") }
                    do { open!.payload += try decodeProbeString(text) } catch {
                        throw FingerprintFileError(path: path, line: lineNumber, message: "bad escape in a payload string")
                    }
                    open!.strings += 1
                case .word("udp"):
                    try finish()
                    guard case .word(let list)? = tokens.next(),
                          let ports = PortSet.parse(Substring(list), prefixes: false), !ports.isEmpty else {
                        throw FingerprintFileError(path: path, line: lineNumber, message: "`udp` needs a port list such as 53,5353 or 27910-27914")
                    }
                    open = (ports, [], lineNumber, 0)
                case .word(let word):
                    guard open != nil else { throw FingerprintFileError(path: path, line: lineNumber, message: "`\(word)`: expected `udp PORTS \"payload\"`") }
                    tokens.skipLine() // a keyword such as `source`: the rest of the line is its value
                }
            }
        }
        try finish()
        return UDPPayloadDatabase(entries: entries, path: path)
    }
}

/// The tokens of one line of nmap-payloads: words and quoted strings (a `\"` inside a
/// string does not end it); `#` outside a string starts a comment.
struct PayloadLineTokens {
    enum Token: Equatable {
        case word(String)
        /// The bytes between the quotes, escapes not yet decoded; nil when the string is not closed.
        case string(ArraySlice<UInt8>?)
    }

    let bytes: [UInt8]
    var i = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func skipLine() { i = bytes.count }

    mutating func next() -> Token? {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        guard i < bytes.count, bytes[i] != UInt8(ascii: "#") else { return nil }
        let start = i
        if bytes[i] == UInt8(ascii: "\"") {
            i += 1
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
            guard i < bytes.count else { skipLine(); return .string(nil) }
            i += 1
            return .string(bytes[(start + 1)..<(i - 1)])
        }
        while i < bytes.count, bytes[i] != 0x20, bytes[i] != 0x09, bytes[i] != UInt8(ascii: "\"") { i += 1 }
        return .word(String(decoding: bytes[start..<i], as: UTF8.self))
    }
}
