// Reads nmap's `nmap-service-probes` (Debian: nmap-common, /usr/share/nmap/nmap-service-probes).
// Line-oriented; `#` starts a comment line. A line that does not parse becomes a
// FingerprintFileError naming the file and line, and is skipped; the rest of the file still loads.
import Foundation

/// Parser of nmap's service probes file.
public enum ServiceProbesParser {
    /// Debian's location of the file (package nmap-common).
    public static let defaultPath = "/usr/share/nmap/nmap-service-probes"

    /// Why the file could not be read at all.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String = defaultPath) throws(ReadError) -> ServiceProbeDatabase {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(path: path, reason: "cannot read the service probes file (Debian: apt-get install nmap-common, or pass --service-probes FILE)")
        }
        return parse([UInt8](data), path: path)
    }

    /// Parses the bytes of a probes file; `path` only names it in errors.
    public static func parse(_ bytes: [UInt8], path: String) -> ServiceProbeDatabase {
        var state = ParseState(path: path)
        var lineNumber = 0
        for var line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.last == 0x0D { line = line.dropLast() }
            var reader = ProbeLineReader(Array(line))
            reader.skipSpaces()
            if reader.atEnd || reader.bytes[reader.position] == UInt8(ascii: "#") { continue }
            let directive = String(decoding: reader.word(), as: UTF8.self)
            reader.skipSpaces()
            do {
                try state.apply(directive, &reader, line: lineNumber)
            } catch {
                state.errors.append(FingerprintFileError(path: path, line: lineNumber, message: error.message))
            }
        }
        state.finishProbe()
        return ServiceProbeDatabase(probes: state.probes, excluded: state.excluded, errors: state.errors, path: path)
    }
}

struct LineError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

private struct ParseState {
    let path: String
    var probes: [ServiceProbe] = []
    var current: ServiceProbe?
    /// The last Probe line did not parse: its lines are skipped with it.
    var inBadProbe = false
    var excluded = PortSet()
    var errors: [FingerprintFileError] = []

    init(path: String) { self.path = path }

    mutating func finishProbe() {
        if let current { probes.append(current) }
        current = nil
    }

    mutating func apply(_ directive: String, _ reader: inout ProbeLineReader, line: Int) throws(LineError) {
        if directive == "Probe" {
            finishProbe()
            inBadProbe = true
            current = try parseProbe(&reader, line: line)
            inBadProbe = false
            return
        }
        if directive == "Exclude" {
            guard probes.isEmpty, current == nil else { throw LineError("Exclude must come before the first Probe") }
            guard let set = PortSet.parse(rest(reader), prefixes: true) else { throw LineError("bad port list in Exclude") }
            excluded = set
            return
        }
        guard current != nil else {
            throw LineError(inBadProbe ? "'\(directive)' of a Probe line that did not parse" : "'\(directive)' before the first Probe line")
        }
        switch directive {
        case "match", "softmatch":
            current!.matches.append(try parseMatch(&reader, soft: directive == "softmatch", line: line))
        case "ports", "sslports":
            guard let set = PortSet.parse(rest(reader), prefixes: false) else { throw LineError("bad port list in \(directive)") }
            if directive == "ports" { current!.ports = set } else { current!.sslPorts = set }
        case "rarity":
            guard let n = Int(rest(reader)), (1...9).contains(n) else { throw LineError("rarity must be 1 to 9") }
            current!.rarity = n
        case "fallback":
            let names = rest(reader).split(separator: ",").map { String($0.trimmingCharacters(in: .whitespaces)) }
            guard !names.isEmpty, !names.contains(where: \.isEmpty) else { throw LineError("empty fallback list") }
            current!.fallback = names
        case "totalwaitms", "tcpwrappedms":
            guard let n = Int(rest(reader)), n >= 0 else { throw LineError("\(directive) needs a number of milliseconds") }
            if directive == "totalwaitms" { current!.totalWaitMS = n } else { current!.tcpWrappedMS = n }
        default:
            throw LineError("unknown directive '\(directive)'")
        }
    }

