import KPWire

/// The scanner's ClientHello: offering only TLS 1.2 makes the server send its
/// Certificate in the clear, which KPWire's TLS/X509 decoders read.
public enum TLSHello {
    /// Cipher suites OpenSSL servers accept with ECDSA or RSA keys.
    static let suites: [UInt16] = [0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc009, 0xc013, 0x009c, 0x002f]

    /// With SNI for `serverName` unless it is missing or an address (RFC 6066 forbids those).
    public static func clientHello(serverName: String?, random: [UInt8] = Array(repeating: 0x4b, count: 32)) -> [UInt8] {
        var ext: [UInt8] = []
        if let n = serverName, IPAddress(ipv4: n) == nil { ClientHelloBuilder.appendServerName(&ext, Array(n.utf8)) }
        ClientHelloBuilder.appendSupportedGroups(&ext, [0x001d, 0x0017, 0x0018])
        ClientHelloBuilder.appendExtension(&ext, type: 11, body: [1, 0])                    // ec_point_formats
        ClientHelloBuilder.appendSignatureAlgorithms(&ext, [0x0403, 0x0503, 0x0804, 0x0805, 0x0401, 0x0501, 0x0201])
        ClientHelloBuilder.appendExtension(&ext, type: 0xff01, body: [0])                   // renegotiation_info
        var out: [UInt8] = []
        ClientHelloBuilder.hello(&out, random: random, sessionID: [], suites: suites, extensions: ext)
        return out
    }
}
