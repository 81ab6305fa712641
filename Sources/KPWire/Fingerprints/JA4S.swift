// JA4S, the TLS server fingerprint of FoxIO's JA4+ (technical_details/JA4S.md), from a
// ServerHello:
//   a = transport(t|q|d) version(2) extensions(2) alpn(2)
//   b = the chosen cipher suite, 4 hex digits
//   c = hash12(extensions in the order sent)
// In TLS 1.3 the server's ALPN travels encrypted, so its `alpn` is "00" as JA4S
// computes it from the ServerHello alone.

/// A JA4S server fingerprint, with its unhashed form (JA4S_r).
public struct JA4S: Sendable, Equatable, CustomStringConvertible {
    /// The `a` part, e.g. `t120400`.
    public var prefix: String
    /// The chosen cipher suite in hex.
    public var cipher: String
    /// The extensions in the order sent, that `c` hashes.
    public var extensionList: String

    /// `a_b_c`, e.g. `t120400_c030_4e8089b08790`.
    public var fingerprint: String { "\(prefix)_\(cipher)_\(JA4Parts.hash12OrZeros(extensionList))" }

    /// JA4S_r: the extension list unhashed.
    public var raw: String { "\(prefix)_\(cipher)_\(extensionList)" }

    public var description: String { fingerprint }

    /// The fingerprint of a ServerHello; nil for a ClientHello.
    public init?(serverHello hello: TLSHelloFields, transport: JA4Transport) {
        guard hello.handshakeType == TLSHelloFields.serverHello, let suite = hello.cipherSuites.first else { return nil }
        let extensions = hello.extensions.filter { !JA4Parts.isGREASE($0) }
        prefix = transport.rawValue + JA4Parts.version(hello) + JA4Parts.count(extensions.count) + JA4Parts.alpn(hello.firstALPN)
        cipher = JA4Parts.hex(suite)
        extensionList = JA4Parts.hexList(extensions)
    }

    /// The fingerprint of a ServerHello handshake message (from its msg_type byte);
    /// nil when the bytes are not a whole, well-formed ServerHello.
    public init?(serverHello bytes: UnsafeRawBufferPointer, transport: JA4Transport) {
        guard let hello = TLSHelloFields(handshake: bytes) else { return nil }
        self.init(serverHello: hello, transport: transport)
    }
}
