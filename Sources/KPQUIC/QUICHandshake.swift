// What kpcensus learns from the Initial packets of one QUIC connection: the version,
// and from the TLS 1.3 ClientHello and ServerHello they carry (RFC 9001 §4), the
// server name, the ALPN offer and the JA4/JA4S fingerprints with transport `q`.
import KPWire

/// The handshake fields of one QUIC connection's Initial packets.
public struct QUICHandshake: Sendable, Equatable {
    /// The version of the first long-header packet seen, known or not.
    public var version: QUICVersion?
    /// The ClientHello's server_name, as sent.
    public var serverName: String?
    /// The ClientHello's ALPN protocol names, in the order offered (e.g. `h3`).
    public var alpn: [String] = []
    /// The client's JA4 fingerprint (`q13d…`).
    public var ja4: JA4?
    /// The server's JA4S fingerprint, from its Initial's ServerHello.
    public var ja4s: JA4S?

    public init() {}

    /// Reads a whole ClientHello handshake message; false when it is not one.
    mutating func read(clientHello message: [UInt8]) -> Bool {
        guard let fields = TLSHelloFields(handshake: message), let fingerprint = JA4(clientHello: fields, transport: .quic) else { return false }
        ja4 = fingerprint
        // TLSDecoder reads the server name and ALPN list from TLS records; CRYPTO
        // frames carry the bare handshake message, so it gets records around it.
        let tls = Self.asRecords(message).withUnsafeBytes { TLSDecoder.parse($0) }
        serverName = tls.clientHello?.serverName
        alpn = tls.clientHello?.alpn ?? []
        return true
    }

    /// Reads a whole ServerHello handshake message; false when it is not one.
    mutating func read(serverHello message: [UInt8]) -> Bool {
        guard let fields = TLSHelloFields(handshake: message), let fingerprint = JA4S(serverHello: fields, transport: .quic) else { return false }
        ja4s = fingerprint
        return true
    }

    /// Handshake records (type 22, version 3.1) of at most 2^14 bytes each (RFC 8446 §5.1).
    static func asRecords(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + 5 * (message.count / 16_384 + 1))
        var start = 0
        repeat {
            let end = min(start + 16_384, message.count)
            out += [22, 3, 1, UInt8((end - start) >> 8), UInt8((end - start) & 0xff)]
            out += message[start ..< end]
            start = end
        } while start < message.count
        return out
    }
}
