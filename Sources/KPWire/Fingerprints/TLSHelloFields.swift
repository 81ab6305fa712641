// The ClientHello and ServerHello fields that JA4 and JA4S read (RFC 8446 §4.1.2,
// §4.1.3; RFC 5246 §7.4.1), from one handshake message as TLS records or QUIC CRYPTO
// frames carry it:
//   msg_type(1) length(3) legacy_version(2) random(32) session_id<0..32>
//   ClientHello: cipher_suites<2..2^16-2> compression_methods<1..2^8-1>
//   ServerHello: cipher_suite(2) compression_method(1)
//   extensions<0..2^16-1>: type(2) length(2) data — may be absent in TLS 1.2.
// Extensions read: supported_versions (43, RFC 8446 §4.2.1), ALPN (16, RFC 7301 §3.1),
// signature_algorithms (13, RFC 8446 §4.2.3). Every length is checked against the
// bytes given and the length that encloses it; any overrun makes the whole hello nil.

/// The fields of one ClientHello or ServerHello that the JA4+ fingerprints use.
public struct TLSHelloFields: Sendable, Equatable {
    /// 1 for a ClientHello, 2 for a ServerHello.
    public var handshakeType: UInt8
    public var legacyVersion: UInt16
    /// As sent: the client's offer, or the one suite the server chose.
    public var cipherSuites: [UInt16]
    /// Extension types in the order sent, GREASE included.
    public var extensions: [UInt16]
    /// supported_versions: the client's list, or the server's one selected version.
    public var supportedVersions: [UInt16]
    /// The first protocol name of the ALPN extension; nil without one, empty when the
    /// first name is empty.
    public var firstALPN: [UInt8]?
    /// signature_algorithms in the order sent.
    public var signatureAlgorithms: [UInt16]

    static let clientHello: UInt8 = 1, serverHello: UInt8 = 2
    static let serverName: UInt16 = 0x0000, alpn: UInt16 = 0x0010
    static let signatureAlgorithmsType: UInt16 = 0x000d, supportedVersionsType: UInt16 = 0x002b

    /// Parses a ClientHello or ServerHello handshake message (from its msg_type byte);
    /// nil when it is another message, truncated, or its lengths disagree.
    public init?(handshake bytes: UnsafeRawBufferPointer) {
        var c = ByteCursor(bytes)
        guard let type = c.readU8(), type == Self.clientHello || type == Self.serverHello,
              let b1 = c.readU8(), let b2 = c.readU16() else { return nil }
        let bodyLength = Int(b1) << 16 | Int(b2)
        guard let body = c.readSlice(bodyLength) else { return nil }
        self.init(type: type, body: ByteCursor(body))
    }

    /// Parses a handshake message held in an array (tests, builders).
    public init?(handshake bytes: [UInt8]) {
        guard let fields = bytes.withUnsafeBytes({ TLSHelloFields(handshake: $0) }) else { return nil }
        self = fields
    }

    private init?(type: UInt8, body: ByteCursor) {
        var c = body
        guard let version = c.readU16(), c.skip(32),
              let sessionLength = c.readU8(), sessionLength <= 32, c.skip(Int(sessionLength)) else { return nil }
        handshakeType = type
        legacyVersion = version
        cipherSuites = []
        extensions = []
        supportedVersions = []
        signatureAlgorithms = []
        if type == Self.clientHello {
            guard let suitesLength = c.readU16(), suitesLength % 2 == 0,
                  let suites = c.readSlice(Int(suitesLength)),
                  let compressionLength = c.readU8(), c.skip(Int(compressionLength)) else { return nil }
            cipherSuites = Self.u16List(suites)
        } else {
            guard let suite = c.readU16(), c.skip(1) else { return nil }
            cipherSuites = [suite]
        }
        guard c.remaining > 0 else { return }
        guard let extensionsLength = c.readU16(), let block = c.readSlice(Int(extensionsLength)) else { return nil }
        var e = ByteCursor(block)
        while e.remaining > 0 {
            guard let extType = e.readU16(), let length = e.readU16(),
                  let data = e.readSlice(Int(length)) else { return nil }
            extensions.append(extType)
            guard read(extension: extType, data: data, client: type == Self.clientHello) else { return nil }
        }
    }

    /// Reads the extensions JA4 looks into; false when one is malformed.
    private mutating func read(extension type: UInt16, data: UnsafeRawBufferPointer, client: Bool) -> Bool {
        var d = ByteCursor(data)
        switch type {
        case Self.supportedVersionsType:
            if !client {
                guard let v = d.readU16() else { return false }
                supportedVersions = [v]
                return true
            }
            guard let n = d.readU8(), n % 2 == 0, let list = d.readSlice(Int(n)) else { return false }
            supportedVersions = Self.u16List(list)
        case Self.signatureAlgorithmsType:
            guard let n = d.readU16(), n % 2 == 0, let list = d.readSlice(Int(n)) else { return false }
            signatureAlgorithms = Self.u16List(list)
        case Self.alpn:
            guard let n = d.readU16(), let list = d.readSlice(Int(n)) else { return false }
            var l = ByteCursor(list)
            guard l.remaining > 0 else { firstALPN = []; return true }
            guard let nameLength = l.readU8(), let name = l.readSlice(Int(nameLength)) else { return false }
            firstALPN = Array(name)
        default:
            break
        }
        return true
    }

    private static func u16List(_ bytes: UnsafeRawBufferPointer) -> [UInt16] {
        var c = ByteCursor(bytes), out: [UInt16] = []
        out.reserveCapacity(bytes.count / 2)
        while let v = c.readU16() { out.append(v) }
        return out
    }
}
