import KPWire

/// The client and server fingerprints of KPWire/Fingerprints on untrusted bytes, seeded
/// (`FuzzTargets.seeds`) with the captures' handshakes, requests and SSH streams.
enum WireFingerprintFuzzTargets {
    static let all: [String: (UnsafeRawBufferPointer) -> Void] = ["fingerprints": fingerprints]

    /// One input through every fingerprint reader: as a handshake message and as a TLS
    /// record (its 5-byte header dropped), as an HTTP request head, as the start of an
    /// SSH stream and as a User-Agent.
    static func fingerprints(_ bytes: UnsafeRawBufferPointer) {
        for message in [bytes, UnsafeRawBufferPointer(rebasing: bytes.dropFirst(5))] {
            _ = JA4(clientHello: message, transport: .tcp)
            _ = JA4S(serverHello: message, transport: .quic)
        }
        _ = JA4H(requestHead: bytes)
        _ = SSHKexInit(stream: bytes)?.hassh
        _ = UserAgentInfo(userAgent: String(decoding: bytes, as: UTF8.self))
    }
}
