// Kerberos 5 (RFC 4120 §5.4.1, §7.2.2): over TCP each message follows a 4-byte
// big-endian length (none over UDP). AS-REQ is [APPLICATION 10] (0x6a), AS-REP 11,
// TGS-REQ 12, TGS-REP 13, KRB-ERROR 30 (0x7e); inside, a SEQUENCE whose [1] is pvno 5.
// A request's body ([4] req-body) holds the realm as its [2].

public struct KerberosDetector: ProtocolDetector {
    public let about = DetectorAbout("kerberos", [.tcp, .udp], ports: [88, 464])

    public init() {}

    static let kinds: [UInt8: String] = [0x6a: "as-req", 0x6b: "as-rep", 0x6c: "tgs-req", 0x6d: "tgs-rep", 0x7e: "krb-error"]

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        var start = 0
        if input.transport == .tcp {
            guard let length = input.cursor.u32(at: 0), Int(length) == p.count - 4 else { return nil }
            start = 4
        }
        guard let app = BER.element(p, at: start), app.end == p.count, let kind = Self.kinds[app.tag],
              let body = BER.element(p, at: app.content.lowerBound, limit: app.end), body.tag == 0x30 else { return nil }
        let parts = BER.children(p, of: body)
        // KRB-ERROR puts pvno at [0]; the others at [1].
        let pvnoTag: UInt8 = app.tag == 0x7e ? 0xa0 : 0xa1
        guard let pvno = parts.first(where: { $0.tag == pvnoTag }), let inner = BER.element(p, at: pvno.content.lowerBound, limit: pvno.end),
              BER.integer(p, inner) == 5 else { return nil }
        var fields = [DetectionField("message", kind)]
        if let realm = Self.realm(p, parts, message: app.tag) { fields.append(DetectionField("realm", realm)) }
        return verdict(.strong, fields: fields)
    }

    /// The realm: a request's req-body [4] → realm [2]; a reply's crealm [3]; an error's realm [9].
    static func realm(_ p: UnsafeRawBufferPointer, _ parts: [BERElement], message: UInt8) -> String? {
        var candidates = parts
        var tag: UInt8 = message == 0x7e ? 0xa9 : 0xa3
        if message == 0x6a || message == 0x6c {
            guard let reqBody = parts.first(where: { $0.tag == 0xa4 }), let seq = BER.element(p, at: reqBody.content.lowerBound, limit: reqBody.end),
                  seq.tag == 0x30 else { return nil }
            candidates = BER.children(p, of: seq)
            tag = 0xa2
        }
        guard let field = candidates.first(where: { $0.tag == tag }), let s = BER.element(p, at: field.content.lowerBound, limit: field.end),
              s.tag == 0x1b else { return nil }
        return DetectorBytes.text(p, s.content, max: 256)
    }
}
