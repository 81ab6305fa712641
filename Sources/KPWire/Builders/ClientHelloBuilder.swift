/// TLS ClientHello messages (RFC 8446 4.1.2, RFC 5246 7.4.1.2) in a handshake
/// record: the scanner's TLS 1.2 hello and the simulator's TLS 1.3 hellos.
/// Extensions are appended to a byte array with the helpers below, in the order wanted.
public enum ClientHelloBuilder {
    /// Fills `out` (emptied first) with the record: legacy version TLS 1.2, `random`
    /// (32 bytes), `sessionID`, `suites`, null compression, then `extensions`.
    public static func hello(_ out: inout [UInt8], random: [UInt8], sessionID: [UInt8], suites: [UInt16], extensions: [UInt8]) {
        out.removeAll(keepingCapacity: true)
        let body = 2 + random.count + 1 + sessionID.count + 2 + 2 * suites.count + 2 + 2 + extensions.count
        out.append(22); append16(&out, 0x0301); append16(&out, body + 4)
        out.append(1); out.append(UInt8(truncatingIfNeeded: body >> 16)); append16(&out, body)
        append16(&out, 0x0303)
        out.append(contentsOf: random)
        out.append(UInt8(sessionID.count)); out.append(contentsOf: sessionID)
        append16(&out, 2 * suites.count)
        for s in suites { append16(&out, Int(s)) }
        out.append(1); out.append(0)
        append16(&out, extensions.count); out.append(contentsOf: extensions)
    }

    /// An extension of `type` with `body`.
    public static func appendExtension(_ ext: inout [UInt8], type: UInt16, body: [UInt8]) {
        append16(&ext, Int(type)); append16(&ext, body.count); ext.append(contentsOf: body)
    }

    /// server_name (0, RFC 6066): one host_name.
    public static func appendServerName(_ ext: inout [UInt8], _ name: [UInt8]) {
        append16(&ext, 0); append16(&ext, name.count + 5); append16(&ext, name.count + 3); ext.append(0)
        append16(&ext, name.count); ext.append(contentsOf: name)
    }

    /// supported_groups (10, RFC 8446 4.2.7).
    public static func appendSupportedGroups(_ ext: inout [UInt8], _ groups: [UInt16]) {
        appendExtension(&ext, type: 10, body: list16(groups))
    }

    /// signature_algorithms (13, RFC 8446 4.2.3).
    public static func appendSignatureAlgorithms(_ ext: inout [UInt8], _ schemes: [UInt16]) {
        appendExtension(&ext, type: 13, body: list16(schemes))
    }

    /// application_layer_protocol_negotiation (16, RFC 7301).
    public static func appendALPN(_ ext: inout [UInt8], _ protocols: [String]) {
        var list: [UInt8] = []
        for p in protocols { list.append(UInt8(p.utf8.count)); list.append(contentsOf: p.utf8) }
        var body: [UInt8] = []
        append16(&body, list.count); body.append(contentsOf: list)
        appendExtension(&ext, type: 16, body: body)
    }

    /// supported_versions (43, RFC 8446 4.2.1).
    public static func appendSupportedVersions(_ ext: inout [UInt8], _ versions: [UInt16]) {
        var body: [UInt8] = [UInt8(2 * versions.count)]
        for v in versions { append16(&body, Int(v)) }
        appendExtension(&ext, type: 43, body: body)
    }

    static func list16(_ values: [UInt16]) -> [UInt8] {
        var body: [UInt8] = []
        append16(&body, 2 * values.count)
        for v in values { append16(&body, Int(v)) }
        return body
    }

    static func append16(_ a: inout [UInt8], _ v: Int) {
        a.append(UInt8(truncatingIfNeeded: v >> 8)); a.append(UInt8(truncatingIfNeeded: v))
    }
}
