// Memcached text protocol (memcached's protocol.txt): commands "get k", "gets k",
// "set k flags exptime bytes", "version", "stats"; the server answers "VERSION x.y.z",
// "STAT name value", "VALUE k flags bytes", "STORED", "END".

public struct MemcachedDetector: ProtocolDetector {
    public let about = DetectorAbout("memcached", [.tcp], ports: [11211])

    public init() {}

    static let storage: [StaticString] = ["set ", "add ", "replace ", "append ", "prepend ", "cas "]

    public func inspect(_ input: DetectionInput) -> Detection? {
        var lines = TextLines(input.payload, maxLine: 512)
        guard let line = lines.next() else { return nil }
        if input.mayBeServer {
            if DetectorBytes.has(line, "VERSION ", at: 0), line.count > 8, line[8] >= 0x30, line[8] <= 0x39,
               let version = DetectorBytes.text(line, 8 ..< line.count) {
                return verdict(.strong, software: "memcached \(version)")
            }
            if DetectorBytes.has(line, "STAT pid ", at: 0) { return verdict(.strong) }
            if DetectorBytes.has(line, "VALUE ", at: 0) && SpaceSeparated(line).count >= 4 { return verdict(.weak) }
        }
        guard input.mayBeClient else { return nil }
        if line.count == 7 && DetectorBytes.has(line, "version", at: 0) { return verdict(.weak) }
        if line.count == 5 && DetectorBytes.has(line, "stats", at: 0) { return verdict(.weak) }
        if DetectorBytes.has(line, "get ", at: 0) || DetectorBytes.has(line, "gets ", at: 0) {
            return DetectorBytes.isPrintable(line) ? verdict(.weak) : nil
        }
        // set k flags exptime bytes: the last three words are numbers and the data follows.
        if Self.storage.contains(where: { DetectorBytes.has(line, $0, at: 0) }) {
            let words = SpaceSeparated(line)
            guard words.count >= 4 else { return nil }
            let flags = words.fields.2
            return !flags.isEmpty && flags.allSatisfy({ line[$0] >= 0x30 && line[$0] <= 0x39 }) ? verdict(.weak) : nil
        }
        return nil
    }
}
