// rsync daemon protocol (rsyncd.conf(5), rsync's clientserver.c): both sides open
// with "@RSYNCD: <version>[.<sub>]\n".

public struct RsyncDetector: ProtocolDetector {
    public let about = DetectorAbout("rsync", [.tcp], ports: [873])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        guard input.index == 0, DetectorBytes.has(p, "@RSYNCD: ", at: 0), let line = TextLines(p, maxLine: 64).first(where: { _ in true }),
              line.count > 9, let version = DetectorBytes.text(line, 9 ..< line.count, max: 16),
              version.allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
        return verdict(.strong, fields: [DetectionField("version", version)])
    }
}
