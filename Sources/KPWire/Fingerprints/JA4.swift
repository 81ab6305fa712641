// JA4, the TLS client fingerprint of FoxIO's JA4+ (technical_details/JA4.md), from a
// ClientHello over TCP, QUIC or DTLS:
//   a = transport(t|q|d) version(2) sni(d|i) ciphers(2) extensions(2) alpn(2)
//   b = hash12(cipher suites, sorted)
//   c = hash12(extensions sorted, without SNI 0000 and ALPN 0010, "_" signature
//       algorithms in the order sent)
// GREASE is left out of every count and list; an empty b or c list is twelve zeros.

/// A JA4 client fingerprint, with its unhashed form (JA4_r) for reading.
public struct JA4: Sendable, Equatable, CustomStringConvertible {
    /// The `a` part, e.g. `t13d1516h2`.
    public var prefix: String
    /// The sorted cipher list that `b` hashes.
    public var cipherList: String
    /// The sorted extensions, and `_` with the signature algorithms, that `c` hashes.
    public var extensionList: String

    /// `a_b_c`, e.g. `t13d1516h2_8daaf6152771_e5627efa2ab1`.
    public var fingerprint: String {
        "\(prefix)_\(JA4Parts.hash12OrZeros(cipherList))_\(JA4Parts.hash12OrZeros(extensionList))"
    }

    /// JA4_r: `a`, the cipher list and the extension list, unhashed.
    public var raw: String { "\(prefix)_\(cipherList)_\(extensionList)" }

    public var description: String { fingerprint }

    /// The fingerprint of a ClientHello; nil for a ServerHello.
    public init?(clientHello hello: TLSHelloFields, transport: JA4Transport) {
        guard hello.handshakeType == TLSHelloFields.clientHello else { return nil }
        let ciphers = hello.cipherSuites.filter { !JA4Parts.isGREASE($0) }
        let extensions = hello.extensions.filter { !JA4Parts.isGREASE($0) }
        let sni = extensions.contains(TLSHelloFields.serverName) ? "d" : "i"
        prefix = transport.rawValue + JA4Parts.version(hello) + sni
            + JA4Parts.count(ciphers.count) + JA4Parts.count(extensions.count) + JA4Parts.alpn(hello.firstALPN)
        cipherList = JA4Parts.hexList(ciphers.sorted())
        let hashed = extensions.filter { $0 != TLSHelloFields.serverName && $0 != TLSHelloFields.alpn }.sorted()
        // Signature algorithms come from an extension in `hashed`, so with no extensions
        // left the list is empty and `c` is zeros, as the specification asks.
        let algorithms = hello.signatureAlgorithms.filter { !JA4Parts.isGREASE($0) }
        extensionList = JA4Parts.hexList(hashed) + (algorithms.isEmpty ? "" : "_" + JA4Parts.hexList(algorithms))
    }

    /// The fingerprint of a ClientHello handshake message (from its msg_type byte);
    /// nil when the bytes are not a whole, well-formed ClientHello.
    public init?(clientHello bytes: UnsafeRawBufferPointer, transport: JA4Transport) {
        guard let hello = TLSHelloFields(handshake: bytes) else { return nil }
        self.init(clientHello: hello, transport: transport)
    }
}