    private func rest(_ reader: ProbeLineReader) -> Substring {
        Substring(String(decoding: reader.bytes[reader.position...], as: UTF8.self).trimmingCharacters(in: .whitespaces))
    }

    private func parseProbe(_ reader: inout ProbeLineReader, line: Int) throws(LineError) -> ServiceProbe {
        let transport: ProbeTransport
        switch String(decoding: reader.word(), as: UTF8.self) {
        case "TCP": transport = .tcp
        case "UDP": transport = .udp
        case let other: throw LineError("Probe transport must be TCP or UDP, not '\(other)'")
        }
        let name = String(decoding: reader.word(), as: UTF8.self)
        guard !name.isEmpty else { throw LineError("Probe without a name") }
        reader.skipSpaces()
        guard reader.take("q"), let raw = reader.delimited() else { throw LineError("Probe needs a probe string q|…|") }
        let payload: [UInt8]
        do { payload = try decodeProbeString(raw) } catch {
            throw LineError(error == .badHexEscape ? "bad \\x escape in the probe string" : "probe string ends in a backslash")
        }
        var probe = ServiceProbe(transport: transport, name: name, payload: payload, line: line)
        while case let option = reader.word(), !option.isEmpty {
            guard option.elementsEqual("no-payload".utf8) else {
                throw LineError("unknown Probe option '\(String(decoding: option, as: UTF8.self))'")
            }
            probe.noPayload = true
        }
        return probe
    }

    private func parseMatch(_ reader: inout ProbeLineReader, soft: Bool, line: Int) throws(LineError) -> MatchRule {
        let service = String(decoding: reader.word(), as: UTF8.self)
        guard !service.isEmpty else { throw LineError("match without a service name") }
        reader.skipSpaces()
        guard reader.take("m"), let pattern = reader.delimited() else { throw LineError("match needs a pattern m/…/") }
        var flags = RegexFlags()
        for letter in reader.suffixLetters() {
            switch letter {
            case UInt8(ascii: "i"): flags.insert(.caseless)
            case UInt8(ascii: "s"): flags.insert(.dotAll)
            default: throw LineError("unknown pattern flag '\(Character(Unicode.Scalar(letter)))'")
            }
        }
        let templates = try parseVersionInfo(&reader)
        return MatchRule(service: service, pattern: Array(pattern), flags: flags, isSoft: soft, templates: templates, line: line)
    }

    private func parseVersionInfo(_ reader: inout ProbeLineReader) throws(LineError) -> VersionTemplates {
        var t = VersionTemplates()
        while true {
            reader.skipSpaces()
            if reader.atEnd { return t }
            if reader.take("cpe:") {
                guard let field = reader.delimited() else { throw LineError("unterminated cpe:/…/") }
                let flags = reader.suffixLetters()
                guard flags.allSatisfy({ $0 == UInt8(ascii: "a") }) else { throw LineError("unknown cpe flag") }
                t.cpe.append(String(decoding: field, as: UTF8.self))
                continue
            }
            guard let key = reader.next() else { return t }
            guard let field = reader.delimited() else {
                throw LineError("unterminated or unknown version field starting '\(Character(Unicode.Scalar(key)))'")
            }
            let value = String(decoding: field, as: UTF8.self)
            switch key {
            case UInt8(ascii: "p"): t.product = value
            case UInt8(ascii: "v"): t.version = value
            case UInt8(ascii: "i"): t.info = value
            case UInt8(ascii: "h"): t.hostname = value
            case UInt8(ascii: "o"): t.os = value
            case UInt8(ascii: "d"): t.deviceType = value
            default: throw LineError("unknown version field '\(Character(Unicode.Scalar(key)))'")
            }
            guard reader.atEnd || [0x20, 0x09].contains(reader.bytes[reader.position]) else {
                throw LineError("version field not followed by a space")
            }
        }
    }
}
