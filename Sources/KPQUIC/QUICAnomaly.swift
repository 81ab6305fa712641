// Why a QUIC datagram gave no handshake fields. Stable codes, as KPWire's AnomalyCode
// has for the other decoders: the census counts them, the decoder never throws.

/// A stable code for a QUIC Initial packet that could not be read.
public enum QUICAnomaly: String, CaseIterable, Sendable, Codable, Error {
    /// The datagram ends before the header, the packet's Length, or the sample.
    case truncated = "quic_truncated"
    /// A header field is invalid: fixed bit clear, a connection ID over 20 bytes.
    case malformedHeader = "quic_malformed_header"
    /// A version whose initial salt kpcensus does not know.
    case unknownVersion = "quic_unknown_version"
    /// The AEAD tag did not verify: damaged bytes, or keys from another DCID.
    case decryptFailed = "quic_decrypt_failed"
    /// A frame that cannot be read, or one an Initial packet does not carry.
    case badFrame = "quic_bad_frame"
    /// CRYPTO data past the bound on one direction's handshake bytes.
    case cryptoOverflow = "quic_crypto_overflow"
    /// More Initial packets in one direction than the decoder reads.
    case tooManyPackets = "quic_too_many_packets"
    /// A server Initial before any client Initial gave the keys' DCID.
    case noClientInitial = "quic_no_client_initial"
    /// The reassembled handshake message is not a well-formed Client- or ServerHello.
    case badHello = "quic_bad_hello"
}
