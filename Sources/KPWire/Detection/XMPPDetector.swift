// XMPP (RFC 6120 §4.7): each side opens a stream with
// <stream:stream xmlns:stream='http://etherx.jabber.org/streams' to='domain' …>,
// optionally after an XML declaration. The client's `to` names the server's domain,
// the server's `from` its own.

public struct XMPPDetector: ProtocolDetector {
    public let about = DetectorAbout("xmpp", [.tcp], ports: [5222, 5269])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        var start = 0
        if DetectorBytes.has(p, "<?xml", at: 0) {
            guard let close = DetectorBytes.find("?>", in: p) else { return nil }
            start = close + 2
            while start < p.count && (p[start] == 0x20 || p[start] == 0x0a || p[start] == 0x0d) { start += 1 }
        }
        guard DetectorBytes.has(p, "<stream:stream", at: start) else { return nil }
        let to = Self.attribute("to", in: p, from: start)
        let from = Self.attribute("from", in: p, from: start)
        var fields: [DetectionField] = []
        if let to { fields.append(DetectionField("to", to)) }
        if let from { fields.append(DetectionField("from", from)) }
        return verdict(.strong, names: from.map { [$0] } ?? [], peerNames: to.map { [$0] } ?? [], fields: fields)
    }

    /// The value of ` name='…'` or ` name="…"` in the opening tag (up to its `>`).
    static func attribute(_ name: StaticString, in p: UnsafeRawBufferPointer, from: Int) -> String? {
        let tagEnd = (from ..< p.count).first { p[$0] == 0x3e } ?? p.count
        var i = from
        let n = name.utf8CodeUnitCount
        while i + n + 3 < tagEnd {
            if p[i] == 0x20 && DetectorBytes.has(p, name, at: i + 1) && p[i + n + 1] == 0x3d,
               p[i + n + 2] == 0x27 || p[i + n + 2] == 0x22 {
                let quote = p[i + n + 2]
                let start = i + n + 3
                guard let end = (start ..< tagEnd).first(where: { p[$0] == quote }) else { return nil }
                return DetectorBytes.text(p, start ..< end)
            }
            i += 1
        }
        return nil
    }
}
