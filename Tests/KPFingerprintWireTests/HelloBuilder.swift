/// Hand-written ClientHello / ServerHello handshake messages for the edge cases the
/// real captures do not hold (GREASE, empty ALPN, the specification's own examples).
struct HelloBuilder {
    var type: UInt8 = 1
    var legacyVersion: UInt16 = 0x0303
    var cipherSuites: [UInt16] = [0x1301]
    var extensions: [(type: UInt16, data: [UInt8])] = []

    static func u16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xff)] }
    static func u16s(_ vs: [UInt16]) -> [UInt8] { vs.flatMap(u16) }

    static func serverName(_ name: String) -> (UInt16, [UInt8]) {
        let n = Array(name.utf8)
        return (0x0000, u16(UInt16(n.count + 3)) + [0] + u16(UInt16(n.count)) + n)
    }

    static func alpn(_ names: [[UInt8]]) -> (UInt16, [UInt8]) {
        let list = names.flatMap { [UInt8($0.count)] + $0 }
        return (0x0010, u16(UInt16(list.count)) + list)
    }

    static func supportedVersions(_ vs: [UInt16]) -> (UInt16, [UInt8]) { (0x002b, [UInt8(vs.count * 2)] + u16s(vs)) }
    static func signatureAlgorithms(_ vs: [UInt16]) -> (UInt16, [UInt8]) { (0x000d, u16(UInt16(vs.count * 2)) + u16s(vs)) }
    static func empty(_ type: UInt16) -> (UInt16, [UInt8]) { (type, []) }

    var bytes: [UInt8] {
        var body = Self.u16(legacyVersion) + [UInt8](repeating: 0x11, count: 32) + [0]
        if type == 1 {
            body += Self.u16(UInt16(cipherSuites.count * 2)) + Self.u16s(cipherSuites) + [1, 0]
        } else {
            body += Self.u16(cipherSuites[0]) + [0]
        }
        let ext = extensions.flatMap { Self.u16($0.type) + Self.u16(UInt16($0.data.count)) + $0.data }
        body += Self.u16(UInt16(ext.count)) + ext
        return [type, 0, UInt8(body.count >> 8), UInt8(body.count & 0xff)] + body
    }
}
