// TFTP (RFC 1350 §5, RFC 2347 options): a read (1) or write (2) request is the opcode,
// "filename\0mode\0" with mode netascii, octet or mail, then option pairs
// "name\0value\0" to the end. Replies come from a new port: an option acknowledgement
// (6) with known options, an error (5: code 0-8, a message and a NUL to the end), the
// first data block (3, block 1, at most 512 bytes unless a block size was agreed).

public struct TFTPDetector: ProtocolDetector {
    public let about = DetectorAbout("tftp", [.udp], ports: [69])

    public init() {}

    static let options: Set<String> = ["blksize", "tsize", "timeout", "windowsize", "multicast"]

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        let c = input.cursor
        guard c.u8(at: 0) == 0, let opcode = c.u8(at: 1) else { return nil }
        switch opcode {
        case 1, 2:
            guard input.mayBeClient, let (file, afterFile) = DetectorBytes.cString(p, at: 2), !file.isEmpty,
                  let (mode, afterMode) = DetectorBytes.cString(p, at: afterFile, max: 16),
                  ["netascii", "octet", "mail"].contains(mode.lowercased()), let options = Self.options(p, from: afterMode) else { return nil }
            var fields = [DetectionField("filename", file), DetectionField("mode", mode.lowercased()),
                          DetectionField("request", opcode == 1 ? "read" : "write")]
            fields += options.map { DetectionField("option", $0) }
            return verdict(.strong, fields: fields)
        case 6:
            guard input.mayBeServer, let options = Self.options(p, from: 2), !options.isEmpty, options.allSatisfy(Self.options.contains) else { return nil }
            return verdict(.strong, fields: options.map { DetectionField("option", $0) })
        case 5:
            guard input.mayBeServer, let code = c.u16(at: 2), code <= 8, let (_, end) = DetectorBytes.cString(p, at: 4), end == p.count else { return nil }
            return verdict(.weak)
        case 3:
            return input.mayBeServer && input.index == 0 && c.u16(at: 2) == 1 && p.count <= 4 + 65464 ? verdict(.weak) : nil
        default:
            return nil
        }
    }

    /// The names of the option pairs from `pos` to the end, lowercased; nil unless they end exactly.
    static func options(_ p: UnsafeRawBufferPointer, from pos: Int) -> [String]? {
        var out: [String] = []
        var pos = pos
        while pos < p.count {
            guard out.count < 16, let (name, afterName) = DetectorBytes.cString(p, at: pos, max: 32), !name.isEmpty,
                  let (_, afterValue) = DetectorBytes.cString(p, at: afterName, max: 64) else { return nil }
            out.append(name.lowercased())
            pos = afterValue
        }
        return out
    }
}
