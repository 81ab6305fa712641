/// A TLS 1.2 ClientHello built by hand: offering only TLS 1.2 makes the server
/// send its Certificate in the clear, which KPWire's TLS/X509 decoders read.
public enum TLSHello {
    /// Cipher suites OpenSSL servers accept with ECDSA or RSA keys.
    static let suites: [UInt16] = [0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc009, 0xc013, 0x009c, 0x002f]

    public static func clientHello(serverName: String?, random: [UInt8] = Array(repeating: 0x4b, count: 32)) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }
        func ext(_ type: Int, _ body: [UInt8]) -> [UInt8] { u16(type) + u16(body.count) + body }
        var exts: [UInt8] = []
        if let n = serverName, IPv4Text.parse(n) == nil {
            let name = Array(n.utf8)
            exts += ext(0, u16(name.count + 3) + [0] + u16(name.count) + name)
        }
        exts += ext(10, u16(6) + u16(0x001d) + u16(0x0017) + u16(0x0018))          // supported_groups
        exts += ext(11, [1, 0])                                                     // ec_point_formats
        let sigs = [0x0403, 0x0503, 0x0804, 0x0805, 0x0401, 0x0501, 0x0201]
        exts += ext(13, u16(sigs.count * 2) + sigs.flatMap(u16))                   // signature_algorithms
        exts += ext(0xff01, [0])                                                    // renegotiation_info
        var body: [UInt8] = [3, 3] + random + [0]
        body += u16(suites.count * 2) + suites.flatMap { u16(Int($0)) }
        body += [1, 0] + u16(exts.count) + exts
        let hs: [UInt8] = [1, UInt8(body.count >> 16), UInt8(body.count >> 8 & 0xff), UInt8(body.count & 0xff)] + body
        return [22, 3, 1] + u16(hs.count) + hs
    }
}
